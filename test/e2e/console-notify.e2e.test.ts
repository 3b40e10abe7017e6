/**
 * Issue 17 item 2 in real Chromium, at 1280×800 and 390×844: a hand-off arriving in the console counts in
 * the tab title ("(1) Bàn làm việc…"), beeps when the officer turned sound on (off by default), and shows a
 * browser notification when the console is not in front — permission asked once, from a click. A new
 * message in the officer's own conversation notifies too. The intake's answers show at the top of the case.
 * The browser's Notification and AudioContext are replaced by recorders (headless Chromium shows neither),
 * and the page is made to look unfocused, as a background tab is. Screenshots in
 * test-output/console-notify-<width>-<n>-<step>.png.
 */
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { translator } from '../../src/i18n.js';
import { addStaff, PASSWORD } from '../console/client.js';
import { launchBrowser, outputPath } from '../helpers/browser.js';
import { ChatClient, startServer, type RunningServer } from '../helpers/setup.js';

const VIEWPORTS = [
  { width: 1280, height: 800, mobile: false },
  { width: 390, height: 844, mobile: true },
] as const;

const t = translator('vi');
const TITLE = t('console.title');

/**
 * Runs in the page before its own script: records notifications and beeps; the page looks unfocused.
 * Plain JavaScript in a string: tsx would add its own helpers (__name) to a function passed from here.
 */
const RECORDERS = `
  window.__notes = [];
  window.__beeps = 0;
  window.__asked = 0;
  function FakeNotification(_title, options) { window.__notes.push(options.body); this.onclick = null; }
  FakeNotification.permission = 'default';
  FakeNotification.requestPermission = function () {
    window.__asked++;
    FakeNotification.permission = 'granted';
    return Promise.resolve('granted');
  };
  FakeNotification.prototype.close = function () {};
  function FakeAudioContext() { this.currentTime = 0; this.destination = {}; }
  FakeAudioContext.prototype.createOscillator = function () {
    return { frequency: { value: 0 }, connect: function () {}, start: function () { window.__beeps++; }, stop: function () {} };
  };
  FakeAudioContext.prototype.createGain = function () {
    return { gain: { setValueAtTime: function () {}, exponentialRampToValueAtTime: function () {} }, connect: function () {} };
  };
  Object.defineProperty(window, 'Notification', { value: FakeNotification, configurable: true });
  Object.defineProperty(window, 'AudioContext', { value: FakeAudioContext, configurable: true });
  document.hasFocus = function () { return false; };
`;

describe('console notifications in Chromium: title count, sound, browser notifications (issue 17)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let server: RunningServer;

  before(async function () {
    browser = await launchBrowser(this);
    server = await startServer();
    await addStaff(server, 'lan', 'staff', 'Chị Lan');
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  for (const vp of VIEWPORTS) {
    describe(`at ${vp.width}×${vp.height}`, () => {
      let context: BrowserContext;
      let page: Page;
      const problems: string[] = [];
      let step = 0;
      const shot = async (what: string) => {
        step++;
        await page.screenshot({ path: outputPath(`console-notify-${vp.width}-${step}-${what}.png`), fullPage: false });
      };
      const recorded = () =>
        page.evaluate(() => {
          const w = window as unknown as { __notes: string[]; __beeps: number; __asked: number };
          return { __notes: [...w.__notes], __beeps: w.__beeps, __asked: w.__asked };
        });
      const title = (count: number) => page.waitForFunction((expected) => document.title === expected, count ? `(${count}) ${TITLE}` : TITLE);

      before(async () => {
        context = await browser.newContext({
          viewport: { width: vp.width, height: vp.height },
          isMobile: vp.mobile,
          hasTouch: vp.mobile,
          locale: 'vi-VN',
          timezoneId: 'Asia/Ho_Chi_Minh',
        });
        await context.addInitScript({ content: RECORDERS });
        page = await context.newPage();
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        page.on('console', (m) => {
          // (the 401 is the page asking who is signed in before the sign-in)
          if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`console: ${m.text()}`);
        });
      });
      after(async () => context?.close().catch(() => undefined));

      it('a hand-off changes the title count, beeps once sound is on, and notifies; a message in the officer’s own case notifies', async () => {
        await page.goto(`${server.url}/console`);
        await page.getByTestId('login-username').fill('lan');
        await page.getByTestId('login-password').fill(PASSWORD);
        await page.getByTestId('login-submit').click();
        await page.locator('[data-testid="live"][data-state="on"]').waitFor();
        // every earlier viewport's cases were resolved: nobody waits
        await title(0);

        // Sound: off by default; turning it on plays one beep (the click lets the browser play it).
        expect(await page.getByTestId('sound-toggle').isChecked()).to.equal(false);
        await page.getByTestId('sound-toggle').click();
        expect((await recorded()).__beeps).to.equal(1);
        // Notifications: asked once, from the click; then the button is gone, after a reload too.
        await page.getByTestId('notify-ask').click();
        await page.getByTestId('notify-ask').waitFor({ state: 'hidden' });
        expect((await recorded()).__asked).to.equal(1);
        await shot('signed-in');

        const worker = new ChatClient(server.url);
        const handoff = (await worker.send({ text: 'cho em gặp cán bộ' })).json;
        expect(handoff.owner).to.equal('waiting_staff');
        const id = `web:${worker.cookie.split('=')[1]!}`;
        await title(1);
        await page.waitForFunction(() => (window as unknown as { __notes: string[] }).__notes.length >= 1);
        let w = await recorded();
        expect(w.__notes).to.deep.equal([t('console.newEscalation')]);
        expect(w.__beeps).to.equal(2);
        await shot('one-waiting');

        const second = new ChatClient(server.url);
        await second.send({ text: 'cho em gặp cán bộ' });
        const secondId = `web:${second.cookie.split('=')[1]!}`;
        await title(2);
        await shot('two-waiting');

        // The worker answers the intake's first question: the case shows it at the top.
        await worker.send({ text: 'Công ty May Việt Tiến' });
        const card = page.locator(`[data-testid="queue-item"][data-id="${id}"]`);
        await card.locator('button').click();
        await page.getByTestId('conv-intake').waitFor();
        await page.getByTestId('intake-employer').filter({ hasText: 'Công ty May Việt Tiến' }).waitFor();
        expect(await page.getByTestId('intake-province').textContent()).to.equal(t('console.intake.notAsked'));
        await shot('intake');

        // Taken: one fewer waits; the worker's next message is the officer's own and notifies.
        await page.getByTestId('take').click();
        await page.locator('[data-testid="conv-owner"][data-owner="staff"]').waitFor();
        await title(1);
        await worker.send({ text: 'em bị cho nghỉ từ 1/3 ạ' });
        await page.waitForFunction((n) => (window as unknown as { __notes: string[] }).__notes.length > n, w.__notes.length + 1);
        w = await recorded();
        expect(w.__notes.at(-1)).to.equal(t('console.newMessageMine'));
        await shot('own-message');

        // A reload keeps the answered question answered, and the sound choice.
        await page.reload();
        await page.locator('[data-testid="live"][data-state="on"]').waitFor();
        expect(await page.getByTestId('notify-ask').isHidden()).to.equal(true);
        expect(await page.getByTestId('sound-toggle').isChecked()).to.equal(true);

        // Leave nobody waiting for the next viewport.
        for (const c of [id, secondId]) await server.escalations.resolve(c, (await server.storage.getStaffByUsername('lan'))!);
        await title(0);
        expect(problems).to.deep.equal([]);
      });
    });
  }
});
