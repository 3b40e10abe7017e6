/**
 * Issue 17 item 7 in Chromium: an officer sets the name workers see with their replies from the console's
 * header; the worker's web chat then shows it above the officer's reply.
 */
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { addStaff, ConsoleClient, conv, PASSWORD, waitingWebWorker } from '../console/client.js';
import { launchBrowser, outputPath } from '../helpers/browser.js';
import { startServer, type RunningServer } from '../helpers/setup.js';

describe('the officer’s public name, set in the console and shown in the web chat (Chromium, issue 17)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: RunningServer;

  before(async function () {
    browser = await launchBrowser(this);
    server = await startServer();
    await addStaff(server, 'lan', 'staff', 'Nguyễn Thị Lan');
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('set from the header, then shown to the worker with the reply', async () => {
    const page = await (await browser.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${server.url}/console`);
    await page.getByTestId('login-username').fill('lan');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('public-name').waitFor();
    page.once('dialog', (d) => void d.accept('Chị Lan'));
    await page.getByTestId('public-name').click();
    await page.getByTestId('notice').filter({ hasText: 'Chị Lan' }).waitFor();
    await page.screenshot({ path: outputPath('console-public-name.png') });

    const officer = await ConsoleClient.signedIn(server.url, 'lan');
    expect((await officer.get('/console/api/me')).json.account.publicName).to.equal('Chị Lan');
    const { chat, id } = await waitingWebWorker(server);
    await officer.post(conv(id, 'take'));
    await officer.post(conv(id, 'reply'), { text: 'Chào em, chị là cán bộ công đoàn.' });
    const worker = await (await browser.newContext({ locale: 'vi-VN', viewport: { width: 360, height: 740 } })).newPage();
    await worker.context().addCookies([{ name: chat.cookie.split('=')[0]!, value: chat.cookie.split('=')[1]!, url: server.url }]);
    await worker.goto(`${server.url}/`);
    const reply = worker.locator('#log li.staff').filter({ hasText: 'Chào em, chị là cán bộ công đoàn.' });
    await reply.waitFor();
    expect(await reply.innerText())
      .to.contain('Chị Lan')
      .and.not.contain('Nguyễn Thị Lan');
  });
});
