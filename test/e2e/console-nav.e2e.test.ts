/**
 * Issue 16 in Chromium: from the case inbox an editor reaches the knowledge base, the unanswered questions
 * and the news, an admin also the administration; an officer (staff) sees no links; the pages link back.
 */
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { addStaff, PASSWORD } from '../console/client.js';
import { launchBrowser, outputPath } from '../helpers/browser.js';
import { startServer, type RunningServer } from '../helpers/setup.js';

describe('navigation between the console’s pages, by role (Chromium, issue 16)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: RunningServer;

  before(async function () {
    browser = await launchBrowser(this);
    server = await startServer({ kbFromStore: true });
    await addStaff(server, 'can-bo', 'staff');
    await addStaff(server, 'bien-tap', 'editor');
    await addStaff(server, 'quan-tri', 'admin');
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  const signIn = async (username: string): Promise<Page> => {
    const page = await (await browser.newContext({ locale: 'vi-VN', viewport: { width: 360, height: 740 } })).newPage();
    await page.goto(`${server.url}/console`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('who-name').waitFor();
    return page;
  };

  it('an editor gets links to the editor’s pages and back; an admin also Quản trị; staff none', async () => {
    const editor = await signIn('bien-tap');
    const nav = editor.getByTestId('page-nav');
    await nav.waitFor();
    expect(await nav.locator('a').allInnerTexts()).to.deep.equal(['Hỏi đáp', 'Kho trả lời', 'Chưa trả lời được', 'Tin & chương trình']);
    await editor.screenshot({ path: outputPath('console-nav-editor-360.png') });
    await nav.getByText('Kho trả lời').click();
    await editor.waitForURL(/\/console\/kb/);
    await editor.getByTestId('page-nav').getByText('Hỏi đáp').click();
    await editor.waitForURL(/\/console$/);
    await editor.getByTestId('page-nav').waitFor();

    const admin = await signIn('quan-tri');
    await admin.getByTestId('page-nav').waitFor();
    expect(await admin.getByTestId('page-nav').locator('a').allInnerTexts()).to.include('Quản trị');

    const staff = await signIn('can-bo');
    await staff.getByTestId('queue-view').waitFor();
    expect(await staff.getByTestId('page-nav').count()).to.equal(0);
  });
});
