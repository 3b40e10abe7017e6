/**
 * The web chat page in real Chromium (issue 17's web-chat findings): an empty page says what to ask and
 * offers example questions; one tap sends it, the answer comes, and the examples give way to the chat.
 */
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { startServer, type RunningServer } from '../helpers/setup.js';

describe('web chat in Chromium: an empty page offers example questions', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: RunningServer;
  let page: Page;

  before(async function () {
    browser = await launchBrowser(this);
    server = await startServer();
    page = await (await browser.newContext({ locale: 'vi-VN', viewport: { width: 360, height: 740 } })).newPage();
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('shows the examples on an empty page; tapping one asks it and hides them', async () => {
    await page.goto(`${server.url}/`);
    const intro = page.locator('#intro');
    await intro.waitFor({ state: 'visible' });
    expect(await page.locator('#intro button.example').count()).to.equal(4);
    await page.locator('#intro button.example', { hasText: 'Lương tối thiểu vùng 1' }).click();
    await page.locator('#log li.bot').filter({ hasText: '5.310.000' }).waitFor();
    expect(await intro.isHidden()).to.equal(true);
    // A long answer lands on its first line on a 360-px phone.
    await page.fill('#text', 'nghi thai san may thang');
    await page.press('#text', 'Enter');
    const answer = page.locator('#log li.bot').filter({ hasText: 'thai sản' }).last();
    await answer.waitFor();
    const top = await answer.evaluate((el) => el.getBoundingClientRect().top);
    expect(top, 'the answer starts inside the screen').to.be.within(-1, 740);
    // A returning visitor with a conversation sees the conversation, not the examples.
    await page.reload();
    await page.locator('#log li').first().waitFor();
    expect(await intro.isHidden()).to.equal(true);
  });
});
