/**
 * The console's case work in real Chromium, at 1280×800 (list and conversation side by side) and at
 * 390×844 (one pane at a time), each with its own Messenger worker on a fake Graph API: a hand-off
 * arrives → the officer opens it (both reply windows counting down), takes it, adds a staff-only note,
 * saves and uses a canned reply (the worker's name and the hotline filled in), labels the case,
 * resolves it with "follow-up needed" and a day, finds it again by a search typed without diacritics,
 * and reopens it. Then, 8 days on, the send box says nothing can be sent and the officer logs a phone
 * call instead. One screenshot per step in test-output/console-cases-<width>-<n>-<step>.png.
 */
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newStaffId } from '../../src/console/auth.js';
import { hashPassword } from '../../src/console/passwords.js';
import { launchBrowser, outputPath } from '../helpers/browser.js';
import { FakeGraph } from '../helpers/fake-graph.js';
import { eventually, item, messengerEnv, postWebhook, webhook } from '../helpers/messenger.js';
import { MutableClock, startServer, type RunningServer } from '../helpers/setup.js';

const PASSWORD = 'mat-khau-can-bo-2026';
const HOTLINE = '1900 6868';

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800, mobile: false, psid: '5550001280' },
  { name: 'phone', width: 390, height: 844, mobile: true, psid: '5550000390' },
] as const;

