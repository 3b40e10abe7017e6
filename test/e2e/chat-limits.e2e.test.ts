/**
 * The web chat page in real Chromium shows the server's rate-limit message (issue 15): over the
 * per-visitor limit, the 429's friendly Vietnamese text appears in place of the generic error.
 */
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { startServer, type RunningServer } from '../helpers/setup.js';

describe('web chat in Chromium: the rate-limit message is shown', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: RunningServer;
  let page: Page;

  before(async function () {
    browser = await launchBrowser(this);
    server = await startServer({ env: { WEB_CHAT_MESSAGES_PER_MINUTE: '2' } });
    page = await (await browser.newContext({ locale: 'vi-VN' })).newPage();
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('the third message in a minute shows "vui lòng đợi…", not the generic error', async () => {
    await page.goto(`${server.url}/`);
    const error = page.locator('#error');
    for (const text of ['nghỉ phép năm', 'lương tối thiểu vùng 1']) {
      await page.fill('#text', text);
      await page.press('#text', 'Enter');
      await page.locator('#log li').filter({ hasText: text }).waitFor();
    }
    // wait for both answers, so the third message is the one refused
    await page.waitForFunction(() => document.querySelectorAll('#log li').length >= 5);
    expect(await error.isHidden()).to.equal(true);
    await page.fill('#text', 'cho em hỏi thêm');
    await page.press('#text', 'Enter');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).to.match(/gửi hơi nhanh.*vui lòng đợi/i);
  });
});
