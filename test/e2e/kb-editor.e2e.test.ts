/**
 * The knowledge-base editor in real Chromium (issue 16 items 1–3), on the fixture knowledge base, at 360×740
 * and at 1280×800: an editor finds an entry by typing without diacritics, adds a number no citation backs
 * and sees live validation flag it at the answer (and the buttons say why they wait), fixes it, asks the
 * preview how the bot would answer, saves the draft and sends it for review — the list then shows it
 * waiting for review. The "what changes on this date" view lists the fixture's two change days.
 * Screenshots in test-output/kb-editor/.
 */
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, outputPath } from '../helpers/browser.js';
import { addStaff, PASSWORD } from '../console/client.js';
import { startServer, type RunningServer } from '../helpers/setup.js';

const SIZES = [
  { name: '360', width: 360, height: 740 },
  { name: '1280', width: 1280, height: 800 },
] as const;

describe('the knowledge-base editor in Chromium: live validation, preview, save and submit', function () {
  this.timeout(180_000);
  let browser: Browser;
  let server: RunningServer;

  before(async function () {
    browser = await launchBrowser(this);
    server = await startServer({ day: '2026-11-26', kbFromStore: true });
    await addStaff(server, 'hoa', 'editor', 'Chị Hoa');
    await addStaff(server, 'nam', 'editor', 'Anh Nam');
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  async function signIn(page: Page, username: string) {
    await page.goto(`${server.url}/console`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-view').waitFor({ state: 'hidden' });
    await page.goto(`${server.url}/console/kb`);
    await page.getByTestId('kb-item').first().waitFor();
  }

  for (const [i, size] of SIZES.entries()) {
    // each size edits its own entry, so that the second run does not meet the first run's draft
    const target = i === 0 ? { search: 'luong toi thieu', id: 'luong-toi-thieu' } : { search: 'nghi phep nam', id: 'nghi-phep-nam' };
    const who = i === 0 ? 'hoa' : 'nam';

    it(`${size.width}×${size.height}: finds ${target.id}, sees a problem, fixes it, previews, saves and submits`, async () => {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await signIn(page, who);
      const shot = (step: string) => page.screenshot({ path: outputPath(`kb-editor/${size.name}-${step}.png`), fullPage: false });

      // the list: searching without diacritics finds the entry (fuse.js)
      await page.getByTestId('kb-search').fill(target.search);
      const first = page.getByTestId('kb-item').first();
      expect(await first.getAttribute('data-path')).to.contain(target.id);
      await shot('1-list');
      await first.click();

      // the form, checked as soon as it opens
      const answer = page.getByTestId('kb-field-answer');
      await answer.waitFor();
      const check = page.getByTestId('kb-check');
      await check.locator('p').first().waitFor();
      expect(await check.getAttribute('class')).to.contain('good');
      const original = await answer.inputValue();
      // opening changes nothing: nothing to save yet, and the page says so
      expect(await page.getByTestId('kb-save').isDisabled()).to.equal(true);
      expect(await page.getByTestId('kb-why-save').innerText()).to.contain('Chưa có thay đổi');

      // a number that no citation backs: flagged next to the answer within a moment of typing
      await answer.fill(`${original}\nMức phạt là 987654321 đồng.`);
      const flagged = page.getByTestId('kb-problem-answer');
      await flagged.waitFor({ state: 'visible', timeout: 15_000 });
      expect(await flagged.innerText()).to.match(/98.?765.?4321|987654321/);
      expect(await check.getAttribute('class')).to.contain('bad');
      // the buttons say why they wait: Gửi duyệt needs a saved draft
      expect(await page.getByTestId('kb-submit').isDisabled()).to.equal(true);
      expect(await page.getByTestId('kb-why-submit').innerText()).to.contain('Lưu nháp');
      await flagged.scrollIntoViewIfNeeded();
      await shot('2-problem');

      // fixed: the problem goes away
      await answer.fill(`${original}\nCông ty trả thấp hơn mức này là trái luật.`);
      await flagged.waitFor({ state: 'hidden', timeout: 15_000 });
      await page.waitForFunction(() => document.querySelector('[data-testid="kb-check"]')?.classList.contains('good'), undefined, { timeout: 15_000 });

      // preview: the bot's answer before and after the edit
      await page.getByTestId('kb-preview-question').fill(target.search);
      await page.getByTestId('kb-preview-run').click();
      const after = page.getByTestId('kb-preview-after');
      await after.waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('kb-preview-before').innerText()).to.contain('Kết quả');
      expect(await after.innerText()).to.contain('trái luật');
      await after.scrollIntoViewIfNeeded();
      await shot('3-preview');

      // save the draft, then send it for review
      await page.getByTestId('kb-save').click();
      await page.getByTestId('kb-state').filter({ hasText: 'Bản nháp đang sửa' }).waitFor();
      const submit = page.getByTestId('kb-submit');
      await page.waitForFunction(() => !(document.querySelector('[data-testid="kb-submit"]') as HTMLButtonElement | null)?.disabled, undefined, {
        timeout: 15_000,
      });
      await submit.click();
      await page.getByTestId('kb-state').filter({ hasText: 'chờ duyệt' }).waitFor();
      // an author cannot publish: no publish button for an editor, and saving waits for the review
      expect(await page.getByTestId('kb-publish').count()).to.equal(0);
      expect(await page.getByTestId('kb-save').isDisabled()).to.equal(true);
      await page.getByTestId('kb-actions').scrollIntoViewIfNeeded();
      await shot('4-submitted');

      // the history's diff: the draft against the published revision, each added line with a + sign, not colour only
      await page.getByTestId('kb-diff-show').click();
      const added = page.getByTestId('kb-diff-add');
      await added.first().waitFor();
      expect(await added.filter({ hasText: 'trái luật' }).locator('.kb-diff-sign').innerText()).to.equal('+');
      await added.first().scrollIntoViewIfNeeded();
      await shot('4b-diff');

      // back in the list: the entry waits for review, by this editor
      if (size.width < 960) await page.getByTestId('kb-back').click();
      await page.getByTestId('kb-search').fill('');
      await page.getByTestId('kb-filter-review').click();
      const waiting = page.getByTestId('kb-item').filter({ hasText: target.id });
      expect(await waiting.getByTestId('kb-draft-badge').innerText()).to.contain('Chờ duyệt');

      // what changes on this date: the fixture's two days, upcoming first
      await page.getByTestId('kb-tab-changes').click();
      const days = page.getByTestId('kb-change-day');
      await days.first().waitFor();
      expect(await days.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-day')))).to.deep.equal(['2026-07-01', '2026-01-01']);
      expect(await days.first().getByTestId('kb-change-figure').innerText()).to.contain('6 tháng → 7 tháng');
      await shot('5-changes');

      expect(problems).to.deep.equal([]);
      await context.close();
    });
  }
});
