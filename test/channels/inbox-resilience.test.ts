/**
 * One event must never stop the inbox (security review, issue 15 item 1): a malformed attachment list,
 * a Botkit handler that throws and a handler that hangs each fail (or are handled) on their own, every
 * other worker is still answered, the failing item is retried a bounded number of times and parked as
 * dead, /healthz counts it, the worker gets one short apology, and admins can list, retry and drop it.
 */
import { expect } from 'chai';
import { newStaffId } from '../../src/console/auth.js';
import { hashPassword } from '../../src/console/passwords.js';
import type { StaffAccount } from '../../src/storage/types.js';
import { FakeGraph } from '../helpers/fake-graph.js';
import { eventually, item, messengerEnv, PAGE_ID, postWebhook, webhook } from '../helpers/messenger.js';
import { startServer, type RunningServer } from '../helpers/setup.js';

const PASSWORD = 'mat-khau-du-dai-2026';
const INBOX_ENV = { INBOX_ITEM_TIMEOUT_SECONDS: '0.5', INBOX_MAX_ATTEMPTS: '3', INBOX_RETRY_SECONDS: '0.05' };

type BotkitHandler = (bot: unknown, message: { user?: string }) => Promise<unknown>;
/** Register one more Botkit handler, as a future feature would (the controller is internal to the router). */
function addBotkitHandler(server: RunningServer, types: string[], handler: BotkitHandler): void {
  const controller = (server.messenger!.router as unknown as { controller: { on(types: string[], h: BotkitHandler): void } }).controller;
  controller.on(types, handler);
}

async function health(server: RunningServer): Promise<any> {
  return (await fetch(`${server.url}/healthz`)).json();
}

const psid = () => `${Math.floor(1e14 + Math.random() * 9e14)}`;
const withAttachments = (user: string, attachments: unknown) => ({
  sender: { id: user },
  recipient: { id: PAGE_ID },
  timestamp: Date.now(),
  message: { mid: `m_bad_${user}`, attachments },
});

