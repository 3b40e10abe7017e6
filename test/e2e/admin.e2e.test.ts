/**
 * Administration in real Chromium on a 360×740 phone (issue 16 item 6): an admin creates an account and
 * makes a password-reset code for it; the new user opens "Quên mật khẩu" from the sign-in form, sets a
 * password with the code on /console/reset and signs in with it. Also the audit log's filter and the
 * retention form. Screenshots in test-output/admin/.
 */
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, outputPath } from '../helpers/browser.js';
import { addStaff, PASSWORD } from '../console/client.js';
import { MutableClock, startServer, type RunningServer } from '../helpers/setup.js';
import { storedRetention } from '../../src/storage/retention.js';

const NEW_PASSWORD = 'mat-khau-cua-tuan-2027';

describe('administration in Chromium: create an account, a reset code, the new user sets a password and signs in', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: RunningServer;

  before(async function () {
    browser = await launchBrowser(this);
    server = await startServer({ clock: new MutableClock('2026-11-26T09:00:00+07:00') });
    await addStaff(server, 'quan-tri', 'admin', 'Ban quản trị');
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  const phone = async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    return { page, problems };
  };
  /** Nothing sticks out sideways on a 360 px screen. */
  const fitsWidth = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(360);

  it('works end to end at 360×740', async () => {
    const { page, problems } = await phone();
    await page.goto(`${server.url}/console`);
    await page.getByTestId('login-username').fill('quan-tri');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-view').waitFor({ state: 'hidden' });
    problems.length = 0; // the sign-in page asks /console/api/me before signing in (a 401 by design)
    await page.goto(`${server.url}/console/admin`);
    await page.getByTestId('account-quan-tri').waitFor();
    expect(await page.getByTestId('nav-admin').getAttribute('aria-current')).to.equal('page');
    // One's own account can be neither disabled nor demoted from here.
    expect(await page.getByTestId('disable-quan-tri').isDisabled()).to.equal(true);
    expect(await page.getByTestId('role-quan-tri').isDisabled()).to.equal(true);

    // Create an account.
    await page.getByTestId('create-username').fill('Tuan');
    await page.getByTestId('create-display').fill('Anh Tuấn');
    await page.getByTestId('create-role').selectOption('editor');
    await page.getByTestId('create-password').fill(PASSWORD);
    await page.getByTestId('create-submit').click();
    const row = page.getByTestId('account-tuan');
    await row.waitFor();
    expect(await row.innerText()).to.contain('Anh Tuấn');
    expect(await page.getByTestId('role-tuan').inputValue()).to.equal('editor');
    await fitsWidth(page);
    await page.screenshot({ path: outputPath('admin/1-accounts-360.png'), fullPage: true });

    // A reset code, shown once.
    await page.getByTestId('reset-tuan').click();
    await page.getByTestId('code-card').waitFor();
    const code = (await page.getByTestId('code-value').innerText()).trim();
    expect(code).to.match(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(await page.getByTestId('code-expiry').innerText()).to.match(/09:00.*27\/11\/(20)?26/);
    await page.getByTestId('account-tuan').filter({ hasText: 'Có mã đặt lại' }).waitFor();
    await page.screenshot({ path: outputPath('admin/2-code-360.png') });
    await page.getByTestId('code-close').click();
    expect(await page.getByTestId('code-card').isHidden()).to.equal(true);

    // The audit log, filtered by action.
    await page.getByTestId('tab-audit').click();
    await page.getByTestId('audit-row').first().waitFor();
    await page.getByTestId('audit-action').selectOption('reset_code');
    await page.getByTestId('audit-count').filter({ hasText: '1/1' }).waitFor();
    const audit = await page.getByTestId('audit-row').innerText();
    expect(audit).to.contain('Tạo mã đặt lại mật khẩu').and.contain('tuan').and.not.contain(code.slice(0, 5));
    await fitsWidth(page);
    await page.screenshot({ path: outputPath('admin/3-audit-360.png'), fullPage: true });

    // Retention: conversations kept for ever until an admin says otherwise.
    await page.getByTestId('tab-retention').click();
    expect(await page.getByTestId('ret-conversations').inputValue()).to.equal('0');
    expect(await page.getByTestId('ret-inbox').inputValue()).to.equal('7');
    await page.getByTestId('ret-conversations').fill('365');
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('ret-save').click();
    await page.getByTestId('notice').filter({ hasText: 'Đã lưu' }).waitFor();
    expect(await storedRetention(server.storage)).to.deep.equal({ conversationRetentionDays: 365, inboxRetentionDays: 7 });
    await fitsWidth(page);
    await page.screenshot({ path: outputPath('admin/4-retention-360.png'), fullPage: true });
    expect(problems).to.deep.equal([]);

    // The new user: "Quên mật khẩu" from the sign-in form, then the code.
    const user = await phone();
    await user.page.goto(`${server.url}/console`);
    await user.page.getByTestId('forgot-password').click();
    await user.page.waitForURL(/\/console\/reset$/);
    await user.page.getByTestId('reset-username').fill('tuan');
    await user.page.getByTestId('reset-code-input').fill('WRONG-CODE9');
    await user.page.getByTestId('reset-password').fill(NEW_PASSWORD);
    await user.page.getByTestId('reset-password2').fill(NEW_PASSWORD);
    await user.page.getByTestId('reset-submit').click();
    await user.page.getByTestId('reset-error').filter({ hasText: 'không đúng' }).waitFor();
    await user.page.getByTestId('reset-code-input').fill(code.toLowerCase());
    await user.page.getByTestId('reset-submit').click();
    await user.page.getByTestId('reset-done').waitFor();
    await fitsWidth(user.page);
    await user.page.screenshot({ path: outputPath('admin/5-reset-done-360.png'), fullPage: true });
    await user.page.getByTestId('reset-sign-in').click();
    await user.page.getByTestId('login-username').fill('tuan');
    await user.page.getByTestId('login-password').fill(NEW_PASSWORD);
    await user.page.getByTestId('login-submit').click();
    await user.page.getByTestId('who-name').filter({ hasText: 'Anh Tuấn' }).waitFor();
    // The sign-in page's first /console/api/me (401) and the wrong code (400) are expected failures.
    expect(user.problems.filter((p) => !/status of (400|401)/.test(p))).to.deep.equal([]);
  });

  it('fits a desktop too (1280×800)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    await page.goto(`${server.url}/console`);
    await page.getByTestId('login-username').fill('quan-tri');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-view').waitFor({ state: 'hidden' });
    await page.goto(`${server.url}/console/admin#audit`);
    await page.getByTestId('audit-row').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(1280);
    await page.screenshot({ path: outputPath('admin/6-audit-1280.png') });
    await page.getByTestId('tab-accounts').click();
    await page.getByTestId('account-tuan').waitFor();
    await page.screenshot({ path: outputPath('admin/7-accounts-1280.png') });
  });
});
