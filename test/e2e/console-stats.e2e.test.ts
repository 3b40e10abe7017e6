/**
 * The console's "Thống kê" view in real Chromium at 1280×800 (issue 17 item 5): two web-chat hand-offs on a
 * Thursday at 16:50, one answered on Friday at 07:40 (20 office minutes) and resolved at 08:10 (50), labelled
 * and rated 👍 by the worker; the officer opens the statistics and sees the medians, the rating and the bars.
 * Screenshot test-output/console-stats-1280.png.
 */
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { launchBrowser, outputPath } from '../helpers/browser.js';
import { addStaff, ConsoleClient, conv, PASSWORD, waitingWebWorker } from '../console/client.js';
import { MutableClock, startServer, type RunningServer } from '../helpers/setup.js';

const MIN = 60_000;

describe('console statistics in Chromium: medians in office minutes, ratings, inline SVG bars', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: RunningServer;

  before(async function () {
    browser = await launchBrowser(this);
    const clock = new MutableClock('2026-11-26T16:50:00+07:00');
    server = await startServer({ clock, env: { OFFICE_HOURS: '1-5 07:30-17:00' } });
    await addStaff(server, 'lan', 'staff', 'Chị Lan');
    const first = await waitingWebWorker(server);
    await waitingWebWorker(server, 'em bị ép ký đơn nghỉ việc ngay bây giờ, cho em gặp cán bộ');
    clock.advance(14 * 60 * MIN + 50 * MIN); // Friday 07:40
    const lan = await ConsoleClient.signedIn(server.url, 'lan');
    await lan.post(conv(first.id, 'take'));
    await lan.post(conv(first.id, 'reply'), { text: 'Chào em, chị là cán bộ công đoàn.' });
    await lan.post(conv(first.id, 'labels'), { topic: 'Tiền lương' });
    clock.advance(30 * MIN);
    await lan.post(conv(first.id, 'resolve'), { outcome: 'answered' });
    await first.chat.send({ text: '👍 Hài lòng', payload: 'RATE_STAFF:up' });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('shows the numbers and three bar charts', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}/console`);
    await page.getByTestId('login-username').fill('lan');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-view').waitFor({ state: 'hidden' });
    await page.getByTestId('stats-open').click();
    const numbers = page.getByTestId('stats-numbers');
    await numbers.locator('dd').first().waitFor();
    const text = await numbers.innerText();
    expect(text).to.include('20 phút làm việc');
    expect(text).to.include('50 phút làm việc');
    expect(text).to.include('👍 1 · 👎 0');
    expect(await page.getByTestId('stats-per-day').locator('svg rect').count()).to.equal(30);
    expect(await page.getByTestId('stats-by-reason').locator('svg rect').count()).to.be.at.least(1);
    expect(await page.getByTestId('stats-by-topic').locator('svg text').first().textContent()).to.equal('Tiền lương');
    await page.getByTestId('stats-panel').screenshot({ path: outputPath('console-stats-1280.png') });
    expect(problems).to.deep.equal([]);
    await context.close();
  });
});
