/**
 * Issue 16's browser test, in real Chromium on a server that answers from the store (as production does):
 * an editor corrects an answer, a reviewer — another account, in another browser context — finds it in the
 * review queue, reads the diff and publishes it, and the web chat's next answer shows the change. Also: a
 * draft sent back with a note reaches its editor; rolling back from the history makes a draft; a figure's
 * dated row added through the figure form shows in "Thay đổi theo ngày" once published; a new entry
 * started from the page cannot be sent for review without a citation, and the button says so.
 * Screenshots at 360×740 and 1280×800 in test-output/kb-publish/.
 */
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, outputPath } from '../helpers/browser.js';
import { addStaff, PASSWORD } from '../console/client.js';
import { startServer, type RunningServer } from '../helpers/setup.js';

const SIZES = {
  phone: { name: '360', width: 360, height: 740 },
  desktop: { name: '1280', width: 1280, height: 800 },
} as const;
type Size = (typeof SIZES)[keyof typeof SIZES];

const OLD = 'hưởng nguyên lương';
const NEW = 'được trả nguyên lương';

describe('knowledge base in Chromium: an editor corrects, a reviewer publishes, the web chat answers anew', function () {
  this.timeout(300_000);
  let browser: Browser;
  let server: RunningServer;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  before(async function () {
    browser = await launchBrowser(this);
    server = await startServer({ day: '2026-11-26', kbFromStore: true });
    await addStaff(server, 'hoa', 'editor', 'Chị Hoa');
    await addStaff(server, 'phap', 'reviewer', 'Anh Pháp');
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  /** A fresh browser context at this size, signed in as `username`, on /console/kb. */
  async function consoleAs(username: string, size: Size): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
    await page.goto(`${server.url}/console`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-view').waitFor({ state: 'hidden' });
    await page.goto(`${server.url}/console/kb`);
    await page.getByTestId('kb-item').first().waitFor();
    return page;
  }
  const shot = (page: Page, size: Size, step: string) => page.screenshot({ path: outputPath(`kb-publish/${size.name}-${step}.png`), fullPage: false });

  /** Open the entry or figure whose path contains `id`, from the list (search without diacritics). */
  async function open(page: Page, search: string, id: string) {
    await page.getByTestId('kb-search').fill(search);
    const item = page.locator(`[data-testid="kb-item"][data-path*="${id}"]`).first();
    await item.click();
    await page.getByTestId('kb-editor-title').waitFor();
    await page.getByTestId('kb-check').locator('p').first().waitFor();
  }
  const enabled = (page: Page, testid: string) =>
    page.waitForFunction((id) => !(document.querySelector(`[data-testid="${id}"]`) as HTMLButtonElement | null)?.disabled, testid, { timeout: 20_000 });

  /** Save, then send for review, as the editor on `page`. */
  async function saveAndSubmit(page: Page) {
    await enabled(page, 'kb-save');
    await page.getByTestId('kb-save').click();
    await page.getByTestId('kb-state').filter({ hasText: 'Bản nháp đang sửa' }).waitFor();
    await enabled(page, 'kb-submit');
    await page.getByTestId('kb-submit').click();
    await page.getByTestId('kb-state').filter({ hasText: 'chờ duyệt' }).waitFor();
  }

  /** The reviewer finds `id` in the review queue and opens it. */
  async function openFromQueue(page: Page, id: string) {
    await page.getByTestId('kb-filter-review').click();
    const queued = page.locator(`[data-testid="kb-item"][data-path*="${id}"]`);
    await queued.waitFor();
    expect(await queued.getByTestId('kb-draft-badge').innerText()).to.contain('Chờ duyệt');
    await queued.click();
    await page.getByTestId('kb-editor-title').waitFor();
    await page.getByTestId('kb-check').locator('p').first().waitFor();
  }

  /** Ask the web chat (the page at /) and return the bot's reply that contains `expected`. */
  async function askWebChat(size: Size, question: string, expected: string, timeout = 30_000): Promise<string> {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, locale: 'vi-VN' });
    contexts.push(context);
    const deadline = Date.now() + timeout;
    // a publish reaches the answers within seconds: ask again (a fresh conversation) until it does
    for (;;) {
      const chat = await context.newPage();
      await chat.goto(`${server.url}/`);
      await chat.fill('#text', question);
      await chat.press('#text', 'Enter');
      const reply = chat.locator('#log li.bot').last();
      await reply.waitFor();
      await chat.waitForFunction(() => (document.querySelector('#log li.bot:last-child')?.textContent || '').length > 20);
      const text = await reply.innerText();
      if (text.includes(expected) || Date.now() > deadline) {
        await chat.screenshot({ path: outputPath(`kb-publish/${size.name}-web-chat.png`) });
        await chat.close();
        return text;
      }
      await chat.close();
      await context.clearCookies();
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  it('1280×800: an editor corrects nghi-phep-nam, a reviewer sees it in the queue, reads the diff and publishes; the web chat answers with the new wording', async () => {
    const size = SIZES.desktop;
    expect(await askWebChat(size, 'nghi phep nam bao nhieu ngay', OLD, 0)).to.contain(OLD);

    const editor = await consoleAs('hoa', size);
    await open(editor, 'nghi phep nam', 'nghi-phep-nam');
    const answer = editor.getByTestId('kb-field-answer');
    const original = await answer.inputValue();
    expect(original).to.contain(OLD);
    // the numbers stay those the citation backs (12 ngày, Điều 113): only the wording changes
    await answer.fill(original.replace(OLD, NEW));
    await editor.waitForFunction(() => document.querySelector('[data-testid="kb-check"]')?.classList.contains('good'), undefined, { timeout: 20_000 });
    await saveAndSubmit(editor);
    await shot(editor, size, '1-editor-submitted');

    const reviewer = await consoleAs('phap', size);
    // the review queue comes first for a reviewer
    expect(await reviewer.getByTestId('kb-item').first().getAttribute('data-path')).to.contain('nghi-phep-nam');
    await openFromQueue(reviewer, 'nghi-phep-nam');
    expect(await reviewer.getByTestId('kb-state').innerText()).to.contain('Chị Hoa');
    await reviewer.getByTestId('kb-diff-show').click();
    const added = reviewer.getByTestId('kb-diff-add');
    await added.first().waitFor();
    expect(await added.first().innerText()).to.contain(NEW);
    expect(await reviewer.getByTestId('kb-diff-del').first().innerText()).to.contain(OLD);
    await added.first().scrollIntoViewIfNeeded();
    await shot(reviewer, size, '2-reviewer-diff');
    await reviewer.getByTestId('kb-review-note').fill('Đã đối chiếu Điều 113 Bộ luật Lao động');
    await enabled(reviewer, 'kb-publish');
    await reviewer.getByTestId('kb-publish').click();
    await reviewer.getByTestId('notice').filter({ hasText: 'Đã xuất bản' }).waitFor();
    // published: no draft any more, and the history has the new revision with the reviewer's note
    await reviewer.getByTestId('kb-revision').filter({ hasText: 'Anh Pháp' }).filter({ hasText: 'Điều 113' }).waitFor();
    expect(await reviewer.getByTestId('kb-state').innerText()).to.contain('bản đã xuất bản');
    await shot(reviewer, size, '3-reviewer-published');

    // the web chat's next answer shows the change
    const reply = await askWebChat(size, 'nghi phep nam bao nhieu ngay', NEW);
    expect(reply).to.contain(NEW);
    expect(reply).to.not.contain(OLD);
  });

  it('360×740: a reviewer sends a draft back with a note, and the editor sees the note', async () => {
    const size = SIZES.phone;
    const editor = await consoleAs('hoa', size);
    await open(editor, 'thai san', 'nghi-thai-san');
    const answer = editor.getByTestId('kb-field-answer');
    await answer.fill(`${await answer.inputValue()}\nHỏi thêm công đoàn cơ sở nếu công ty không cho nghỉ.`);
    await saveAndSubmit(editor);

    const reviewer = await consoleAs('phap', size);
    await openFromQueue(reviewer, 'nghi-thai-san');
    const note = 'Câu thêm chưa cần: bỏ đi, giữ câu trả lời ngắn.';
    await reviewer.getByTestId('kb-review-note').fill(note);
    await reviewer.getByTestId('kb-return').click();
    await reviewer.getByTestId('kb-state').filter({ hasText: 'Bản nháp đang sửa' }).waitFor();
    await reviewer.getByTestId('kb-actions').scrollIntoViewIfNeeded();
    await shot(reviewer, size, '4-reviewer-returned');

    // the editor's list says the draft is back in editing; opening it shows the reviewer's note
    await editor.reload();
    await editor.getByTestId('kb-note').waitFor();
    expect(await editor.getByTestId('kb-note').innerText()).to.contain(note);
    expect(await editor.getByTestId('kb-state').innerText()).to.contain('Bản nháp đang sửa');
    await editor.getByTestId('kb-note').scrollIntoViewIfNeeded();
    await shot(editor, size, '5-editor-sees-note');
  });

  it('360×740: rolling back from the history makes a draft of the old text, which goes through review', async () => {
    const size = SIZES.phone;
    const editor = await consoleAs('hoa', size);
    await open(editor, 'nghi phep nam', 'nghi-phep-nam');
    expect(await editor.getByTestId('kb-field-answer').inputValue()).to.contain(NEW);
    const revisions = editor.getByTestId('kb-revision');
    await revisions.first().waitFor();
    expect(await revisions.count()).to.equal(2);
    const first = revisions.filter({ hasText: 'Bản 1' });
    await first.getByTestId('kb-rollback').click();
    await first.getByTestId('kb-rollback-yes').click();
    await editor.getByTestId('kb-state').filter({ hasText: 'Bản nháp đang sửa' }).waitFor();
    // the form shows the old text, the draft says where it came from, and it can be sent for review
    expect(await editor.getByTestId('kb-field-answer').inputValue()).to.contain(OLD);
    expect(await editor.getByTestId('kb-origin').innerText()).to.contain('quay lại bản 1');
    expect(await editor.getByTestId('kb-note').count(), 'no English note repeating the origin').to.equal(0);
    await enabled(editor, 'kb-submit');
    await editor.getByTestId('kb-state').scrollIntoViewIfNeeded();
    await shot(editor, size, '6-rollback-draft');
    // served answers do not change with a draft
    expect(await askWebChat(size, 'nghi phep nam bao nhieu ngay', NEW, 0)).to.contain(NEW);
  });

  it('1280×800: a figure gets a dated row through the figure form; once published, "Thay đổi theo ngày" lists that date', async () => {
    const size = SIZES.desktop;
    const editor = await consoleAs('hoa', size);
    await editor.getByTestId('kb-filter-figures').click();
    await open(editor, 'luong toi thieu vung', 'min_wage_region_1_monthly');
    const rows = editor.getByTestId('kb-value');
    expect(await rows.count()).to.equal(2);
    // the row in force ends on 31/12/2026; the new row starts the next day
    await editor.getByTestId('kb-field-values.1.until').fill('2026-12-31');
    await editor.getByTestId('kb-value-add').click();
    expect(await rows.count()).to.equal(3);
    expect(await editor.getByTestId('kb-field-values.2.from').inputValue()).to.equal('2027-01-01');
    await editor.getByTestId('kb-field-values.2.value').fill('5700000');
    await editor.getByTestId('kb-field-values.2.source').fill('[DỮ LIỆU THỬ] Nghị định mẫu, Điều 3');
    await editor.waitForFunction(() => document.querySelector('[data-testid="kb-check"]')?.classList.contains('good'), undefined, { timeout: 20_000 });
    // without the end of the row before, the new row would overlap it: flagged at the rows, not only in the summary
    await editor.getByTestId('kb-field-values.1.until').fill('');
    const flagged = editor.getByTestId('kb-problem-values');
    await flagged.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await flagged.innerText()).to.contain('2027-01-01');
    await editor.getByTestId('kb-field-values.1.until').fill('2026-12-31');
    await flagged.waitFor({ state: 'hidden', timeout: 20_000 });
    await editor.waitForFunction(() => document.querySelector('[data-testid="kb-check"]')?.classList.contains('good'), undefined, { timeout: 20_000 });
    await rows.nth(2).scrollIntoViewIfNeeded();
    await shot(editor, size, '7-figure-row');
    await saveAndSubmit(editor);

    const reviewer = await consoleAs('phap', size);
    await openFromQueue(reviewer, 'min_wage_region_1_monthly');
    await enabled(reviewer, 'kb-publish');
    await reviewer.getByTestId('kb-publish').click();
    await reviewer.getByTestId('notice').filter({ hasText: 'Đã xuất bản' }).waitFor();

    // what changes on this date: the new day, upcoming, with the figure's change and the answer that uses it
    const deadline = Date.now() + 30_000;
    let day = reviewer.locator('[data-testid="kb-change-day"][data-day="2027-01-01"]');
    for (;;) {
      await reviewer.getByTestId('kb-tab-changes').click();
      await reviewer.getByTestId('kb-change-day').first().waitFor();
      if ((await day.count()) > 0 || Date.now() > deadline) break;
      await reviewer.getByTestId('kb-tab-list').click();
      await new Promise((r) => setTimeout(r, 1000));
    }
    day = reviewer.locator('[data-testid="kb-change-day"][data-day="2027-01-01"]');
    expect(await day.count()).to.equal(1);
    expect(await day.getByTestId('kb-change-figure').innerText()).to.match(/5\.310\.000.*→.*5\.700\.000/);
    expect(await day.getByTestId('kb-change-entry').count()).to.be.greaterThan(0);
    // every label is a phrase, never a string key (the English answer's heading was "kb.changes.fields.en.answer")
    expect(await day.innerText()).to.not.match(/kb\.[a-z]/);
    await day.scrollIntoViewIfNeeded();
    await shot(reviewer, size, '8-changes');
  });

  it('360×740: a new entry started from the page cannot be sent for review without a citation, and the button says why', async () => {
    const size = SIZES.phone;
    const editor = await consoleAs('hoa', size);
    await editor.getByTestId('kb-new-entry').click();
    await editor.getByTestId('kb-field-title').fill('Làm thêm giờ vào ngày nghỉ');
    expect(await editor.getByTestId('kb-field-id').inputValue()).to.equal('lam-them-gio-vao-ngay-nghi');
    await editor.getByTestId('kb-field-answer').fill('Làm thêm giờ vào ngày nghỉ hằng tuần được trả lương cao hơn ngày thường.');
    await editor.getByTestId('kb-field-phrasings').fill('lam them ngay nghi\nlàm thêm chủ nhật có được thêm tiền không');
    // no citation: flagged at the citations, and the check summary says so
    const flagged = editor.getByTestId('kb-problem-citations');
    await flagged.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await flagged.innerText()).to.contain('citation');
    await enabled(editor, 'kb-save');
    await editor.getByTestId('kb-save').click();
    await editor.getByTestId('kb-state').filter({ hasText: 'Bản nháp đang sửa' }).waitFor();
    // saved, but Gửi duyệt waits, and says it needs a citation
    await editor.getByTestId('kb-why-submit').waitFor();
    expect(await editor.getByTestId('kb-submit').isDisabled()).to.equal(true);
    expect(await editor.getByTestId('kb-why-submit').innerText()).to.match(/căn cứ|trích dẫn/i);
    await editor.getByTestId('kb-actions').scrollIntoViewIfNeeded();
    await shot(editor, size, '9-new-entry-needs-citation');
    expect(await editor.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).to.equal(true);
  });

  it('no page error in any of the pages', () => {
    expect(pageErrors).to.deep.equal([]);
  });
});
