/**
 * Administration (issue 16 item 6) over real HTTP with a real SQLite file: accounts, one-time reset
 * codes and the public password reset, the audit log's filters, retention settings — and the hourly
 * purge acting on those settings (purge.ts called directly on a real SqliteStorage).
 */
import { expect } from 'chai';
import path from 'node:path';
import { passwordChecks } from '../../src/console/passwords.js';
import { purgeExpired } from '../../src/storage/purge.js';
import { RETENTION_KEY, storedRetention } from '../../src/storage/retention.js';
import { SqliteStorage } from '../../src/storage/sqlite.js';
import type { ConversationRecord, StaffAccount } from '../../src/storage/types.js';
import { MutableClock, startServer, tempDir, type RunningServer } from '../helpers/setup.js';
import { addStaff, ConsoleClient, PASSWORD, waitingWebWorker } from './client.js';

const NEW_PASSWORD = 'mat-khau-moi-rat-dai-2027';
const DAY = 24 * 3600_000;
const CODE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{5}-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{5}$/;

describe('console administration (admin role, HTTP)', function () {
  this.timeout(60_000);
  let server: RunningServer;
  let clock: MutableClock;
  let lan: StaffAccount;
  let admin: StaffAccount;
  let quanTri: ConsoleClient;

  beforeEach(async () => {
    clock = new MutableClock('2026-11-26T09:00:00+07:00');
    server = await startServer({ clock });
    [lan, , , admin] = await Promise.all([
      addStaff(server, 'lan', 'staff', 'Chị Lan'),
      addStaff(server, 'hoa', 'editor'),
      addStaff(server, 'phap', 'reviewer'),
      addStaff(server, 'quan-tri', 'admin'),
    ]);
    quanTri = await ConsoleClient.signedIn(server.url, 'quan-tri');
  });
  afterEach(async () => server.close());

  const reset = (body: unknown) => new ConsoleClient(server.url).post('/console/api/password-reset', body, { csrf: null });

  describe('who may', () => {
    const routes = (id: string): [method: 'GET' | 'POST', path: string, body?: unknown][] => [
      ['GET', '/console/api/admin/accounts'],
      ['POST', '/console/api/admin/accounts', { username: 'moi-moi', role: 'staff', password: PASSWORD }],
      ['POST', `/console/api/admin/accounts/${id}`, { role: 'admin' }],
      ['POST', `/console/api/admin/accounts/${id}/reset`, {}],
      ['GET', '/console/api/admin/audit'],
      ['GET', '/console/api/admin/retention'],
      ['POST', '/console/api/admin/retention', { conversationRetentionDays: 30 }],
    ];

    it('signed out → 401; staff, editors and reviewers → 403; nothing changes', async () => {
      for (const [method, path, body] of routes(lan.id)) {
        const anon = await new ConsoleClient(server.url).request(method, path, body);
        expect(anon.status, `${method} ${path} signed out`).to.equal(401);
        for (const username of ['lan', 'hoa', 'phap']) {
          const c = await ConsoleClient.signedIn(server.url, username);
          const res = await c.request(method, path, body);
          expect(res.status, `${method} ${path} as ${username}`).to.equal(403);
          expect(res.json.error.code).to.equal('FORBIDDEN');
        }
      }
      expect((await server.storage.getStaff(lan.id))!.role).to.equal('staff');
      expect(await server.storage.getStaffByUsername('moi-moi')).to.equal(undefined);
      expect(await storedRetention(server.storage)).to.deep.equal({});
    });

    it('an admin without the CSRF token is refused every change', async () => {
      for (const [, path, body] of routes(lan.id).filter(([m]) => m === 'POST')) {
        const res = await quanTri.post(path, body, { csrf: null });
        expect(res.status, path).to.equal(403);
        expect(res.json.error.code).to.equal('BAD_CSRF');
        expect((await quanTri.post(path, body, { csrf: 'wrong' })).status, path).to.equal(403);
      }
      expect((await server.storage.getStaff(lan.id))!.role).to.equal('staff');
      expect((await server.storage.getStaff(lan.id))!.resetCodeHash).to.equal(undefined);
    });
  });

  describe('accounts', () => {
    it('lists every account, disabled ones too, with role, creation and last sign-in — never a hash', async () => {
      await quanTri.post(`/console/api/admin/accounts/${lan.id}`, { disabled: true });
      const res = await quanTri.get('/console/api/admin/accounts');
      expect(res.status).to.equal(200);
      expect(res.json.accounts.map((a: any) => a.username)).to.deep.equal(['hoa', 'lan', 'phap', 'quan-tri']);
      const byName = Object.fromEntries(res.json.accounts.map((a: any) => [a.username, a]));
      expect(byName.lan).to.include({ role: 'staff', disabled: true, displayName: 'Chị Lan', lastSignInAt: null });
      expect(byName['quan-tri']).to.include({ role: 'admin', disabled: false, lastSignInAt: clock.now().toISOString() });
      expect(byName.phap.createdAt).to.be.a('string');
      expect(res.text).to.not.match(/scrypt|passwordHash|resetCodeHash|sessionEpoch/);
      expect(res.json.me).to.equal(admin.id);
    });

    it('creates an account (also under the older /console/api/staff), audited; the new account signs in', async () => {
      const created = await quanTri.post('/console/api/admin/accounts', { username: ' Tuan.Le ', displayName: 'Anh Tuấn', role: 'editor', password: PASSWORD });
      expect(created.status).to.equal(201);
      expect(created.json.account).to.include({ username: 'tuan.le', displayName: 'Anh Tuấn', role: 'editor', disabled: false });
      expect(created.text).to.not.contain('scrypt');
      expect((await ConsoleClient.signedIn(server.url, 'tuan.le')).account.role).to.equal('editor');
      expect((await quanTri.post('/console/api/staff', { username: 'mai', role: 'staff', password: PASSWORD })).status).to.equal(201);
      const dup = await quanTri.post('/console/api/admin/accounts', { username: 'TUAN.LE', role: 'staff', password: PASSWORD });
      expect(dup.status).to.equal(409);
      const short = await quanTri.post('/console/api/admin/accounts', { username: 'abc', role: 'staff', password: 'ngan' });
      expect(short.status).to.equal(400);
      expect(short.json.error.message).to.contain('password: password must be at least 10 characters');
      const audit = await server.storage.listAudit(50);
      expect(audit.filter((e) => e.action === 'create_staff').map((e) => e.detail)).to.deep.equal(['mai (staff)', 'tuan.le (editor)']);
    });

    it('changes role and display name, each change audited; wrong bodies → 400 naming the field', async () => {
      const res = await quanTri.post(`/console/api/admin/accounts/${lan.id}`, { role: 'reviewer', displayName: '  Nguyễn Thị Lan ' });
      expect(res.status).to.equal(200);
      expect(res.json.account).to.include({ role: 'reviewer', displayName: 'Nguyễn Thị Lan' });
      expect((await server.storage.getStaff(lan.id))!.role).to.equal('reviewer');
      const audit = await server.storage.listAudit(10);
      expect(audit.find((e) => e.action === 'staff_role')).to.include({ staffId: admin.id, target: lan.id, detail: 'lan: staff → reviewer' });
      expect(audit.find((e) => e.action === 'staff_display_name')).to.include({ target: lan.id, detail: 'lan: Nguyễn Thị Lan' });
      const cases: [unknown, string][] = [
        [{}, 'role: give role, displayName or disabled'],
        [{ role: 'boss' }, 'role: staff, editor, reviewer or admin'],
        [{ disabled: 'yes' }, 'disabled: disabled must be true or false'],
        [{ displayName: '   ' }, 'displayName: give the display name'],
        [{ displayName: 'x'.repeat(81) }, 'displayName: at most 80 characters'],
        [{ role: 'staff', passwordHash: 'x' }, 'Unrecognized key'],
      ];
      for (const [body, message] of cases) {
        const bad = await quanTri.post(`/console/api/admin/accounts/${lan.id}`, body);
        expect(bad.status, JSON.stringify(body)).to.equal(400);
        expect(bad.json.error.message, JSON.stringify(body)).to.contain(message);
      }
      expect((await quanTri.post('/console/api/admin/accounts/nobody', { role: 'staff' })).status).to.equal(404);
    });

    it('an admin can neither disable themselves nor give up their own admin role: the last admin stays', async () => {
      for (const body of [{ disabled: true }, { role: 'reviewer' }, { role: 'staff', displayName: 'Tôi' }]) {
        const res = await quanTri.post(`/console/api/admin/accounts/${admin.id}`, body);
        expect(res.status, JSON.stringify(body)).to.equal(409);
        expect(res.json.error.code).to.equal('OWN_ACCOUNT');
      }
      const me = (await server.storage.getStaff(admin.id))!;
      expect(me).to.include({ role: 'admin', displayName: 'quan-tri' });
      expect(me.disabled).to.equal(undefined);
      // Their own name they may change; and with a second admin, one may demote the other.
      expect((await quanTri.post(`/console/api/admin/accounts/${admin.id}`, { displayName: 'Ban quản trị' })).status).to.equal(200);
      const second = await addStaff(server, 'quan-tri-2', 'admin');
      expect((await quanTri.post(`/console/api/admin/accounts/${second.id}`, { role: 'staff' })).status).to.equal(200);
      const demoted = await ConsoleClient.signedIn(server.url, 'quan-tri-2');
      expect((await demoted.post(`/console/api/admin/accounts/${admin.id}`, { disabled: true })).status).to.equal(403);
    });

    it('disabling ends the account’s sessions at once, and they stay ended when it is enabled again', async () => {
      const officer = await ConsoleClient.signedIn(server.url, 'lan');
      expect((await officer.get('/console/api/me')).status).to.equal(200);
      const off = await quanTri.post(`/console/api/admin/accounts/${lan.id}`, { disabled: true });
      expect(off.status).to.equal(200);
      expect(off.json.account.disabled).to.equal(true);
      expect((await officer.get('/console/api/me')).status).to.equal(401);
      expect((await officer.get('/console/api/queue')).status).to.equal(401);
      expect((await officer.post('/console/api/logout')).status).to.equal(401);
      expect((await new ConsoleClient(server.url).login('lan')).status).to.equal(401);
      expect((await quanTri.post(`/console/api/admin/accounts/${lan.id}/reset`)).json.error.code).to.equal('ACCOUNT_DISABLED');
      const on = await quanTri.post(`/console/api/admin/accounts/${lan.id}`, { disabled: false });
      expect(on.json.account.disabled).to.equal(false);
      expect((await officer.get('/console/api/me')).status, 'the old session stays ended').to.equal(401);
      const again = await ConsoleClient.signedIn(server.url, 'lan');
      expect((await again.get('/console/api/me')).status).to.equal(200);
      const actions = (await server.storage.listAudit(20)).map((e) => e.action);
      expect(actions).to.include.members(['staff_disabled', 'staff_enabled']);
    });

    it('an event stream opened before the account was disabled ends instead of carrying workers’ messages on', async () => {
      const officer = await ConsoleClient.signedIn(server.url, 'lan');
      const controller = new AbortController();
      const res = await fetch(`${server.url}/console/api/events`, { headers: { Cookie: officer.cookie }, signal: controller.signal });
      expect(res.status).to.equal(200);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let received = '';
      const read = async () => {
        const { value, done } = await reader.read();
        if (!done) received += decoder.decode(value, { stream: true });
        return done;
      };
      try {
        while (!/retry: \d+/.test(received)) expect(await read()).to.equal(false);
        await waitingWebWorker(server);
        while (!/event: escalated/.test(received)) expect(await read()).to.equal(false);
        received = '';
        await quanTri.post(`/console/api/admin/accounts/${lan.id}`, { disabled: true });
        await waitingWebWorker(server, 'cho em gặp cán bộ, chuyện riêng của em');
        let ended = false;
        while (!ended) ended = await read();
        expect(received).to.not.contain('chuyện riêng');
        expect(received).to.not.contain('event:');
      } finally {
        controller.abort();
      }
    });
  });

  describe('password reset with a one-time code', () => {
    it('the admin gets the code once; its owner sets a new password with it, once; old password and sessions end', async () => {
      const officer = await ConsoleClient.signedIn(server.url, 'lan');
      const made = await quanTri.post(`/console/api/admin/accounts/${lan.id}/reset`);
      expect(made.status).to.equal(200);
      expect(made.headers.get('cache-control')).to.equal('no-store');
      const code: string = made.json.code;
      expect(code).to.match(CODE);
      expect(made.json.expiresAt).to.equal(new Date(clock.now().getTime() + DAY).toISOString());
      // Kept only as a hash; not in the audit log, not in the account list.
      const stored = (await server.storage.getStaff(lan.id))!;
      expect(stored.resetCodeHash).to.match(/^scrypt\$/);
      expect(JSON.stringify(stored)).to.not.contain(code.replace('-', ''));
      const audit = await server.storage.listAudit(5);
      expect(audit[0]).to.include({ action: 'reset_code', staffId: admin.id, target: lan.id });
      expect(JSON.stringify(audit)).to.not.contain(code.slice(0, 5));
      const listed = (await quanTri.get('/console/api/admin/accounts')).json.accounts.find((a: any) => a.id === lan.id);
      expect(listed.resetCodeExpiresAt).to.equal(made.json.expiresAt);
      expect(JSON.stringify(listed)).to.not.contain(code.slice(0, 5));
      expect((await officer.get('/console/api/me')).status, 'a code alone changes nothing yet').to.equal(200);

      // Typed as people type it: lower case, no dash.
      const done = await reset({ username: 'LAN', code: code.toLowerCase().replace('-', ' '), password: NEW_PASSWORD });
      expect(done.status, done.text).to.equal(200);
      expect((await new ConsoleClient(server.url).login('lan', PASSWORD)).status).to.equal(401);
      expect((await new ConsoleClient(server.url).login('lan', NEW_PASSWORD)).status).to.equal(200);
      expect((await officer.get('/console/api/me')).status, 'sessions from before the reset end').to.equal(401);
      const after = (await server.storage.getStaff(lan.id))!;
      expect(after.resetCodeHash).to.equal(undefined);
      expect(after.resetCodeExpiresAt).to.equal(undefined);
      expect((await server.storage.listAudit(5)).find((e) => e.action === 'password_reset')).to.include({ staffId: lan.id, target: lan.id });

      const twice = await reset({ username: 'lan', code, password: 'mot-mat-khau-khac-nua' });
      expect(twice.status).to.equal(400);
      expect(twice.json.error.code).to.equal('BAD_RESET_CODE');
      expect((await new ConsoleClient(server.url).login('lan', NEW_PASSWORD)).status).to.equal(200);
    });

    it('a wrong code, an unknown user, an expired code, a disabled account and no code at all get the very same answer', async () => {
      const { code } = (await quanTri.post(`/console/api/admin/accounts/${lan.id}/reset`)).json;
      const hoa = (await server.storage.getStaffByUsername('hoa'))!;
      const { code: hoaCode } = (await quanTri.post(`/console/api/admin/accounts/${hoa.id}/reset`)).json;
      const answers = [
        await reset({ username: 'lan', code: 'ABCDE-FGHJK', password: NEW_PASSWORD }),
        await reset({ username: 'khong-co', code, password: NEW_PASSWORD }),
        await reset({ username: 'phap', code, password: NEW_PASSWORD }),
      ];
      await quanTri.post(`/console/api/admin/accounts/${hoa.id}`, { disabled: true });
      answers.push(await reset({ username: 'hoa', code: hoaCode, password: NEW_PASSWORD }));
      clock.advance(DAY + 60_000);
      answers.push(await reset({ username: 'lan', code, password: NEW_PASSWORD }));
      for (const a of answers) {
        expect(a.status).to.equal(400);
        expect(a.json).to.deep.equal(answers[0]!.json);
      }
      expect(answers[0]!.json.error.code).to.equal('BAD_RESET_CODE');
      expect((await new ConsoleClient(server.url).login('lan', PASSWORD)).status, 'nothing changed').to.equal(200);
    });

    it('the password rule applies, and a refused password does not use up the code', async () => {
      const { code } = (await quanTri.post(`/console/api/admin/accounts/${lan.id}/reset`)).json;
      const cases: [unknown, string][] = [
        [{ username: 'lan', code, password: 'ngan-qua' }, 'password: password must be at least 10 characters'],
        [{ username: 'lan', code, password: 'x'.repeat(201) }, 'password: password must be at most 200 characters'],
        [{ username: 'lan', code }, 'password: give a password'],
        [{ username: 'lan', password: NEW_PASSWORD }, 'code: give the code'],
        [{ code, password: NEW_PASSWORD }, 'username: give the username'],
      ];
      for (const [body, message] of cases) {
        const res = await reset(body);
        expect(res.status).to.equal(400);
        expect(res.json.error.message).to.contain(message);
      }
      expect((await reset({ username: 'lan', code, password: NEW_PASSWORD })).status).to.equal(200);
    });

    it('rate limited like sign-in: after 5 wrong codes → 429, even with the right one; parallel guesses get no more than 5 checks', async () => {
      const { code } = (await quanTri.post(`/console/api/admin/accounts/${lan.id}/reset`)).json;
      for (let i = 0; i < 5; i++) expect((await reset({ username: 'lan', code: `WRONG-00${i}`, password: NEW_PASSWORD })).status).to.equal(400);
      const blocked = await reset({ username: 'lan', code, password: NEW_PASSWORD });
      expect(blocked.status).to.equal(429);
      expect(blocked.json.error.code).to.equal('TOO_MANY_REQUESTS');
      expect((await new ConsoleClient(server.url).login('lan', PASSWORD)).status).to.equal(200);

      const other = await startServer();
      try {
        await addStaff(other, 'minh', 'staff');
        const before = passwordChecks.count;
        const statuses = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            new ConsoleClient(other.url).post('/console/api/password-reset', { username: 'minh', code: `GUESS${i}`, password: NEW_PASSWORD }, { csrf: null }),
          ),
        ).then((all) => all.map((r) => r.status));
        expect(statuses.filter((s) => s === 429).length).to.be.at.least(25);
        expect(statuses.filter((s) => s !== 400 && s !== 429)).to.deep.equal([]);
        expect(passwordChecks.count - before).to.be.at.most(5);
      } finally {
        await other.close();
      }
    });

    it('/console/reset is a page anyone may open (it holds no data)', async () => {
      const res = await fetch(`${server.url}/console/reset`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/text\/html/);
      expect(await res.text()).to.contain('/console/static/reset.js');
    });
  });

  describe('audit log', () => {
    const event = (at: string, staffId: string, action: string, target?: string, detail?: string) =>
      server.storage.audit({ at, staffId, action, ...(target ? { target } : {}), ...(detail ? { detail } : {}) });

    beforeEach(async () => {
      // Vietnam is UTC+7: 16:59Z is 23:59 on the 24th there, 17:00Z is midnight starting the 25th.
      await event('2026-11-24T16:59:00.000Z', lan.id, 'reply', 'web:abc', 'web');
      await event('2026-11-24T17:00:00.000Z', lan.id, 'take', 'web:abc');
      await event('2026-11-25T03:00:00.000Z', admin.id, 'staff_role', lan.id, 'lan: staff → editor');
      await event('2026-11-25T04:00:00.000Z', admin.id, 'retention_update', undefined, 'conversationRetentionDays: 0 → 365');
      await event('2026-11-25T05:00:00.000Z', 'cli', 'create_staff', admin.id, 'quan-tri (admin)');
      await event('2026-11-25T06:00:00.000Z', admin.id, 'canned_create', 'r1', 'Đặt lại mật khẩu');
    });

    const audit = async (query = '') => {
      const res = await quanTri.get(`/console/api/admin/audit${query}`);
      expect(res.status, res.text).to.equal(200);
      return res.json;
    };

    it('newest first (as written), with usernames for the accounts, the known actions and the accounts to filter by', async () => {
      const all = await audit();
      expect(all.events.map((e: any) => e.action)).to.deep.equal([
        'canned_create',
        'create_staff',
        'retention_update',
        'staff_role',
        'take',
        'reply',
        'sign_in',
      ]);
      expect(all.events.at(-1)).to.include({ action: 'sign_in', staffName: 'quan-tri' });
      const role = all.events.find((e: any) => e.action === 'staff_role');
      expect(role).to.include({ staffId: admin.id, staffName: 'quan-tri', target: lan.id, targetName: 'lan', detail: 'lan: staff → editor' });
      expect(all.events.find((e: any) => e.action === 'create_staff')).to.include({ staffName: 'cli', targetName: 'quan-tri' });
      expect(all.total).to.equal(7);
      expect(all.actions).to.include.members(['sign_in', 'take', 'reply', 'password_reset', 'retention_update', 'staff_disabled']);
      expect(all.staff.map((s: any) => s.username)).to.deep.equal(['hoa', 'lan', 'phap', 'quan-tri']);
    });

    it('filters by account, action, Vietnam days and free text (without diacritics too); pages with limit and offset', async () => {
      const actions = (json: any) => json.events.map((e: any) => e.action);
      expect(actions(await audit(`?staff=${lan.id}`))).to.deep.equal(['take', 'reply']);
      expect(actions(await audit('?action=staff_role'))).to.deep.equal(['staff_role']);
      expect(actions(await audit('?from=2026-11-25&to=2026-11-25'))).to.deep.equal(['canned_create', 'create_staff', 'retention_update', 'staff_role', 'take']);
      expect(actions(await audit('?to=2026-11-24'))).to.deep.equal(['reply']);
      expect(actions(await audit('?from=2026-11-26'))).to.deep.equal(['sign_in']);
      expect(actions(await audit('?q=dat%20lai'))).to.deep.equal(['canned_create']);
      expect(actions(await audit('?q=LAN'))).to.deep.equal(['staff_role'], 'the target account’s username counts');
      expect(actions(await audit(`?staff=${lan.id}&from=2026-11-25`))).to.deep.equal(['take']);
      const page1 = await audit('?limit=2');
      const page2 = await audit('?limit=2&offset=2');
      expect(page1).to.include({ total: 7, offset: 0, limit: 2 });
      expect(page1.events.length).to.equal(2);
      expect(page2.events[0].at < page1.events[1].at).to.equal(true);
    });

    it('wrong filters → 400 naming the parameter', async () => {
      const cases: [string, string][] = [
        ['?from=26/11/2026', 'from: a day as YYYY-MM-DD'],
        ['?limit=0', 'limit: a whole number from 1 to 200'],
        ['?limit=abc', 'limit: a whole number from 1 to 200'],
        ['?offset=-1', 'offset:'],
        ['?q=a&q=b', 'q: q must be a string'],
      ];
      for (const [query, message] of cases) {
        const res = await quanTri.get(`/console/api/admin/audit${query}`);
        expect(res.status, query).to.equal(400);
        expect(res.json.error.message).to.contain(message);
      }
    });
  });

  describe('retention settings', () => {
    it('defaults: the inbox from INBOX_RETENTION_DAYS, conversations kept for ever; a change is stored and audited', async () => {
      const initial = await quanTri.get('/console/api/admin/retention');
      expect(initial.json.settings).to.deep.equal({ inboxRetentionDays: 7, conversationRetentionDays: 0 });
      expect(initial.json.stored).to.deep.equal({});
      expect(initial.json.bounds.inboxRetentionDays).to.deep.equal({ min: 1, max: 90 });
      const changed = await quanTri.post('/console/api/admin/retention', { conversationRetentionDays: 365 });
      expect(changed.status).to.equal(200);
      expect(changed.json.settings).to.deep.equal({ inboxRetentionDays: 7, conversationRetentionDays: 365 });
      expect(changed.json.stored).to.deep.equal({ conversationRetentionDays: 365 });
      const both = await quanTri.post('/console/api/admin/retention', { inboxRetentionDays: 14, conversationRetentionDays: 0 });
      expect(both.json.settings).to.deep.equal({ inboxRetentionDays: 14, conversationRetentionDays: 0 });
      expect((await server.storage.readState([RETENTION_KEY]))[RETENTION_KEY]).to.include({
        inboxRetentionDays: 14,
        conversationRetentionDays: 0,
        updatedBy: admin.id,
      });
      const audits = (await server.storage.listAudit(5)).filter((e) => e.action === 'retention_update').map((e) => e.detail);
      expect(audits).to.deep.equal(['inboxRetentionDays: 7 → 14; conversationRetentionDays: 365 → 0', 'conversationRetentionDays: 0 → 365']);
    });

    it('out of bounds or malformed → 400 with a clear message, nothing stored', async () => {
      const cases: [unknown, string][] = [
        [{}, 'inboxRetentionDays: give inboxRetentionDays or conversationRetentionDays'],
        [{ inboxRetentionDays: 0 }, 'inboxRetentionDays: from 1 to 90 days'],
        [{ inboxRetentionDays: 91 }, 'inboxRetentionDays: from 1 to 90 days'],
        [{ inboxRetentionDays: 1.5 }, 'inboxRetentionDays: a whole number of days'],
        [{ inboxRetentionDays: '7' }, 'inboxRetentionDays: a number of days'],
        [{ conversationRetentionDays: 3 }, 'conversationRetentionDays: 0 (keep for ever) or 7 to 3650 days'],
        [{ conversationRetentionDays: -1 }, 'conversationRetentionDays: 0 (keep for ever) or 7 to 3650 days'],
        [{ conversationRetentionDays: 3651 }, 'conversationRetentionDays: 0 (keep for ever) or 7 to 3650 days'],
        [{ conversationRetentionDays: 30, keepAudit: 1 }, 'Unrecognized key'],
      ];
      for (const [body, message] of cases) {
        const res = await quanTri.post('/console/api/admin/retention', body);
        expect(res.status, JSON.stringify(body)).to.equal(400);
        expect(res.json.error.message, JSON.stringify(body)).to.contain(message);
      }
      expect(await storedRetention(server.storage)).to.deep.equal({});
      expect((await server.storage.listAudit(50)).some((e) => e.action === 'retention_update')).to.equal(false);
    });
  });
});

