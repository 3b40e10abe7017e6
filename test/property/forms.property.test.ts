/**
 * Every console and web chat form under arbitrary request bodies (fast-check), over real HTTP on
 * loopback: the fields of each route with wrong types, missing, extra, huge or exotic; any JSON; JSON
 * nested around and beyond the limit; text that is not JSON; bytes; wrong content types, charsets and
 * encodings; bodies over the limit — sent with a valid session and CSRF token, or with a missing, wrong or
 * malformed one. The answer is never a 5xx; a refused request (4xx) changes nothing in the storage
 * (compared through a full export: conversations, messages, owners, staff, audit, inbox, state) and sets
 * no cookie; without a valid session or the role, it is always 401/403.
 */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { newStaffId } from '../../src/console/auth.js';
import { hashPassword } from '../../src/console/passwords.js';
import type { StaffAccount, Storage } from '../../src/storage/types.js';
import { ChatClient, MutableClock, startServer, type RunningServer } from '../helpers/setup.js';
import { anyText, deepJsonText, depthAroundLimit, hugeText, junk, mostly } from './arbitraries.js';

const PASSWORD = 'mat-khau-du-dai-2026';

/** Everything the storage holds, as one digest (a refused request must leave it as it was). */
async function storageDigest(storage: Storage): Promise<string> {
  const hash = createHash('sha256');
  let records = 0;
  for await (const { collection, record } of storage.exportAll()) {
    hash.update(collection).update('\0').update(JSON.stringify(record)).update('\0');
    records++;
  }
  return `${records} records, ${hash.digest('hex').slice(0, 16)}`;
}

interface Sent {
  status: number;
  text: string;
  setCookie: string | null;
}

/** One request as a browser or an attacker might send it: any bytes, any content type and encoding. */
interface Envelope {
  body: string | Uint8Array | undefined;
  contentType: string | undefined;
  contentEncoding?: string;
}

/** Ways to wrap a route's fields into a request body. */
function envelopes(fields: fc.Arbitrary<Record<string, unknown>>, limitBytes: number): fc.Arbitrary<Envelope> {
  const json = (body: string): Envelope => ({ body, contentType: 'application/json' });
  return fc.oneof(
    { weight: 10, arbitrary: fields.map((f) => json(JSON.stringify(f))) },
    { weight: 2, arbitrary: junk.map((v) => json(JSON.stringify(v) ?? '')) },
    { weight: 1, arbitrary: depthAroundLimit.map((depth) => json(`{"text":${deepJsonText(depth, '"x"')},"a":1}`)) },
    { weight: 1, arbitrary: anyText.map(json) }, // not JSON
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes): Envelope => ({ body: bytes, contentType: 'application/json' })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fields,
          fc.constantFrom(
            undefined,
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/json; charset=latin-2',
            'application/json; charset=utf-16',
            'application/JSON',
            'application/vnd.api+json',
            'application/json; charset=utf-8; x=y',
          ),
        )
        .map(([f, contentType]): Envelope => ({ body: JSON.stringify(f), contentType })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fields, fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'))
        .map(([f, contentEncoding]): Envelope => ({ body: JSON.stringify(f), contentType: 'application/json', contentEncoding })),
    },
    { weight: 1, arbitrary: fc.constant<Envelope>({ body: undefined, contentType: undefined }) },
    { weight: 1, arbitrary: fc.constant(json(JSON.stringify({ text: 'x'.repeat(limitBytes + 100) }))) }, // over the limit
  );
}

