/**
 * The staff console JSON API over real HTTP: sign-in, roles, CSRF, rate limiting, cookie flags,
 * the queue, take / assign / reply / resolve through the web chat, audit, server-sent events, and
 * workers' text returned as plain JSON strings.
 */
import { expect } from 'chai';
import { passwordChecks } from '../../src/console/passwords.js';
import type { StaffAccount } from '../../src/storage/types.js';
import { FakeGraph } from '../helpers/fake-graph.js';
import { APP_SECRET, eventually, item, messengerEnv, PAGE_TOKEN, postWebhook, VERIFY_TOKEN, webhook } from '../helpers/messenger.js';
import { setLogLevel } from '../../src/log.js';
import { ChatClient, MutableClock, startServer, type RunningServer } from '../helpers/setup.js';
import { addStaff, ConsoleClient, PASSWORD } from './client.js';

const XSS = '<img src=x onerror=alert(1)>';

/** A web chat worker who asked for a person; returns the client and the conversation id. */
async function waitingWebWorker(server: RunningServer, text = 'cho em gặp cán bộ'): Promise<{ chat: ChatClient; id: string }> {
  const chat = new ChatClient(server.url);
  const { json } = await chat.send({ text });
  expect(json.owner).to.equal('waiting_staff');
  const visitor = chat.cookie.split('=')[1]!;
  return { chat, id: `web:${visitor}` };
}

async function chatMessages(server: RunningServer, chat: ChatClient): Promise<{ owner: string; messages: { author: string; text: string }[] }> {
  return (await (await fetch(`${server.url}/api/chat/messages?after=0`, { headers: { Cookie: chat.cookie } })).json()) as {
    owner: string;
    messages: { author: string; text: string }[];
  };
}