describe('the hourly purge follows the admin’s retention settings (real SQLite)', () => {
  const NOW = Date.parse('2026-12-06T05:00:00.000Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  let storage: SqliteStorage;

  /** A conversation last updated `ago` before NOW (written as a backup import does, keeping updatedAt). */
  const conversation = async (id: string, owner: ConversationRecord['owner'], ago: number, extra: Partial<ConversationRecord> = {}) => {
    const record: ConversationRecord = {
      id,
      channel: 'web',
      userId: id.split(':')[1]!,
      owner,
      locale: 'vi',
      greeted: true,
      urgent: false,
      createdAt: iso(NOW - ago - DAY),
      updatedAt: iso(NOW - ago),
      eTag: `e-${id}`,
      ...extra,
    };
    await storage.importRecord('conversations', record as unknown as Record<string, unknown>);
    await storage.appendMessage({ conversationId: id, author: 'worker', text: `tin nhắn của ${id}`, at: record.updatedAt });
  };
  const purge = () =>
    purgeExpired({
      storage,
      inboxRetentionMs: 7 * DAY,
      retention: () => storedRetention(storage),
      sessionClock: { now: () => new Date(NOW) },
      inboxClock: { now: () => new Date(NOW) },
    });
  const ids = async () => (await storage.listConversationsByOwner(['bot', 'waiting_staff', 'staff', 'resolved'])).map((c) => c.id).sort();

  beforeEach(async () => {
    storage = new SqliteStorage(path.join(tempDir(), 'bot.sqlite'));
    await conversation('web:old-resolved', 'resolved', 40 * DAY, { resolution: { outcome: 'answered', at: iso(NOW - 40 * DAY), by: 's' } });
    await conversation('web:old-bot', 'bot', 35 * DAY);
    await conversation('web:recent-resolved', 'resolved', 10 * DAY);
    await conversation('web:old-waiting', 'waiting_staff', 60 * DAY);
    await conversation('web:old-with-staff', 'staff', 60 * DAY);
    await conversation('web:old-follow-up', 'resolved', 50 * DAY, {
      resolution: { outcome: 'follow_up', at: iso(NOW - 50 * DAY), by: 's', followUpOn: '2027-01-10' },
    });
  });
  afterEach(() => storage.close());

  it('nothing stored: conversations are kept, as before', async () => {
    const purged = await purge();
    expect(purged.conversations).to.equal(0);
    expect(await ids()).to.have.length(6);
  });

  it('0 days keeps every conversation', async () => {
    await storage.writeState({ [RETENTION_KEY]: { conversationRetentionDays: 0 } });
    expect((await purge()).conversations).to.equal(0);
    expect(await ids()).to.have.length(6);
  });

  it('30 days: an old resolved or bot-owned conversation goes with its transcript; recent, waiting, held and follow-up ones stay', async () => {
    await storage.writeState({ [RETENTION_KEY]: { conversationRetentionDays: 30 } });
    expect((await purge()).conversations).to.equal(2);
    expect(await ids()).to.deep.equal(['web:old-follow-up', 'web:old-waiting', 'web:old-with-staff', 'web:recent-resolved']);
    expect(await storage.listMessages('web:old-resolved')).to.deep.equal([]);
    expect(await storage.listMessages('web:recent-resolved')).to.have.length(1);
    // read at each run: a longer setting deletes nothing more
    await storage.writeState({ [RETENTION_KEY]: { conversationRetentionDays: 3650 } });
    expect((await purge()).conversations).to.equal(0);
  });

  it('the inbox days come from the setting when one is stored, else from INBOX_RETENTION_DAYS', async () => {
    const received = (id: string, ago: number) => ({ eventId: id, conversationId: 'messenger:p', payload: '{}', receivedAt: iso(NOW - ago) });
    for (const [id, ago] of [
      ['e.3d', 3 * DAY],
      ['e.8d', 8 * DAY],
    ] as const) {
      await storage.recordInbound(received(id, ago));
      await storage.claimInbound('w', 60_000, iso(NOW), 10);
      await storage.markInboundDone(id);
    }
    await storage.writeState({ [RETENTION_KEY]: { inboxRetentionDays: 30 } });
    expect((await purge()).inboxEvents).to.equal(0);
    await storage.writeState({ [RETENTION_KEY]: { inboxRetentionDays: 2 } });
    expect((await purge()).inboxEvents).to.equal(2);
    // A value out of bounds (written by hand) is ignored: the default applies.
    await storage.writeState({ [RETENTION_KEY]: { inboxRetentionDays: 0, conversationRetentionDays: 1 } });
    expect(await storedRetention(storage)).to.deep.equal({});
  });
});