describe('console case work in Chromium: filters, search, notes, canned replies, labels, resolve, reopen', function () {
  this.timeout(180_000);
  let browser: Browser;
  let graph: FakeGraph;
  let server: RunningServer;
  let clock: MutableClock;

  before(async function () {
    browser = await launchBrowser(this);
    graph = await new FakeGraph().start();
    clock = new MutableClock();
    server = await startServer({ env: { ...messengerEnv(graph.url), ORG_HOTLINE: HOTLINE }, clock });
    await server.storage.createStaff({
      id: newStaffId(),
      username: 'lan',
      displayName: 'Chị Lan',
      role: 'staff',
      passwordHash: await hashPassword(PASSWORD),
      createdAt: clock.now().toISOString(),
    });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
    await graph?.stop();
  });

  for (const vp of VIEWPORTS) {
    describe(`at ${vp.width}×${vp.height}`, () => {
      let context: BrowserContext;
      let page: Page;
      const problems: string[] = [];
      const dialogs: string[] = [];
      let step = 0;
      const shot = async (what: string) => {
        step++;
        await page.screenshot({ path: outputPath(`console-cases-${vp.width}-${step}-${what}.png`), fullPage: false });
      };

      before(async () => {
        context = await browser.newContext({
          viewport: { width: vp.width, height: vp.height },
          isMobile: vp.mobile,
          hasTouch: vp.mobile,
          deviceScaleFactor: vp.mobile ? 2 : 1,
          locale: 'vi-VN',
          timezoneId: 'Asia/Ho_Chi_Minh',
        });
        page = await context.newPage();
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(`console: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        page.on('dialog', (d) => {
          dialogs.push(d.message());
          void d.dismiss();
        });
      });
      after(async () => {
        await context?.close().catch(() => undefined);
      });

      const signIn = async () => {
        await page.getByTestId('login-view').waitFor({ state: 'visible' });
        await page.getByTestId('login-username').fill('lan');
        await page.getByTestId('login-password').fill(PASSWORD);
        await page.getByTestId('login-submit').click();
        await page
          .getByTestId('login-view')
          .waitFor({ state: 'hidden' })
          .catch(async (err: unknown) => {
            // say why the sign-in did not go through (the page's own message), not only that it timed out
            const said = await page
              .getByTestId('login-error')
              .innerText()
              .catch(() => '');
            throw new Error(`sign-in did not finish; the page says "${said}": ${String(err)}`);
          });
        await page.locator('[data-testid="live"][data-state="on"]').waitFor();
      };
      const card = (id: string) => page.locator(`[data-testid="queue-item"][data-id="${id}"]`);
      /** On a phone the list is a pane of its own: go back to it first. */
      const toList = async () => {
        if (vp.mobile && (await page.getByTestId('conversation-view').isVisible())) await page.getByTestId('back').click();
        await page.getByTestId('queue-view').waitFor();
      };

      it('a hand-off arrives, is worked on, resolved with a follow-up, found again by search and reopened', async () => {
        const psid = vp.psid;
        const id = `messenger:${psid}`;
        const words = 'Công ty may Đức Giang nợ lương em 3 tháng rồi, giờ em phải làm sao';
        await page.goto(`${server.url}/console`);
        await signIn();
        await page.locator('[data-testid="filter-open"][aria-pressed="true"]').waitFor();

        // 1. The worker writes, then asks for an officer: the card shows the reason and the worker's own words.
        await postWebhook(server.url, webhook([{ messaging: [item.text(psid, words)] }]));
        await postWebhook(server.url, webhook([{ messaging: [item.text(psid, 'cho em gặp cán bộ công đoàn')] }]));
        await eventually(async () => expect((await server.storage.getConversation(id))?.owner).to.equal('waiting_staff'), 10_000);
        await card(id).waitFor({ timeout: 10_000 });
        // (the complaint, not the "cho em gặp cán bộ công đoàn" after it)
        await card(id).getByTestId('queue-preview').filter({ hasText: words }).waitFor({ timeout: 10_000 });
        expect(await card(id).getByTestId('queue-reason').textContent()).to.not.equal('');
        expect(await card(id).getByTestId('queue-unread').textContent()).to.equal('2 tin mới');
        await shot('handoff');

        // 2. Open it: both of Messenger's windows count down; the list stays beside it on a desktop only.
        await card(id).locator('button').click();
        await page.getByTestId('conversation-view').waitFor();
        await page.getByTestId('conv-windows').filter({ hasText: '24 giờ: còn' }).waitFor();
        expect(await page.getByTestId('conv-windows').textContent()).to.match(/^24 giờ: còn 1 ngày 0 giờ · 7 ngày: còn 7 ngày 0 giờ$/);
        expect(await page.getByTestId('queue-view').isVisible()).to.equal(!vp.mobile);
        expect(await page.getByTestId('send-rule').isVisible()).to.equal(false);
        if (!vp.mobile) {
          const list = await page.getByTestId('queue-view').boundingBox();
          const conversation = await page.getByTestId('conversation-view').boundingBox();
          expect(list!.x + list!.width).to.be.at.most(conversation!.x);
          await card(id).getByTestId('queue-unread').waitFor({ state: 'detached' }); // being read
        }
        await page.getByTestId('take').click();
        await page.locator('[data-testid="conv-owner"][data-owner="staff"]').waitFor();

        // 3. A staff-only note.
        await page.getByTestId('note-text').fill('Chị Hạnh, tổ may 3; đã giữ bảng lương tháng 9–11.');
        await page.getByTestId('note-add').click();
        await page.getByTestId('note').filter({ hasText: 'tổ may 3' }).waitFor();
        expect(await page.getByTestId('note').first().getAttribute('data-kind')).to.equal('note');
        await page.getByTestId('notes-card').scrollIntoViewIfNeeded();
        await shot('note');

        // 4. Labels: the worker's name, the topic, the employer.
        await page.getByTestId('label-worker').fill('Chị Hạnh');
        await page.getByTestId('label-topic').fill('Tiền lương');
        await page.getByTestId('label-employer').fill('Công ty May Đức Giang');
        await page.getByTestId('labels-save').click();
        await page.getByTestId('conv-labels').filter({ hasText: 'Tiền lương · Công ty May Đức Giang' }).waitFor();
        await page.getByTestId('conv-title').filter({ hasText: 'Chị Hạnh' }).waitFor();
        await page.getByTestId('labels-form').scrollIntoViewIfNeeded();
        await shot('labels');

        // 5. A canned reply: saved from the reply box once (desktop run), found without diacritics, filled in for this worker.
        if (!vp.mobile) {
          await page.getByTestId('reply-text').fill('Chào {{ten_nguoi_lao_dong}}, em là {{ten_can_bo}}. Nếu cần gấp, gọi {{hotline}}.');
          await page.getByTestId('canned-title').fill('Chào hỏi, đường dây nóng');
          await page.getByTestId('canned-save').click();
          await page.getByTestId('notice').filter({ hasText: 'Đã lưu mẫu cho cả nhóm.' }).waitFor();
          await page.getByTestId('reply-text').fill('');
        }
        await page.getByTestId('canned-q').fill('duong day nong');
        await page.getByTestId('canned-search').click();
        await page.getByTestId('canned-result').first().waitFor();
        await page.getByTestId('canned-use').first().click();
        const filled = `Chào Chị Hạnh, em là Chị Lan. Nếu cần gấp, gọi ${HOTLINE}.`;
        expect(await page.getByTestId('reply-text').inputValue()).to.equal(filled);
        await page.getByTestId('canned-results').scrollIntoViewIfNeeded();
        await shot('canned');
        await page.getByTestId('reply-send').click();
        await eventually(() => expect(graph.messagesTo(psid).some((m) => m.body.message?.text === filled)).to.equal(true), 10_000);
        await page.locator('[data-testid="transcript"] [data-author="staff"] .text').filter({ hasText: filled }).waitFor();

        // 6. Resolve asks for an outcome; "follow-up needed" wants a day after today.
        await page.getByTestId('resolve').click();
        await page.getByTestId('resolve-panel').waitFor();
        await page.getByTestId('outcome-follow_up').check();
        await page.getByTestId('follow-up-on').fill('2026-11-26'); // today: refused
        await page.getByTestId('resolve-confirm').click();
        await page.getByTestId('resolve-error').filter({ hasText: 'sau hôm nay' }).waitFor();
        await page.getByTestId('follow-up-on').fill('2026-12-03');
        await page.getByTestId('resolve-panel').scrollIntoViewIfNeeded();
        await shot('resolve-confirm');
        await page.getByTestId('resolve-confirm').click();
        await page.locator('[data-testid="conv-owner"][data-owner="resolved"]').waitFor();
        await page.getByTestId('conv-resolution').filter({ hasText: 'Kết quả: Cần theo dõi tiếp · theo dõi lại ngày 03/12/2026' }).waitFor();
        expect((await server.storage.getConversation(id))!.resolution).to.include({ outcome: 'follow_up', followUpOn: '2026-12-03' });
        await page.getByTestId('conv-resolution').scrollIntoViewIfNeeded();
        await shot('resolved');

        // 7. It left the queue; a search without diacritics finds it among all cases.
        await toList();
        await card(id).waitFor({ state: 'detached' });
        await page.getByTestId('case-q').fill('duc giang no luong');
        await page.locator('[data-testid="filter-all"][aria-pressed="true"]').waitFor();
        await card(id).waitFor();
        expect(await card(id).getByTestId('queue-outcome').textContent()).to.contain('Cần theo dõi tiếp');
        expect(await card(id).getByTestId('queue-labels').textContent()).to.equal('Tiền lương · Công ty May Đức Giang');
        await shot('search');

        // 8. Reopen: back in the queue, waiting for an officer.
        await card(id).locator('button').click();
        await page.getByTestId('reopen').click();
        await page.locator('[data-testid="conv-owner"][data-owner="waiting_staff"]').waitFor();
        expect((await server.storage.getConversation(id))!.owner).to.equal('waiting_staff');
        await toList();
        await page.getByTestId('case-q').fill('');
        await page.getByTestId('filter-open').click();
        await card(id).getByTestId('queue-reason').filter({ hasText: 'Cán bộ mở lại' }).waitFor();
        await page.evaluate(() => window.scrollTo(0, 0));
        await shot('reopened');

        expect(dialogs, 'no alert() ran').to.deep.equal([]);
        // Signed out at first, the page's /me answered 401: the browser logs that; nothing else.
        expect(problems.filter((p) => !/status of 401/.test(p))).to.deep.equal([]);
      });

      if (vp.mobile)
        it('after 7 days nothing can be sent: the send box says so and offers to log a phone call', async () => {
          const psid = '5550000007';
          const id = `messenger:${psid}`;
          await postWebhook(server.url, webhook([{ messaging: [item.text(psid, 'em muốn gặp cán bộ công đoàn')] }]));
          await eventually(async () => expect((await server.storage.getConversation(id))?.owner).to.equal('waiting_staff'), 10_000);
          clock.advance(8 * 24 * 3600_000);
          await page.goto(`${server.url}/console#/c/${encodeURIComponent(id)}`);
          await signIn();
          await page.locator('[data-testid="send-rule"][data-kind="closed"]').waitFor();
          expect(await page.getByTestId('send-rule').textContent()).to.contain('không gửi được gì qua Messenger');
          expect(await page.getByTestId('conv-windows').textContent()).to.equal('24 giờ: đã hết · 7 ngày: đã hết');
          await page.getByTestId('reply-text').fill('Đã gọi điện cho em lúc 9 giờ, em sẽ gửi hợp đồng qua email.');
          await page.getByTestId('log-call').click();
          await page.locator('[data-testid="note"][data-kind="call"]').filter({ hasText: 'Đã gọi điện' }).waitFor();
          expect(await page.getByTestId('reply-text').inputValue()).to.equal('');
          expect(graph.messagesTo(psid).some((m) => String(m.body.message?.text).includes('Đã gọi điện'))).to.equal(false);
          await page.getByTestId('send-rule').scrollIntoViewIfNeeded();
          await shot('window-closed-call-logged');
          expect(problems.filter((p) => !/status of 401/.test(p))).to.deep.equal([]);
        });
    });
  }
});
