/**
 * The staff console in real Chromium, with a Messenger worker on a fake Graph API and a fake clock:
 * sign in → a worker's signed webhook hands off → the conversation appears without reloading (SSE) →
 * open it → 25 hours later the officer replies (HUMAN_AGENT tag) → resolve → the bot answers the
 * worker's next question again. Saves test-output/console.png while the conversation is open.
 */
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newStaffId } from '../../src/console/auth.js';
import { hashPassword } from '../../src/console/passwords.js';
import type { StaffAccount } from '../../src/storage/types.js';
import { launchBrowser, outputPath } from '../helpers/browser.js';
import { FakeGraph } from '../helpers/fake-graph.js';
import { eventually, item, messengerEnv, postWebhook, webhook } from '../helpers/messenger.js';
import { MutableClock, startServer, type RunningServer } from '../helpers/setup.js';

const PASSWORD = 'mat-khau-can-bo-2026';
const XSS = '<img src=x onerror=alert(1)>';

describe('staff console in Chromium (Messenger worker, fake Graph API, fake clock)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let graph: FakeGraph;
  let server: RunningServer;
  let clock: MutableClock;
  let officer: StaffAccount;
  const problems: string[] = [];
  const dialogs: string[] = [];

  before(async function () {
    browser = await launchBrowser(this);
    graph = await new FakeGraph().start();
    clock = new MutableClock();
    server = await startServer({ env: messengerEnv(graph.url), clock });
    officer = {
      id: newStaffId(),
      username: 'lan',
      displayName: 'Chị Lan',
      role: 'staff',
      passwordHash: await hashPassword(PASSWORD),
      createdAt: clock.now().toISOString(),
    };
    await server.storage.createStaff(officer);
    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
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
    await browser?.close().catch(() => undefined);
    await server?.close();
    await graph?.stop();
  });

  const signIn = async () => {
    await page.getByTestId('login-view').waitFor({ state: 'visible' });
    await page.getByTestId('login-username').fill('lan');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-view').waitFor({ state: 'hidden' });
    await page.locator('[data-testid="live"][data-state="on"]').waitFor();
  };
  const sentTo = (psid: string) =>
    graph.messagesTo(psid).map((c) => ({ text: String(c.body.message.text), type: c.body.messaging_type as string, tag: c.body.tag as string | undefined }));

  it('hand-off → appears live → reply with HUMAN_AGENT after 25 h → resolve → the bot answers again', async () => {
    const psid = '2468013579';
    const id = `messenger:${psid}`;

    // Sign in, in Vietnamese.
    await page.goto(`${server.url}/console`);
    await page.getByTestId('login-submit').filter({ hasText: 'Đăng nhập' }).waitFor();
    expect(await page.title()).to.equal('Bàn làm việc cán bộ công đoàn');
    await page.getByTestId('login-username').fill('lan');
    await page.getByTestId('login-password').fill('sai-mat-khau-roi');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').filter({ hasText: 'Sai tên đăng nhập hoặc mật khẩu.' }).waitFor();
    await signIn();
    await page.getByTestId('queue-empty').filter({ hasText: 'Không có cuộc trò chuyện nào đang chờ.' }).waitFor();
    expect(await page.getByTestId('who-name').textContent()).to.equal('Chị Lan');
    // A marker that a reload would wipe out.
    await page.evaluate(() => ((window as unknown as { __stillHere: boolean }).__stillHere = true));

    // The worker asks for a person through a signed webhook; the console shows it without reloading.
    expect((await postWebhook(server.url, webhook([{ messaging: [item.text(psid, 'cho em gặp cán bộ công đoàn')] }]))).status).to.equal(200);
    const row = page.locator(`[data-testid="queue-item"][data-id="${id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent())
      .to.contain('Muốn gặp cán bộ')
      .and.contain('Messenger')
      .and.contain('chờ dưới 1 phút')
      .and.contain('Còn trả lời thường đến');
    await eventually(() => expect(sentTo(psid).some((m) => m.text.includes('cán bộ công đoàn'))).to.equal(true));

    // A second message with markup: shown as text, never as an element.
    await postWebhook(server.url, webhook([{ messaging: [item.text(psid, XSS)] }]));
    await row.getByTestId('queue-preview').filter({ hasText: XSS }).waitFor({ timeout: 10_000 });
    expect(await page.locator('img').count()).to.equal(0);

    // Open it: transcript with author labels, the matched entries, the reply window.
    await row.locator('button').click();
    await page.getByTestId('conversation-view').waitFor();
    const transcript = page.getByTestId('transcript');
    await transcript.locator('[data-author="worker"]').nth(1).waitFor();
    const workerTexts = await transcript.locator('[data-author="worker"] .text').allTextContents();
    expect(workerTexts).to.deep.equal(['cho em gặp cán bộ công đoàn', XSS]);
    expect(await transcript.locator('[data-author="worker"] .who').first().textContent()).to.match(/^Người lao động · /);
    expect(await transcript.locator('[data-author="bot"] .who').first().textContent()).to.match(/^Trợ lý tự động · /);
    expect(await page.locator('img').count()).to.equal(0);
    expect(await page.getByTestId('conv-reason').textContent()).to.equal('Muốn gặp cán bộ');
    expect(await page.getByTestId('conv-window').getAttribute('data-kind')).to.equal('standard');

    // Take it.
    await page.getByTestId('take').click();
    await page.locator('[data-testid="conv-owner"][data-owner="staff"]').waitFor();
    expect(await page.getByTestId('conv-assigned').textContent()).to.contain('Chị Lan');

    // A knowledge-base answer as a starting point fills the reply box.
    await page.getByTestId('kb-q').fill('nghỉ phép năm');
    await page.getByTestId('kb-search').click();
    await page.getByTestId('kb-use').first().click();
    expect(await page.getByTestId('reply-text').inputValue()).to.not.equal('');

    // 25 hours later (the session of 12 hours has ended too): the reply needs the HUMAN_AGENT tag.
    clock.advance(25 * 3600_000);
    const reply = 'Chào em, chị là cán bộ công đoàn. Xin lỗi em vì trả lời muộn; em cần hỗ trợ gì?';
    await page.getByTestId('reply-text').fill(reply);
    await page.getByTestId('reply-send').click();
    await page.getByTestId('login-error').filter({ hasText: 'Phiên đăng nhập đã hết' }).waitFor();
    expect(sentTo(psid).some((m) => m.text === reply)).to.equal(false);
    await signIn();
    // Back in the same conversation, the unsent reply still in the box.
    await page.getByTestId('conversation-view').waitFor();
    expect(await page.getByTestId('reply-text').inputValue()).to.equal(reply);
    await page.locator('[data-testid="conv-window"][data-kind="human_agent"]').waitFor();
    expect(await page.getByTestId('conv-window').textContent()).to.contain('HUMAN_AGENT');
    await page.getByTestId('reply-send').click();

    const delivered = await eventually(() => {
      const m = graph.messagesTo(psid).find((c) => c.body.message.text === reply);
      expect(m).to.not.equal(undefined);
      return m!;
    }, 10_000);
    expect(delivered.body.recipient).to.deep.equal({ id: psid });
    expect(delivered.body.messaging_type).to.equal('MESSAGE_TAG');
    expect(delivered.body.tag).to.equal('HUMAN_AGENT');
    await page.getByTestId('notice').filter({ hasText: 'Đã gửi (HUMAN_AGENT).' }).waitFor();
    await transcript.locator('[data-author="staff"] .text').filter({ hasText: reply }).waitFor();
    expect(await page.getByTestId('reply-text').inputValue()).to.equal('');
    expect(await transcript.locator('[data-author="staff"] .who').first().textContent()).to.match(/^Cán bộ · Chị Lan · /);
    expect(await page.getByTestId('conv-window').textContent()).to.equal('Chỉ còn trả lời bằng thẻ HUMAN_AGENT đến 03/12 09:00 (còn 5 ngày 23 giờ)');
    await page.getByTestId('notice').waitFor({ state: 'hidden' }); // the "sent" toast goes after a few seconds
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: outputPath('console.png'), fullPage: true });

    // Resolve: the bot takes over again and tells the worker so.
    // Resolving asks first, with an outcome ("answered" is preselected).
    await page.getByTestId('resolve').click();
    await page.getByTestId('resolve-confirm').click();
    await page.locator('[data-testid="conv-owner"][data-owner="resolved"]').waitFor();
    await eventually(() => expect(sentTo(psid).some((m) => m.text.includes('trợ lý tự động'))).to.equal(true));
    await transcript.locator('[data-author="bot"] .text').filter({ hasText: 'Cán bộ công đoàn đã kết thúc trao đổi' }).waitFor();

    // The worker's next question is answered by the bot, and the open page shows it (no reload).
    const before = graph.messagesTo(psid).length;
    await postWebhook(server.url, webhook([{ messaging: [item.text(psid, 'nghi phep nam bao nhieu ngay')] }]));
    const answer = await eventually(() => {
      const m = graph
        .messagesTo(psid)
        .slice(before)
        .find((c) => String(c.body.message.text).includes('12 ngày làm việc'));
      expect(m).to.not.equal(undefined);
      return m!;
    }, 10_000);
    expect(answer.body.messaging_type).to.equal('RESPONSE');
    await transcript.locator('[data-author="bot"] .text').filter({ hasText: '12 ngày làm việc' }).first().waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="conv-owner"][data-owner="bot"]').waitFor();
    expect((await server.storage.getConversation(id))!.owner).to.equal('bot');

    // Back to the queue: nobody waiting.
    await page.getByTestId('back').click();
    await page.getByTestId('queue-empty').waitFor();
    expect(await page.locator('[data-testid="queue-item"]').count()).to.equal(0);

    expect(await page.evaluate(() => (window as unknown as { __stillHere?: boolean }).__stillHere)).to.equal(true);
    expect(dialogs, 'no alert() ran').to.deep.equal([]);
    // The failed sign-in and the expired session answered 401: the browser logs those; nothing else.
    expect(problems.filter((p) => !/status of 401/.test(p))).to.deep.equal([]);
  });

  it('a reply Messenger would refuse (more than 7 days) shows the officer why, and nothing is sent', async () => {
    const psid = '1357924680';
    const id = `messenger:${psid}`;
    await page.goto(`${server.url}/console`);
    if (await page.getByTestId('login-view').isVisible()) await signIn();
    await page.locator('[data-testid="live"][data-state="on"]').waitFor();
    await postWebhook(server.url, webhook([{ messaging: [item.text(psid, 'em muốn gặp cán bộ công đoàn')] }]));
    const row = page.locator(`[data-testid="queue-item"][data-id="${id}"]`);
    await row.waitFor({ timeout: 10_000 });

    clock.advance(8 * 24 * 3600_000);
    await row.locator('button').click();
    await page.getByTestId('login-view').waitFor(); // the session ended meanwhile
    await signIn();
    await page.locator('[data-testid="conv-window"][data-kind="closed"]').waitFor();
    expect(await page.getByTestId('conv-window').textContent()).to.equal('Đã quá 7 ngày, không gửi được qua Messenger');
    const before = graph.messagesTo(psid).length;
    await page.getByTestId('reply-text').fill('Chào em, chị xin lỗi vì trả lời muộn.');
    await page.getByTestId('reply-send').click();
    await page.getByTestId('reply-error').filter({ hasText: 'Không gửi được: đã quá 7 ngày kể từ tin nhắn cuối của người lao động.' }).waitFor();
    expect(await page.getByTestId('reply-text').inputValue()).to.equal('Chào em, chị xin lỗi vì trả lời muộn.');
    expect(graph.messagesTo(psid)).to.have.length(before);
    expect(await page.locator('[data-testid="transcript"] [data-author="staff"]').count()).to.equal(0);
  });
});