class Console {
  cookie = '';
  csrf = '';
  constructor(readonly baseUrl: string) {}
  async login(username: string): Promise<void> {
    const res = await fetch(`${this.baseUrl}/console/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(res.status).to.equal(200);
    this.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }
  async call(method: string, path: string, body?: unknown, csrf: string | null = this.csrf): Promise<{ status: number; json: any }> {
    const headers: Record<string, string> = { Cookie: this.cookie };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (csrf) headers['X-CSRF-Token'] = csrf;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }
}

async function addStaff(server: RunningServer, username: string, role: StaffAccount['role']): Promise<void> {
  await server.storage.createStaff({
    id: newStaffId(),
    username,
    displayName: username,
    role,
    passwordHash: await hashPassword(PASSWORD),
    createdAt: new Date().toISOString(),
  });
}

describe('the inbox cannot be stalled by one event', () => {
  let graph: FakeGraph;
  let server: RunningServer;
  before(async () => {
    graph = await new FakeGraph().start();
  });
  after(async () => graph.stop());
  beforeEach(async () => {
    graph.reset();
    server = await startServer({ env: { ...messengerEnv(graph.url), ...INBOX_ENV } });
  });
  afterEach(async () => server.close());

  it('malformed attachments, a throwing and a hanging handler: every other worker is answered, the failing items end dead', async function () {
    this.timeout(20_000);
    const [nullList, notAList, throws, hangs] = [psid(), psid(), psid(), psid()];
    addBotkitHandler(server, ['message'], async (_bot, message) => {
      if (message.user === throws) throw new Error('boom in a handler');
      if (message.user === hangs) await new Promise(() => undefined);
    });
    const poison = webhook([
      {
        messaging: [withAttachments(nullList, [null]), withAttachments(notAList, { type: 'image' }), item.text(throws, 'chào ad'), item.text(hangs, 'chào ad')],
      },
    ]);
    expect((await postWebhook(server.url, poison)).status).to.equal(200);
    const others = [psid(), psid(), psid()];
    const questions = ['nghi phep nam bao nhieu ngay', 'luong toi thieu vung 1', 'nghi thai san may thang'];
    const expected = ['12 ngày', '5.310.000', '6 tháng'];
    for (let i = 0; i < others.length; i++)
      expect((await postWebhook(server.url, webhook([{ messaging: [item.text(others[i]!, questions[i]!)] }]))).status).to.equal(200);

    // Everyone else is answered within a few seconds.
    await eventually(() => {
      others.forEach((user, i) => expect(graph.textsTo(user).join('\n'), `worker ${i}`).to.contain(expected[i]));
    }, 4000);
    // A malformed attachment list never reaches a handler: it is read as an attachment and answered politely.
    for (const user of [nullList, notAList]) {
      await eventually(() => expect(graph.textsTo(user).join()).to.contain('gõ câu hỏi bằng chữ'));
    }
    // The throwing and the hanging items are retried a bounded number of times, then parked as dead.
    const dead = await eventually(async () => {
      const list = await server.storage.listDeadInbound(10);
      expect(list.map((d) => d.conversationId).sort()).to.deep.equal([`messenger:${throws}`, `messenger:${hangs}`].sort());
      return list;
    }, 10_000);
    for (const d of dead) expect(d.attempts).to.equal(3);
    expect(dead.find((d) => d.conversationId === `messenger:${throws}`)!.error).to.contain('boom in a handler');
    expect(dead.find((d) => d.conversationId === `messenger:${hangs}`)!.error).to.match(/timed out/);
    await eventually(async () => expect(await server.storage.countPendingInbound()).to.equal(0));
    // /healthz counts dead items and says degraded.
    const h = await health(server);
    expect(h.status).to.equal('degraded');
    expect(h.inbox).to.include({ dead: 2, pending: 0 });
    // Each of those workers got exactly one short apology instead of silence (Vietnamese by default).
    for (const user of [throws, hangs]) {
      await eventually(() => expect(graph.textsTo(user)).to.have.length(1));
      expect(String(graph.messagesTo(user)[0]!.body.message.text)).to.match(/^Xin lỗi/);
    }
    // The processor still works: a new message from another worker is answered at once.
    const later = psid();
    await postWebhook(server.url, webhook([{ messaging: [item.text(later, 'nghi phep nam bao nhieu ngay')] }]));
    await eventually(() => expect(graph.textsTo(later).join()).to.contain('12 ngày'), 3000);
  });

  it('a message that failed for good gets an apology and becomes an unanswered question editors see', async function () {
    this.timeout(20_000);
    const [throws, answered] = [psid(), psid()];
    const question = 'cong ty no luong 2 thang thi lam sao';
    addBotkitHandler(server, ['message'], async (_bot, message) => {
      if (message.user === throws) throw new Error('boom in a handler');
    });
    await postWebhook(server.url, webhook([{ messaging: [item.text(throws, question), item.text(answered, 'nghi phep nam bao nhieu ngay')] }]));
    await eventually(async () => expect(await server.storage.countDeadInbound()).to.equal(1), 10_000);
    await eventually(() => expect(graph.textsTo(throws)).to.have.length(1));
    expect(String(graph.messagesTo(throws)[0]!.body.message.text)).to.match(/^Xin lỗi/);

    await addStaff(server, 'editor1', 'editor');
    const editor = new Console(server.url);
    await editor.login('editor1');
    const { status, json } = await editor.call('GET', '/console/api/unanswered');
    expect(status).to.equal(200);
    const failed = json.questions.filter((q: any) => q.outcome === 'failed');
    expect(failed).to.have.length(1);
    expect(failed[0]).to.include({ conversationId: `messenger:${throws}`, text: question, outcome: 'failed' });
    // The worker whose message went through is not among the failed ones.
    expect(json.questions.map((q: any) => q.conversationId)).to.not.include(`messenger:${answered}`);
  });

  it('admins list, retry and drop dead items in the console (role and CSRF checked); /healthz recovers', async function () {
    this.timeout(20_000);
    const [throws, other] = [psid(), psid()];
    let failing = true;
    addBotkitHandler(server, ['message'], async (_bot, message) => {
      if (failing && (message.user === throws || message.user === other)) throw new Error('still broken');
    });
    await postWebhook(server.url, webhook([{ messaging: [item.text(throws, 'nghi phep nam bao nhieu ngay'), item.text(other, 'chào ad')] }]));
    await eventually(async () => expect(await server.storage.countDeadInbound()).to.equal(2), 10_000);

    await addStaff(server, 'admin1', 'admin');
    await addStaff(server, 'lan', 'staff');
    const admin = new Console(server.url);
    await admin.login('admin1');
    const staff = new Console(server.url);
    await staff.login('lan');

    expect((await staff.call('GET', '/console/api/inbox/dead')).status).to.equal(403);
    const listed = await admin.call('GET', '/console/api/inbox/dead');
    expect(listed.status).to.equal(200);
    expect(listed.json.items).to.have.length(2);
    const item0 = listed.json.items.find((i: any) => i.conversationId === `messenger:${throws}`);
    expect(item0).to.include({ attempts: 3 });
    expect(item0.error).to.contain('still broken');
    expect(item0.eventId).to.be.a('string');

    // retry: admin only, CSRF needed, body checked
    expect((await staff.call('POST', '/console/api/inbox/dead/retry', { eventId: item0.eventId })).status).to.equal(403);
    expect((await admin.call('POST', '/console/api/inbox/dead/retry', { eventId: item0.eventId }, null)).status).to.equal(403);
    expect((await admin.call('POST', '/console/api/inbox/dead/retry', { eventId: 42 })).status).to.equal(400);
    expect((await admin.call('POST', '/console/api/inbox/dead/retry', { eventId: 'no-such-event' })).status).to.equal(404);
    failing = false;
    expect((await admin.call('POST', '/console/api/inbox/dead/retry', { eventId: item0.eventId })).status).to.equal(200);
    await eventually(() => expect(graph.textsTo(throws).join()).to.contain('12 ngày'), 5000);

    const other0 = listed.json.items.find((i: any) => i.conversationId === `messenger:${other}`);
    expect((await staff.call('POST', '/console/api/inbox/dead/drop', { eventId: other0.eventId })).status).to.equal(403);
    expect((await admin.call('POST', '/console/api/inbox/dead/drop', { eventId: other0.eventId })).status).to.equal(200);
    expect((await admin.call('POST', '/console/api/inbox/dead/drop', { eventId: other0.eventId })).status).to.equal(404);
    expect((await admin.call('GET', '/console/api/inbox/dead')).json.items).to.deep.equal([]);
    await eventually(async () => {
      const h = await health(server);
      expect(h.inbox).to.include({ dead: 0, pending: 0 });
      expect(h.status).to.equal('ok');
    });
    const audit = (await admin.call('GET', '/console/api/audit')).json.events.map((e: any) => e.action);
    expect(audit).to.include.members(['inbox_retry', 'inbox_drop']);
  });
});

describe('/healthz and an inbox that is not moving', () => {
  it('says degraded when the oldest pending event is older than INBOX_STALE_SECONDS, ok once it is handled', async () => {
    const graph = await new FakeGraph().start();
    const server = await startServer({ env: { ...messengerEnv(graph.url), INBOX_STALE_SECONDS: '60' }, startMessenger: false });
    try {
      const user = psid();
      const old = new Date(Date.now() - 5 * 60_000).toISOString();
      await server.storage.recordInbound({
        eventId: 'mid:stale.1',
        conversationId: `messenger:${user}`,
        payload: JSON.stringify({ item: item.text(user, 'chào ad'), standby: false, pageId: PAGE_ID }),
        receivedAt: old,
      });
      let h = await health(server);
      expect(h.status).to.equal('degraded');
      expect(h.inbox).to.include({ pending: 1, dead: 0, staleAfterSeconds: 60 });
      expect(h.inbox.oldestPendingSeconds).to.be.within(299, 310);
      server.messenger!.start();
      await eventually(async () => {
        h = await health(server);
        expect(h.inbox).to.include({ pending: 0, oldestPendingSeconds: 0 });
        expect(h.status).to.equal('ok');
      });
    } finally {
      await server.close();
      await graph.stop();
    }
  });
});