describe('staff console API (HTTP)', function () {
  this.timeout(30000);
  let server: RunningServer;
  let clock: MutableClock;
  let staffA: StaffAccount;
  let staffB: StaffAccount;
  let admin: StaffAccount;

  beforeEach(async () => {
    clock = new MutableClock();
    server = await startServer({ clock });
    [staffA, staffB, , admin] = await Promise.all([
      addStaff(server, 'lan', 'staff', 'Chị Lan'),
      addStaff(server, 'minh', 'staff', 'Anh Minh'),
      addStaff(server, 'hoa', 'editor'),
      addStaff(server, 'quan-tri', 'admin'),
    ]);
  });
  afterEach(async () => server.close());

  const GETS = [
    '/console/api/me',
    '/console/api/queue',
    '/console/api/conversations/web:x',
    '/console/api/staff',
    '/console/api/audit',
    '/console/api/unanswered',
    '/console/api/kb/search?q=nghi',
    '/console/api/events',
  ];
  const POSTS = [
    '/console/api/logout',
    '/console/api/conversations/web:x/take',
    '/console/api/conversations/web:x/assign',
    '/console/api/conversations/web:x/reply',
    '/console/api/conversations/web:x/resolve',
    '/console/api/staff',
  ];

  describe('signed out', () => {
    for (const path of GETS) {
      it(`GET ${path} → 401`, async () => {
        const res = await new ConsoleClient(server.url).get(path);
        expect(res.status).to.equal(401);
        expect(res.json.error.code).to.equal('NOT_SIGNED_IN');
      });
    }
    for (const path of POSTS) {
      it(`POST ${path} → 401`, async () => {
        const res = await new ConsoleClient(server.url).post(path, { text: 'x', staffId: 'y' });
        expect(res.status).to.equal(401);
        expect(res.json.error.code).to.equal('NOT_SIGNED_IN');
      });
    }
    it('a made-up session cookie → 401', async () => {
      const c = new ConsoleClient(server.url);
      c.cookie = 'tlcd_console=not-a-session';
      expect((await c.get('/console/api/queue')).status).to.equal(401);
    });
    for (const bad of ['%E0%A4%A', '%', '%zz', 'a%ZZb;x=1', 'j:{"id":1}']) {
      it(`a malformed session cookie (${bad}) is treated as none: 401 on the API, the page and sign-in still work`, async () => {
        const c = new ConsoleClient(server.url);
        c.cookie = `tlcd_console=${bad}`;
        for (const path of ['/console/api/me', '/console/api/queue', '/console/api/i18n?lang=vi']) {
          const res = await c.get(path);
          expect(res.status, path).to.equal(path.includes('i18n') ? 200 : 401);
          if (res.status === 401) expect(res.json.error.code).to.equal('NOT_SIGNED_IN');
        }
        expect((await fetch(`${server.url}/console`, { headers: { Cookie: c.cookie } })).status).to.equal(200);
        const out = await c.post('/console/api/logout');
        expect(out.status).to.equal(401);
        expect((await c.login('lan')).status).to.equal(200);
        expect((await c.get('/console/api/me')).status).to.equal(200);
      });
    }
    it('an expired session → 401', async () => {
      const c = new ConsoleClient(server.url);
      await c.login('lan');
      expect((await c.get('/console/api/me')).status).to.equal(200);
      clock.advance(12 * 3600_000 + 1000);
      expect((await c.get('/console/api/me')).status).to.equal(401);
    });
    it('login and i18n need no session; the page and its files are served', async () => {
      const i18n = await new ConsoleClient(server.url).get('/console/api/i18n?lang=vi');
      expect(i18n.status).to.equal(200);
      expect(i18n.json.strings.signIn).to.equal('Đăng nhập');
      expect((await new ConsoleClient(server.url).get('/console/api/i18n?lang=en')).json.strings.signIn).to.equal('Sign in');
      const page = await fetch(`${server.url}/console`);
      expect(page.status).to.equal(200);
      expect(page.headers.get('content-security-policy')).to.contain("script-src 'self'");
      const html = await page.text();
      expect(html).to.contain('/console/static/console.js').and.contain('/console/static/console.css');
      expect(html).to.not.match(/<script>|<style|\sstyle=|\son\w+=/i);
      for (const file of ['console.js', 'console.css']) expect((await fetch(`${server.url}/console/static/${file}`)).status).to.equal(200);
      const login = await new ConsoleClient(server.url).post('/console/api/login', { username: 'lan', password: 'wrong-password-x' }, { csrf: null });
      expect(login.status).to.equal(401);
    });
    it('every string the page uses exists in both locales', async () => {
      const vi = (await new ConsoleClient(server.url).get('/console/api/i18n?lang=vi')).json.strings;
      const en = (await new ConsoleClient(server.url).get('/console/api/i18n?lang=en')).json.strings;
      const js = await (await fetch(`${server.url}/console/static/console.js`)).text();
      const html = await (await fetch(`${server.url}/console`)).text();
      const keys = new Set<string>();
      for (const m of js.matchAll(/\bt\('([a-zA-Z_.]*[a-zA-Z_])'[,)]/g)) keys.add(m[1]!);
      for (const m of html.matchAll(/data-i18n="([a-zA-Z_.]+)"/g)) keys.add(m[1]!);
      expect(keys.size).to.be.greaterThan(30);
      const get = (o: any, k: string) => k.split('.').reduce((x, p) => (x && typeof x === 'object' ? x[p] : undefined), o);
      for (const key of keys) {
        expect(get(vi, key), `vi console.${key}`).to.be.a('string');
        expect(get(en, key), `en console.${key}`).to.be.a('string');
      }
    });
  });

  describe('sign-in', () => {
    it('sets an HttpOnly, SameSite=Strict session cookie for /console and returns a CSRF token', async () => {
      const c = new ConsoleClient(server.url);
      const res = await c.login('lan');
      expect(res.status).to.equal(200);
      expect(res.json.account).to.deep.equal({ id: staffA.id, username: 'lan', displayName: 'Chị Lan', role: 'staff' });
      expect(res.json.account).to.not.have.property('passwordHash');
      expect(res.json.csrfToken).to.match(/^[A-Za-z0-9_-]{40,}$/);
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).to.match(/^tlcd_console=[A-Za-z0-9_-]{40,};/);
      const flags = cookie.split(/;\s*/).slice(1);
      expect(flags).to.include('HttpOnly').and.include('SameSite=Strict').and.include('Path=/console');
      expect(flags.some((f) => /^Max-Age=\d+$/.test(f))).to.equal(true);
      expect(flags).to.not.include('Secure'); // plain HTTP on loopback; behind TLS it is added
      const me = await c.get('/console/api/me');
      expect(me.status).to.equal(200);
      expect(me.json.account.username).to.equal('lan');
      expect(me.json.csrfToken).to.equal(c.csrf);
    });

    it('usernames are case-insensitive', async () => {
      expect((await new ConsoleClient(server.url).login('LAN')).status).to.equal(200);
    });

    it('a wrong password or unknown user → 401 with the same message', async () => {
      const a = await new ConsoleClient(server.url).login('lan', 'wrong-password-123');
      const b = await new ConsoleClient(server.url).login('nobody', 'wrong-password-123');
      expect(a.status).to.equal(401);
      expect(b.status).to.equal(401);
      expect(a.json.error.message).to.equal(b.json.error.message);
      expect(a.headers.get('set-cookie')).to.equal(null);
    });

    it('a sign-in body nested too deep → 400 JSON_TOO_DEEP, no password checked', async () => {
      const before = passwordChecks.count;
      const res = await fetch(`${server.url}/console/api/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: `{"username":"lan","password":"${PASSWORD}","x":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      });
      expect(res.status).to.equal(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('JSON_TOO_DEEP');
      expect(res.headers.get('set-cookie')).to.equal(null);
      expect(passwordChecks.count).to.equal(before);
    });

    it('a missing field → 400', async () => {
      expect((await new ConsoleClient(server.url).request('POST', '/console/api/login', { username: 'lan' })).status).to.equal(400);
    });

    it('after 5 failures → 429, even with the right password', async () => {
      const c = new ConsoleClient(server.url);
      for (let i = 0; i < 5; i++) expect((await c.login('lan', `wrong-password-${i}`)).status).to.equal(401);
      const blocked = await c.login('lan', `wrong-password-x`);
      expect(blocked.status).to.equal(429);
      expect(blocked.json.error.code).to.equal('TOO_MANY_REQUESTS');
      expect((await c.login('lan')).status).to.equal(429);
      expect(c.cookie).to.equal('');
    });

    it('50 parallel wrong passwords: at most 5 are checked, the rest → 429, and then the right one is refused too', async () => {
      const before = passwordChecks.count;
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => new ConsoleClient(server.url).login('lan', `wrong-password-${i}`)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).to.have.length.at.most(5);
      expect(statuses.filter((s) => s !== 401 && s !== 429)).to.deep.equal([]);
      expect(passwordChecks.count - before).to.be.at.most(5);
      const right = new ConsoleClient(server.url);
      const res = await right.login('lan');
      expect(res.status).to.equal(429);
      expect(right.cookie).to.equal('');
      expect(passwordChecks.count - before).to.be.at.most(5);
    });

    it('sign-out ends the session and clears the cookie', async () => {
      const c = new ConsoleClient(server.url);
      await c.login('lan');
      const out = await c.post('/console/api/logout');
      expect(out.status).to.equal(200);
      expect(out.headers.get('set-cookie')).to.match(/^tlcd_console=;.*Max-Age=0/);
      expect((await c.get('/console/api/me')).status).to.equal(401);
    });
  });

  describe('roles', () => {
    it('staff may not create accounts, read the audit log or the unanswered questions → 403', async () => {
      const c = new ConsoleClient(server.url);
      await c.login('lan');
      const create = await c.post('/console/api/staff', { username: 'moi', role: 'admin', password: PASSWORD });
      expect(create.status).to.equal(403);
      expect(create.json.error.code).to.equal('FORBIDDEN');
      expect(await server.storage.getStaffByUsername('moi')).to.equal(undefined);
      expect((await c.get('/console/api/audit')).status).to.equal(403);
      expect((await c.get('/console/api/unanswered')).status).to.equal(403);
    });

    it('editors read the unanswered questions but may not create accounts or read the audit log', async () => {
      const c = new ConsoleClient(server.url);
      await c.login('hoa');
      const unanswered = await c.get('/console/api/unanswered');
      expect(unanswered.status).to.equal(200);
      expect(unanswered.json.questions).to.be.an('array');
      expect(unanswered.json.feedback).to.be.an('array');
      expect((await c.get('/console/api/audit')).status).to.equal(403);
      expect((await c.post('/console/api/staff', { username: 'moi', role: 'staff', password: PASSWORD })).status).to.equal(403);
    });

    it('admins create accounts (the new account can sign in) and read the audit log', async () => {
      const c = new ConsoleClient(server.url);
      await c.login('quan-tri');
      const created = await c.post('/console/api/staff', { username: 'Tuan', displayName: 'Anh Tuấn', role: 'staff', password: PASSWORD });
      expect(created.status).to.equal(201);
      expect(created.json.account).to.include({ username: 'tuan', displayName: 'Anh Tuấn', role: 'staff' });
      expect((await c.post('/console/api/staff', { username: 'tuan', role: 'staff', password: PASSWORD })).status).to.equal(409);
      expect((await c.post('/console/api/staff', { username: 'x', role: 'staff', password: PASSWORD })).status).to.equal(400);
      expect((await c.post('/console/api/staff', { username: 'abcd', role: 'boss', password: PASSWORD })).status).to.equal(400);
      expect((await c.post('/console/api/staff', { username: 'abcd', role: 'staff', password: 'short' })).status).to.equal(400);
      expect((await new ConsoleClient(server.url).login('tuan')).status).to.equal(200);
      const audit = await c.get('/console/api/audit');
      expect(audit.status).to.equal(200);
      expect(audit.json.events.some((e: any) => e.action === 'create_staff' && e.staffId === admin.id && e.target === created.json.account.id)).to.equal(true);
      expect((await c.get('/console/api/unanswered')).status).to.equal(200);
    });

    it('GET /console/api/staff lists accounts without password hashes', async () => {
      const c = new ConsoleClient(server.url);
      await c.login('lan');
      const res = await c.get('/console/api/staff');
      expect(res.status).to.equal(200);
      expect(res.json.staff.map((s: any) => s.username).sort()).to.deep.equal(['hoa', 'lan', 'minh', 'quan-tri']);
      for (const s of res.json.staff) expect(Object.keys(s).sort()).to.deep.equal(['displayName', 'id', 'role', 'username']);
    });
  });

  describe('request bodies', () => {
    it('a missing or wrong field → 400 BAD_REQUEST whose message names the field; nothing is created or changed', async () => {
      const anon = new ConsoleClient(server.url);
      const admin = new ConsoleClient(server.url);
      await admin.login('quan-tri');
      const cases: [client: ConsoleClient, path: string, body: unknown, field: string][] = [
        [anon, '/console/api/login', { username: 'lan' }, 'password'],
        [anon, '/console/api/login', { username: 42, password: PASSWORD }, 'username'],
        [anon, '/console/api/login', ['lan', PASSWORD], 'body'],
        [admin, '/console/api/conversations/web:x/reply', { text: 5 }, 'text'],
        [admin, '/console/api/conversations/web:x/reply', {}, 'text'],
        [admin, '/console/api/conversations/web:x/assign', { staffId: ['a'] }, 'staffId'],
        [admin, '/console/api/staff', { username: 'abcd', role: 'boss', password: PASSWORD }, 'role'],
        [admin, '/console/api/staff', { username: 'abcd', role: 'staff' }, 'password'],
        [admin, '/console/api/staff', { username: 'abcd', role: 'staff', password: PASSWORD, displayName: 7 }, 'displayName'],
        [admin, '/console/api/inbox/dead/retry', { eventId: 12 }, 'eventId'],
        [admin, '/console/api/inbox/dead/drop', {}, 'eventId'],
      ];
      for (const [client, path, body, field] of cases) {
        const res = await client.post(path, body, client === anon ? { csrf: null } : {});
        expect(res.status, `${path} ${JSON.stringify(body)}`).to.equal(400);
        expect(res.json.error.code).to.equal('BAD_REQUEST');
        expect(res.json.error.message, `${path} ${JSON.stringify(body)}`).to.contain(`${field}: `);
      }
      expect((await admin.get('/console/api/staff')).json.staff.map((s: any) => s.username)).to.not.include('abcd');
      expect(anon.cookie).to.equal('');
    });
  });

  describe('CSRF', () => {
    const bodies: Record<string, unknown> = {
      assign: { staffId: 'SELF' },
      reply: { text: 'Chào em' },
      staff: { username: 'moi', role: 'staff', password: PASSWORD },
    };
    for (const path of POSTS) {
      for (const variant of ['missing', 'wrong', "another session's"] as const) {
        it(`POST ${path} with ${variant === 'missing' || variant === 'wrong' ? `a ${variant}` : variant} token → 403, nothing changes`, async () => {
          const { id } = await waitingWebWorker(server);
          const c = new ConsoleClient(server.url);
          await c.login('quan-tri');
          const other = new ConsoleClient(server.url);
          await other.login('lan');
          const token = variant === 'missing' ? null : variant === 'wrong' ? `${c.csrf.slice(0, -2)}xx` : other.csrf;
          const name = path.split('/').at(-1)!;
          const body = JSON.parse(JSON.stringify(bodies[name] ?? {}).replace('SELF', admin.id));
          const res = await c.post(path.replace('web:x', encodeURIComponent(id)), body, { csrf: token });
          expect(res.status).to.equal(403);
          expect(res.json.error.code).to.equal('BAD_CSRF');
          expect((await c.get('/console/api/me')).status).to.equal(200); // logout did not happen
          const conversation = (await server.storage.getConversation(id))!;
          expect(conversation.owner).to.equal('waiting_staff');
          expect(conversation.assignedTo).to.equal(undefined);
          expect((await server.storage.listMessages(id, 100)).filter((m) => m.author === 'staff')).to.have.length(0);
          expect(await server.storage.getStaffByUsername('moi')).to.equal(undefined);
        });
      }
    }
  });

  describe('the queue', () => {
    it('urgent first, then the longest waiting; conversations staff already hold come after the waiting ones', async () => {
      const a = await waitingWebWorker(server, 'cho em gặp cán bộ');
      clock.advance(10 * 60_000);
      const b = await waitingWebWorker(server, 'cho em gặp cán bộ công đoàn');
      clock.advance(10 * 60_000);
      const c = await waitingWebWorker(server, 'anh em vừa bị tai nạn ở xưởng, máy cuốn tay, giờ phải làm sao');
      clock.advance(60_000);
      const lan = new ConsoleClient(server.url);
      await lan.login('lan');
      const queue = await lan.get('/console/api/queue');
      expect(queue.status).to.equal(200);
      expect(queue.json.now).to.equal(clock.now().toISOString());
      expect(queue.json.items.map((i: any) => i.id)).to.deep.equal([c.id, a.id, b.id]);
      const [first, second, third] = queue.json.items;
      expect(first).to.include({ urgent: true, channel: 'web', owner: 'waiting_staff', handoffReason: 'urgent', waitingMs: 60_000 });
      expect(first.preview).to.contain('tai nạn');
      expect(first.window).to.deep.equal({ kind: 'web' });
      expect(second).to.include({ urgent: false, handoffReason: 'asked', waitingMs: 21 * 60_000, preview: 'cho em gặp cán bộ' });
      expect(third.waitingMs).to.equal(11 * 60_000);

      expect((await lan.post(`/console/api/conversations/${encodeURIComponent(a.id)}/take`)).status).to.equal(200);
      const after = await lan.get('/console/api/queue');
      expect(after.json.items.map((i: any) => i.id)).to.deep.equal([c.id, b.id, a.id]);
      expect(after.json.items[2]).to.include({ owner: 'staff', assignedTo: staffA.id });
    });

    it('shows how long the Messenger reply window stays open: 24 h, then 7 days with HUMAN_AGENT, then closed', async () => {
      const graph = await new FakeGraph().start();
      const m = await startServer({ env: messengerEnv(graph.url), clock });
      try {
        await addStaff(m, 'lan', 'staff');
        const psid = '7700112233';
        await postWebhook(m.url, webhook([{ messaging: [item.text(psid, 'cho em gặp cán bộ công đoàn')] }]));
        await eventually(async () => expect((await m.storage.getConversation(`messenger:${psid}`))?.owner).to.equal('waiting_staff'));
        const last = Date.parse((await m.storage.getConversation(`messenger:${psid}`))!.lastUserMessageAt!);
        const c = new ConsoleClient(m.url);
        await c.login('lan');
        const windowNow = async () => (await c.get('/console/api/queue')).json.items[0].window;
        expect(await windowNow()).to.deep.equal({ kind: 'standard', closesAt: new Date(last + 24 * 3600_000).toISOString() });
        clock.advance(25 * 3600_000);
        expect((await c.get('/console/api/queue')).status).to.equal(401); // sessions last 12 hours
        await c.login('lan');
        expect(await windowNow()).to.deep.equal({ kind: 'human_agent', closesAt: new Date(last + 7 * 24 * 3600_000).toISOString() });
        clock.advance(6 * 24 * 3600_000);
        await c.login('lan');
        expect((await windowNow()).kind).to.equal('closed');
        const reply = await c.post(`/console/api/conversations/${encodeURIComponent(`messenger:${psid}`)}/reply`, { text: 'Xin lỗi em, chị trả lời muộn.' });
        expect(reply.status).to.equal(422);
        expect(reply.json.error.code).to.equal('WINDOW_CLOSED');
        expect(graph.messagesTo(psid).filter((x) => x.body.message.text === 'Xin lỗi em, chị trả lời muộn.')).to.have.length(0);
        expect((await m.storage.listMessages(`messenger:${psid}`, 100)).filter((x) => x.author === 'staff')).to.have.length(0);
      } finally {
        await m.close();
        await graph.stop();
      }
    });
  });

  describe('secrets in Graph errors', () => {
    it('a Graph error text holding the page token, app secret or verify token never reaches the staff reply or a log line', async () => {
      const graph = await new FakeGraph().start();
      const m = await startServer({ env: messengerEnv(graph.url), clock });
      const lines: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      try {
        await addStaff(m, 'lan', 'staff');
        const psid = '7700445566';
        await postWebhook(m.url, webhook([{ messaging: [item.text(psid, 'cho em gặp cán bộ công đoàn')] }]));
        await eventually(async () => expect((await m.storage.getConversation(`messenger:${psid}`))?.owner).to.equal('waiting_staff'));
        const c = new ConsoleClient(m.url);
        await c.login('lan');
        const text = 'Chị đã nhận được câu hỏi của em.';
        graph.failWhen((call) => call.body.message?.text === text, {
          status: 400,
          error: { message: `Malformed access token ${PAGE_TOKEN} (app ${APP_SECRET}, verify ${VERIFY_TOKEN})`, code: 190 },
        });
        setLogLevel('debug');
        process.stderr.write = ((chunk: string | Uint8Array) => {
          lines.push(String(chunk));
          return true;
        }) as typeof process.stderr.write;
        const reply = await c.post(`/console/api/conversations/${encodeURIComponent(`messenger:${psid}`)}/reply`, { text });
        process.stderr.write = write;
        setLogLevel('error');
        expect(reply.status).to.equal(502);
        expect(reply.json.error.code).to.equal('SEND_FAILED');
        expect(reply.json.error.message).to.include('Malformed access token');
        const seen = JSON.stringify(reply.json) + lines.join('');
        for (const secret of [PAGE_TOKEN, APP_SECRET, VERIFY_TOKEN]) expect(seen).to.not.include(secret);
        expect(lines.join('')).to.include('access token rejected');
      } finally {
        process.stderr.write = write;
        setLogLevel('error');
        await m.close();
        await graph.stop();
      }
    });
  });

  describe('take, assign, reply, resolve through the web chat', () => {
    it('round trip: the worker sees the staff reply, and after resolve the bot answers again', async () => {
      const { chat, id } = await waitingWebWorker(server);
      const path = (action: string) => `/console/api/conversations/${encodeURIComponent(id)}/${action}`;
      const lan = new ConsoleClient(server.url);
      await lan.login('lan');

      const view = await lan.get(`/console/api/conversations/${encodeURIComponent(id)}`);
      expect(view.status).to.equal(200);
      expect(view.json.conversation).to.include({ id, owner: 'waiting_staff', channel: 'web', handoffReason: 'asked' });
      expect(view.json.messages[0]).to.include({ author: 'worker', text: 'cho em gặp cán bộ' });
      expect(view.json.messages.slice(1).every((m: any) => m.author === 'bot')).to.equal(true);
      expect(view.json.ownership.at(-1)).to.include({ from: 'bot', to: 'waiting_staff', by: 'bot' });

      const take = await lan.post(path('take'));
      expect(take.status).to.equal(200);
      expect(take.json.conversation).to.include({ owner: 'staff', assignedTo: staffA.id });

      const assign = await lan.post(path('assign'), { staffId: staffB.id });
      expect(assign.status).to.equal(200);
      expect(assign.json.conversation.assignedTo).to.equal(staffB.id);
      expect((await lan.post(path('assign'), { staffId: 'nobody' })).status).to.equal(400);

      const minh = new ConsoleClient(server.url);
      await minh.login('minh');
      expect((await minh.post(path('reply'), { text: '   ' })).status).to.equal(400);
      expect((await minh.post(path('reply'), { text: 'x'.repeat(4001) })).status).to.equal(400);
      const reply = await minh.post(path('reply'), { text: '  Chào em, anh là cán bộ công đoàn. Em cần hỏi gì?  ' });
      expect(reply.status).to.equal(200);
      expect(reply.json.via).to.equal('web');

      const seen = await chatMessages(server, chat);
      expect(seen.owner).to.equal('staff');
      expect(seen.messages.at(-1)).to.deep.include({ author: 'staff', text: 'Chào em, anh là cán bộ công đoàn. Em cần hỏi gì?' });

      // While staff hold it, the worker's messages go to staff, not to the bot.
      const meanwhile = await chat.send({ text: 'em bị nợ lương 2 tháng' });
      expect(meanwhile.json.owner).to.equal('staff');
      const transcript = await minh.get(`/console/api/conversations/${encodeURIComponent(id)}`);
      expect(transcript.json.messages.map((m: any) => m.author)).to.include('staff');
      expect(transcript.json.messages.find((m: any) => m.author === 'staff')).to.include({ staffId: staffB.id });
      expect(transcript.json.messages.filter((m: any) => m.author === 'worker').at(-1).text).to.equal('em bị nợ lương 2 tháng');

      const resolve = await minh.post(path('resolve'));
      expect(resolve.status).to.equal(200);
      expect(resolve.json.conversation).to.include({ owner: 'resolved', assignedTo: null, urgent: false });
      expect((await minh.post(path('resolve'))).status).to.equal(409);

      const afterResolve = await chatMessages(server, chat);
      expect(afterResolve.messages.at(-1)!.author).to.equal('bot');
      expect(afterResolve.messages.at(-1)!.text).to.contain('trợ lý tự động');

      const next = await chat.send({ text: 'nghi phep nam bao nhieu ngay' });
      expect(next.json.outcome).to.equal('answer');
      expect(next.json.owner).to.equal('bot');
      expect(String(next.json.text)).to.contain('12 ngày làm việc');

      const queue = await lan.get('/console/api/queue');
      expect(queue.json.items.map((i: any) => i.id)).to.not.include(id);

      const final = await lan.get(`/console/api/conversations/${encodeURIComponent(id)}`);
      expect(final.json.matched.map((m: any) => m.entryId)).to.include(next.json.entryId);
      expect(final.json.ownership.map((o: any) => `${o.from}>${o.to}:${o.by}`)).to.deep.equal([
        'bot>waiting_staff:bot',
        `waiting_staff>staff:${staffA.id}`,
        `staff>resolved:${staffB.id}`,
        'resolved>bot:bot',
      ]);
    });

    it('records every staff action in the audit log', async () => {
      const { id } = await waitingWebWorker(server);
      const path = (action: string) => `/console/api/conversations/${encodeURIComponent(id)}/${action}`;
      const lan = new ConsoleClient(server.url);
      await lan.login('lan');
      await lan.post(path('take'));
      await lan.post(path('assign'), { staffId: staffB.id });
      await lan.post(path('reply'), { text: 'Chào em' });
      await lan.post(path('resolve'));
      const admin = new ConsoleClient(server.url);
      await admin.login('quan-tri');
      const events = (await admin.get('/console/api/audit')).json.events as { action: string; staffId: string; target?: string; detail?: string; at: string }[];
      const mine = events.filter((e) => e.staffId === staffA.id);
      expect(mine.map((e) => e.action).sort()).to.deep.equal(['assign', 'reply', 'resolve', 'sign_in', 'take']);
      for (const e of mine.filter((x) => x.action !== 'sign_in')) expect(e.target).to.equal(id);
      expect(mine.find((e) => e.action === 'assign')!.detail).to.equal('minh');
      expect(mine.find((e) => e.action === 'reply')!.detail).to.equal('web');
      expect(events.some((e) => e.action === 'sign_in' && e.staffId === admin.account.id)).to.equal(true);
    });

    it('replying to a conversation the bot owns → 409 and nothing is sent', async () => {
      const chat = new ChatClient(server.url);
      await chat.send({ text: 'nghi phep nam bao nhieu ngay' });
      const id = `web:${chat.cookie.split('=')[1]}`;
      const lan = new ConsoleClient(server.url);
      await lan.login('lan');
      const res = await lan.post(`/console/api/conversations/${encodeURIComponent(id)}/reply`, { text: 'Chào em' });
      expect(res.status).to.equal(409);
      expect((await server.storage.listMessages(id, 100)).some((m) => m.author === 'staff')).to.equal(false);
      // Taking it first works.
      expect((await lan.post(`/console/api/conversations/${encodeURIComponent(id)}/take`)).status).to.equal(200);
      expect((await lan.post(`/console/api/conversations/${encodeURIComponent(id)}/reply`, { text: 'Chào em' })).status).to.equal(200);
    });

    it('unknown conversations → 404', async () => {
      const lan = new ConsoleClient(server.url);
      await lan.login('lan');
      expect((await lan.get('/console/api/conversations/web:nope')).status).to.equal(404);
      for (const action of ['take', 'resolve']) expect((await lan.post(`/console/api/conversations/web:nope/${action}`)).status).to.equal(404);
      expect((await lan.post('/console/api/conversations/web:nope/reply', { text: 'x' })).status).to.equal(404);
      expect((await lan.post('/console/api/conversations/web:nope/assign', { staffId: staffA.id })).status).to.equal(404);
    });
  });

  describe('knowledge-base answers for a reply', () => {
    it('searches and returns composed answers', async () => {
      const lan = new ConsoleClient(server.url);
      await lan.login('lan');
      const res = await lan.get(`/console/api/kb/search?q=${encodeURIComponent('nghỉ phép năm bao nhiêu ngày')}`);
      expect(res.status).to.equal(200);
      expect(res.json.entries.length).to.be.within(1, 5);
      expect(res.json.entries[0]).to.have.keys(['id', 'title', 'text']);
      expect(res.json.entries.map((e: any) => e.text).join('\n')).to.contain('12 ngày làm việc');
      expect((await lan.get('/console/api/kb/search?q=')).json.entries).to.deep.equal([]);
    });
  });

  describe("a worker's text is data, never markup", () => {
    it('comes back as the exact JSON string, in the queue and in the transcript', async () => {
      const { chat, id } = await waitingWebWorker(server);
      await chat.send({ text: XSS });
      const lan = new ConsoleClient(server.url);
      await lan.login('lan');
      const queue = await lan.get('/console/api/queue');
      expect(queue.headers.get('content-type')).to.match(/^application\/json/);
      expect(queue.json.items.find((i: any) => i.id === id).preview).to.equal(XSS);
      const view = await lan.get(`/console/api/conversations/${encodeURIComponent(id)}`);
      expect(view.headers.get('content-type')).to.match(/^application\/json/);
      expect(view.json.messages.filter((m: any) => m.author === 'worker').map((m: any) => m.text)).to.include(XSS);
    });
  });

  describe('server-sent events', () => {
    it('streams new escalations and new worker messages to signed-in staff', async () => {
      const lan = new ConsoleClient(server.url);
      await lan.login('lan');
      const controller = new AbortController();
      const res = await fetch(`${server.url}/console/api/events`, { headers: { Cookie: lan.cookie }, signal: controller.signal });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/event-stream/);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let received = '';
      const until = async (pattern: RegExp) => {
        const deadline = Date.now() + 5000;
        while (!pattern.test(received)) {
          if (Date.now() > deadline) throw new Error(`no ${pattern} in ${received}`);
          const { value, done } = await reader.read();
          if (done) throw new Error('stream ended');
          received += decoder.decode(value, { stream: true });
        }
      };
      try {
        await until(/retry: \d+/);
        const { chat, id } = await waitingWebWorker(server);
        await until(/event: escalated\ndata: .*\n\n/);
        const escalated = JSON.parse(/event: escalated\ndata: (.*)\n/.exec(received)![1]!);
        expect(escalated).to.deep.equal({ type: 'escalated', conversationId: id, urgent: false, reason: 'asked' });
        received = '';
        await chat.send({ text: XSS });
        await until(/event: worker_message\ndata: .*\n\n/);
        const message = JSON.parse(/event: worker_message\ndata: (.*)\n/.exec(received)![1]!);
        expect(message).to.include({ conversationId: id, text: XSS });
      } finally {
        controller.abort();
        await reader.cancel().catch(() => undefined);
      }
    });
  });
});