/** A route's fields: each of the right kind most of the time, sometimes absent, plus stray extra fields. */
const withExtras = (fields: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(fields, fc.option(fc.dictionary(fc.string({ maxLength: 10 }), junk, { maxKeys: 2 }), { nil: undefined })).map(([f, extra]) => ({ ...extra, ...f }));
const longText = fc.oneof({ weight: 6, arbitrary: anyText }, { weight: 1, arbitrary: hugeText(6000) });

describe('property: console and web chat forms under arbitrary bodies', function () {
  this.timeout(60_000);
  let server: RunningServer;
  const accounts: Record<'admin' | 'staff' | 'leaver', StaffAccount> = {} as never;
  const sessions: Record<'admin' | 'staff', { cookie: string; csrf: string }> = {} as never;
  /** conversations waiting for staff, made by the web chat */
  const waiting: string[] = [];
  const DEAD_EVENT = 'mid:dead.1';

  async function send(path: string, envelope: Envelope, headers: Record<string, string> = {}): Promise<Sent> {
    const h: Record<string, string> = { Accept: 'application/json', ...headers };
    if (envelope.contentType) h['Content-Type'] = envelope.contentType;
    if (envelope.contentEncoding) h['Content-Encoding'] = envelope.contentEncoding;
    const body = typeof envelope.body === 'string' || envelope.body === undefined ? envelope.body : new Uint8Array(envelope.body);
    const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: h, ...(body !== undefined ? { body } : {}) });
    return { status: res.status, text: await res.text(), setCookie: res.headers.get('set-cookie') };
  }

  async function login(username: string, address: string): Promise<{ cookie: string; csrf: string }> {
    const res = await send(
      '/console/api/login',
      { body: JSON.stringify({ username, password: PASSWORD }), contentType: 'application/json' },
      { 'X-Forwarded-For': address },
    );
    expect(res.status, res.text).to.equal(200);
    return { cookie: res.setCookie!.split(';')[0]!, csrf: (JSON.parse(res.text) as { csrfToken: string }).csrfToken };
  }

  let addressSeq = 0;
  /** A fresh client address for each sign-in attempt (the app trusts X-Forwarded-For from loopback), so the per-address lockout does not answer everything with 429. */
  const freshAddress = () => `10.${(++addressSeq >> 16) & 255}.${(addressSeq >> 8) & 255}.${addressSeq & 255}`;

  before(async () => {
    server = await startServer({ clock: new MutableClock() });
    for (const [key, username, role] of [
      ['admin', 'quan-tri', 'admin'],
      ['staff', 'lan', 'staff'],
      ['leaver', 'thoat', 'staff'],
    ] as const) {
      accounts[key] = {
        id: newStaffId(),
        username,
        displayName: username,
        role,
        passwordHash: await hashPassword(PASSWORD),
        createdAt: server.clock.now().toISOString(),
      };
      await server.storage.createStaff(accounts[key]);
    }
    sessions.admin = await login('quan-tri', freshAddress());
    sessions.staff = await login('lan', freshAddress());
    for (let i = 0; i < 3; i++) {
      const chat = new ChatClient(server.url);
      const { json } = await chat.send({ text: 'cho em gặp cán bộ' });
      expect(json.owner).to.equal('waiting_staff');
      waiting.push(`web:${chat.cookie.split('=')[1]!}`);
    }
    const at = server.clock.now().toISOString();
    await server.storage.recordInbound({ eventId: DEAD_EVENT, conversationId: 'messenger:1', payload: '{}', receivedAt: at });
    await server.storage.markInboundDead(DEAD_EVENT, { error: 'test', at });
  });
  after(async () => server.close());

  /** Sends, then checks what holds for any answer: below 500; refused → nothing stored and no cookie. */
  async function sendAndCheck(path: string, envelope: Envelope, headers: Record<string, string> = {}): Promise<Sent> {
    const before = await storageDigest(server.storage);
    const res = await send(path, envelope, headers);
    expect(res.status, `${path}: ${res.text.slice(0, 300)}`).to.be.below(500);
    if (res.status >= 400) {
      expect(await storageDigest(server.storage), `refused with ${res.status} (${res.text.slice(0, 200)}) but something was stored`).to.equal(before);
      expect(res.setCookie, 'a refused request sets no cookie').to.equal(null);
    }
    return res;
  }

  type Auth = 'valid' | 'no cookie' | 'no csrf' | 'wrong csrf' | 'malformed cookie' | 'staff role';
  const auth = fc.oneof(
    { weight: 5, arbitrary: fc.constant<Auth>('valid') },
    { weight: 1, arbitrary: fc.constantFrom<Auth>('no cookie', 'no csrf', 'wrong csrf', 'malformed cookie', 'staff role') },
  );
  const cookieValue = fc.stringMatching(/^[\x21-\x3a\x3c-\x7e]{0,60}$/);
  /** The headers for a session variant; `admin` routes are sent with the admin's session when valid. */
  function sessionHeaders(variant: Auth, role: 'admin' | 'staff', junkCookie: string): Record<string, string> {
    const s = sessions[variant === 'staff role' ? 'staff' : role];
    switch (variant) {
      case 'valid':
      case 'staff role':
        return { Cookie: s.cookie, 'X-CSRF-Token': s.csrf };
      case 'no cookie':
        return { 'X-CSRF-Token': s.csrf };
      case 'no csrf':
        return { Cookie: s.cookie };
      case 'wrong csrf':
        return { Cookie: s.cookie, 'X-CSRF-Token': sessions[role === 'admin' ? 'staff' : 'admin'].csrf };
      case 'malformed cookie':
        return { Cookie: `tlcd_console=${junkCookie}`, 'X-CSRF-Token': s.csrf };
    }
  }
  /** True when this variant must be refused with 401/403 on a route needing `role`. */
  const mustRefuse = (variant: Auth, role: 'admin' | 'staff') => !(variant === 'valid' || (variant === 'staff role' && role === 'staff'));

  it('sign-in: any body, never a 5xx; refused → no session cookie, nothing stored', async () => {
    const fields = withExtras(
      fc.record(
        {
          username: mostly(fc.oneof(fc.constantFrom('quan-tri', 'lan', 'LAN', ' lan ', 'khong-co'), anyText)),
          password: mostly(fc.oneof(fc.constantFrom(`${PASSWORD}x`, '', ' '), longText)),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(envelopes(fields, 32 * 1024), async (envelope) => {
        await sendAndCheck('/console/api/login', envelope, { 'X-Forwarded-For': freshAddress() });
      }),
      { numRuns: 100 },
    );
  });

  it('sign-out: any body with a valid session and CSRF token signs out, never a 5xx; without them 401/403', async () => {
    await fc.assert(
      fc.asyncProperty(envelopes(withExtras(fc.record({ a: junk }, { requiredKeys: [] })), 32 * 1024), fc.boolean(), async (envelope, signedIn) => {
        const headers = signedIn ? await login('thoat', freshAddress()).then((s) => ({ Cookie: s.cookie, 'X-CSRF-Token': s.csrf })) : {};
        const res = await sendAndCheck('/console/api/logout', envelope, headers);
        if (!signedIn) expect(res.status).to.equal(401);
        else expect(res.status, res.text).to.equal(200); // the body is not read
      }),
      { numRuns: 20 },
    );
  });

  it('take / assign / reply / resolve: any body and conversation id, never a 5xx; refused → nothing stored', async () => {
    const action = fc.constantFrom('take', 'assign', 'reply', 'resolve');
    const conversationId = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...waiting) },
      { weight: 1, arbitrary: fc.constantFrom('web:x', 'messenger:1', 'cli:x', '', '..', '%', 'web:%00') },
      { weight: 1, arbitrary: anyText },
    );
    const fields = withExtras(
      fc.record(
        {
          staffId: mostly(fc.oneof(fc.constantFrom(accounts.staff.id, accounts.admin.id, accounts.leaver.id, 'nope'), anyText)),
          text: mostly(longText),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(action, conversationId, envelopes(fields, 32 * 1024), auth, cookieValue, async (name, id, envelope, variant, junkCookie) => {
        // (through UTF-8 and back: a lone surrogate becomes U+FFFD, as a browser would send it)
        const path = `/console/api/conversations/${encodeURIComponent(Buffer.from(id).toString())}/${name}`;
        const res = await sendAndCheck(path, envelope, sessionHeaders(variant, 'staff', junkCookie));
        // '', '.' and '..' make a path no route matches (404 before any sign-in check).
        const routable = !['', '.', '..'].includes(id);
        if (mustRefuse(variant, 'staff') && routable) expect(res.status, `${variant}: ${res.text}`).to.be.oneOf([401, 403]);
      }),
      { numRuns: 150 },
    );
  });

  it('new staff account (admins): any body, never a 5xx; refused → no account, no audit entry', async () => {
    const fields = withExtras(
      fc.record(
        {
          username: mostly(
            fc.oneof(
              { weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9._-]{3,40}$/) },
              { weight: 1, arbitrary: fc.constantFrom('lan', 'LAN', ' Quan-Tri ', 'ab', 'a'.repeat(41)) },
              { weight: 1, arbitrary: anyText },
            ),
          ),
          role: mostly(
            fc.oneof({ weight: 3, arbitrary: fc.constantFrom('staff', 'editor', 'admin') }, { weight: 1, arbitrary: fc.constantFrom('root', 'Admin', '') }),
          ),
          // 10 to 200 characters are accepted: around both ends, and anything.
          password: mostly(
            fc.oneof(
              fc.string({ minLength: 8, maxLength: 12 }),
              fc.string({ minLength: 195, maxLength: 205 }),
              fc.string({ minLength: 10, maxLength: 60 }),
              longText,
            ),
          ),
          displayName: mostly(longText),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(envelopes(fields, 32 * 1024), auth, cookieValue, async (envelope, variant, junkCookie) => {
        const staffBefore = (await server.storage.listStaff()).length;
        const res = await sendAndCheck('/console/api/staff', envelope, sessionHeaders(variant, 'admin', junkCookie));
        if (mustRefuse(variant, 'admin')) expect(res.status, `${variant}: ${res.text}`).to.be.oneOf([401, 403]);
        expect((await server.storage.listStaff()).length).to.equal(staffBefore + (res.status === 201 ? 1 : 0));
      }),
      { numRuns: 80 },
    );
  });

  it('dead inbox retry / drop (admins): any body, never a 5xx; refused → the dead event stays, no audit entry', async () => {
    // DEAD_EVENT stands for a dead event made afresh for each run (a retry or drop that works removes it).
    const eventId = fc.oneof(
      { weight: 3, arbitrary: fc.constant(DEAD_EVENT) },
      { weight: 1, arbitrary: fc.constantFrom('mid:nope', '', ' ') },
      { weight: 1, arbitrary: fc.string({ maxLength: 310 }) },
      { weight: 1, arbitrary: hugeText(400) },
    );
    const fields = fc.oneof(
      { weight: 2, arbitrary: fc.record({ eventId: mostly(eventId) }, { requiredKeys: [] }) },
      { weight: 1, arbitrary: withExtras(fc.record({ eventId })) },
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('retry', 'drop'), envelopes(fields, 32 * 1024), auth, cookieValue, async (name, envelope, variant, junkCookie) => {
        const dead = `${DEAD_EVENT}.${++run}`;
        const at = server.clock.now().toISOString();
        await server.storage.recordInbound({ eventId: dead, conversationId: 'messenger:1', payload: '{}', receivedAt: at });
        await server.storage.markInboundDead(dead, { error: 'test', at });
        const body = typeof envelope.body === 'string' ? envelope.body.replaceAll(JSON.stringify(DEAD_EVENT), JSON.stringify(dead)) : envelope.body;
        const res = await sendAndCheck(`/console/api/inbox/dead/${name}`, { ...envelope, body }, sessionHeaders(variant, 'admin', junkCookie));
        if (mustRefuse(variant, 'admin')) expect(res.status, `${variant}: ${res.text}`).to.be.oneOf([401, 403]);
      }),
      { numRuns: 80 },
    );
  });

  it('web chat message: any body, with or without a visitor cookie, never a 5xx; refused → no conversation, no message, no cookie', async () => {
    const fields = withExtras(
      fc.record(
        {
          text: mostly(longText),
          payload: mostly(
            fc.oneof(fc.constantFrom('HANDOFF', 'HELP', 'ENTRY:luong-toi-thieu', 'MORE:nghi-phep-nam', 'FEEDBACK_DOWN:x', 'DELETE_CONFIRM', 'ENTRY:'), anyText),
          ),
          lang: mostly(fc.constantFrom('vi', 'en', 'fr', '')),
        },
        { requiredKeys: [] },
      ),
    );
    const visitor = fc.oneof(
      fc.constant(undefined),
      fc.uuid().map((id) => `tlcd_chat=${id}`),
      fc.constantFrom(...waiting).map((id) => `tlcd_chat=${id.slice('web:'.length)}`),
      cookieValue.map((v) => `tlcd_chat=${v}`),
    );
    await fc.assert(
      fc.asyncProperty(envelopes(fields, 16 * 1024), visitor, async (envelope, cookie) => {
        await sendAndCheck('/api/chat/message', envelope, cookie ? { Cookie: cookie } : {});
      }),
      { numRuns: 150 },
    );
  });
});
