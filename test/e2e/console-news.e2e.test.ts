/**
 * The console's news page in real Chromium (issue 16 item 5), at 360×740 and 1280×800: an editor adds a
 * programme (made-up test data), previews how it reads in the chat, publishes it; the web chat then offers
 * it to a worker who asks "có tin gì mới không ad", and the item can be withdrawn. No horizontal scrolling
 * on the phone. Screenshots test-output/console-news-360.png, console-news-1280.png.
 */
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchBrowser, outputPath } from '../helpers/browser.js';
import { addStaff, PASSWORD } from '../console/client.js';
import { ChatClient, startServer, type RunningServer } from '../helpers/setup.js';

describe('console news page in Chromium: add, preview, publish, withdraw', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: RunningServer;

  before(async function () {
    browser = await launchBrowser(this);
    server = await startServer({ day: '2026-11-26' });
    await addStaff(server, 'bien', 'editor', 'Biên tập viên');
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  for (const [width, height] of [
    [360, 740],
    [1280, 800],
  ] as const) {
    it(`at ${width}×${height}`, async () => {
      const title = `[DỮ LIỆU THỬ] Chương trình mẫu ${width}`;
      const context = await browser.newContext({ viewport: { width, height }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${server.url}/console`);
      await page.getByTestId('login-username').fill('bien');
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('login-view').waitFor({ state: 'hidden' });
      await page.goto(`${server.url}/console/news`);
      await page.getByTestId('news-form').waitFor();
      expect(await page.getByTestId('page-nav').innerText()).to.contain('Tin & chương trình');

      await page.getByTestId('f-title').fill(title);
      await page.getByTestId('f-body').fill('Nội dung mẫu để kiểm thử, không phải chương trình thật.');
      await page.getByTestId('f-link').fill('http://example.org/sai');
      await page.getByTestId('f-until').fill('2026-11-30');
      await page.getByTestId('save').click();
      // the refusal comes back from the server: wait for it rather than read the box at once
      await page.getByTestId('form-error').filter({ hasText: 'only https://' }).waitFor();
      await page.getByTestId('f-link').fill('https://example.org/du-lieu-thu');
      await page.getByTestId('preview').click();
      await page.getByTestId('preview-text').waitFor();
      expect(await page.getByTestId('preview-text').innerText()).to.contain(`• Chương trình: ${title} (đến 30/11/2026)`);
      await page.getByTestId('save').click();
      const item = page.getByTestId('news-item').filter({ hasText: title });
      await item.waitFor();
      expect(await item.getAttribute('data-state')).to.equal('draft');
      await item.getByRole('button', { name: 'Đăng' }).click();
      await page.locator('[data-testid="news-item"][data-state="current"]').filter({ hasText: title }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).to.equal(true);
      await page.screenshot({ path: outputPath(`console-news-${width}.png`), fullPage: true });

      // the web chat's first screen has the news button: one tap lists the item
      const chatPage = await context.newPage();
      await chatPage.goto(`${server.url}/`);
      await chatPage.locator('#intro button.news').click();
      await chatPage.locator('#log').getByText(title).waitFor();
      await chatPage.close();

      const chat = new ChatClient(server.url);
      expect(String((await chat.send({ text: 'có tin gì mới không ad' })).json.text)).to.contain(title);
      await item.getByRole('button', { name: 'Gỡ xuống' }).click();
      await page.locator('[data-testid="news-item"][data-state="withdrawn"]').filter({ hasText: title }).waitFor();
      expect(String((await chat.send({ text: 'có tin gì mới không ad' })).json.text)).to.not.contain(title);
      expect(problems).to.deep.equal([]);
      await context.close();
    });
  }
});
