/**
 * The Messenger webhook under arbitrary bodies (fast-check), against the real app on loopback with a fake
 * Graph API: whatever a correctly signed body holds, the answer is never a 5xx; a refused body (4xx)
 * stores nothing; what was accepted never stalls the inbox (afterwards a new worker is still answered,
 * the inbox drains and no event was parked as dead). Unsigned or tampered bodies are always 401/403
 * with nothing stored.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { signBody } from '../../src/channels/messenger/signature.js';
import type { InboundEvent } from '../../src/storage/types.js';
import { SqliteStorage } from '../../src/storage/sqlite.js';
import { FakeGraph } from '../helpers/fake-graph.js';
import { APP_SECRET, eventually, item, messengerEnv, PAGE_ID, webhook } from '../helpers/messenger.js';
import { startServer, tempDir, type RunningServer } from '../helpers/setup.js';
import { deepJsonText, depthAroundLimit, junk, pageBody, unprintable } from './arbitraries.js';

// ---- bodies ---------------------------------------------------------------------------------------

/** A body as raw bytes: Page-shaped with wrong types, any JSON, nesting around the limit, bytes that are not JSON or not UTF-8. */
const rawBody: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 12, arbitrary: pageBody.map((b) => Buffer.from(JSON.stringify(b))) },
  { weight: 2, arbitrary: junk.map((b) => Buffer.from(JSON.stringify(b) ?? '')) },
  {
    weight: 2,
    // A Page event with an extra field nested `depth` deep (at most 64 levels are accepted).
    arbitrary: depthAroundLimit.map((depth) => {
      const event = JSON.stringify(item.text('7000000000000001', 'luong toi thieu vung 1'));
      return Buffer.from(webhook([{ messaging: [] }]).replace('"messaging":[]', `"messaging":[${event.slice(0, -1)},"x":${deepJsonText(depth)}}]`));
    }),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
  {
    weight: 1,
    // Not UTF-8 inside a string: decoded with replacement characters, then read like any other text.
    arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: 40 })
      .map((bytes) =>
        Buffer.concat([
          Buffer.from(`{"object":"page","entry":[{"id":"${PAGE_ID}","messaging":[{"sender":{"id":"7000000000000002"},"message":{"mid":"m_bytes","text":"`),
          Buffer.from(bytes.filter((b) => b !== 0x22 && b !== 0x5c)),
          Buffer.from('"}}]}]}'),
        ]),
      ),
  },
);

// ---- the server, with a count of what reaches the inbox --------------------------------------------

describe('property: the Messenger webhook under arbitrary signed bodies', function () {
  this.timeout(60_000);
  let graph: FakeGraph;
  let server: RunningServer;
  let storage: SqliteStorage;
  /** events handed to the inbox (any outcome); a refused request must hand over none */
  let handedToInbox = 0;

  before(async () => {
    graph = await new FakeGraph().start();
    const dataDir = tempDir();
    storage = SqliteStorage.inDataDir(dataDir);
    const batch = storage.recordInboundBatch.bind(storage);
    const one = storage.recordInbound.bind(storage);
    storage.recordInboundBatch = (events: InboundEvent[]) => ((handedToInbox += events.length), batch(events));
    storage.recordInbound = (event: InboundEvent) => ((handedToInbox += 1), one(event));
    server = await startServer({
      dataDir,
      storage,
      // A failing event is tried twice at once, then parked: a throwing handler shows as a dead event quickly.
      env: { ...messengerEnv(graph.url), INBOX_ITEM_TIMEOUT_SECONDS: '5', INBOX_MAX_ATTEMPTS: '2', INBOX_RETRY_SECONDS: '0' },
    });
  });
  after(async () => {
    await server.close();
    await storage.close();
    await graph.stop();
  });

  const post = (body: Buffer, headers: Record<string, string>) =>
    fetch(`${server.url}/webhook`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: new Uint8Array(body) });

  it('a signed body: never a 5xx; refused (4xx) → nothing stored; accepted → 200 EVENT_RECEIVED', async () => {
    await fc.assert(
      fc.asyncProperty(rawBody, async (body) => {
        const before = handedToInbox;
        const pendingBefore = await storage.countPendingInbound();
        const res = await post(body, { 'X-Hub-Signature-256': signBody(body, APP_SECRET) });
        const answer = await res.text();
        expect(res.status, answer).to.be.below(500);
        if (res.status >= 400) {
          expect(handedToInbox, 'a refused body reached the inbox').to.equal(before);
          // The inbox only drains meanwhile: a refused request never adds to it.
          expect(await storage.countPendingInbound()).to.be.at.most(pendingBefore);
        } else {
          expect(res.status).to.equal(200);
          expect(answer).to.equal('EVENT_RECEIVED');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('ids, mids and page ids that cannot be turned into a string ({"toString": 1}) are answered below 500', async () => {
    const where = fc.constantFrom('entry.id', 'sender.id', 'recipient.id', 'message.mid', 'postback.mid');
    await fc.assert(
      fc.asyncProperty(where, unprintable, async (field, value) => {
        const event: Record<string, any> = { ...item.text('7000000000000003', 'luong toi thieu vung 1'), postback: { title: 't', payload: 'p' } };
        const entryRecord: Record<string, any> = { id: PAGE_ID, time: Date.now(), messaging: [event] };
        if (field === 'entry.id') entryRecord.id = value;
        if (field === 'sender.id') event.sender = { id: value };
        if (field === 'recipient.id') event.recipient = { id: value };
        if (field === 'message.mid') event.message.mid = value;
        if (field === 'postback.mid') {
          delete event.message;
          event.postback.mid = value;
        }
        const body = Buffer.from(JSON.stringify({ object: 'page', entry: [entryRecord] }));
        const before = handedToInbox;
        const res = await post(body, { 'X-Hub-Signature-256': signBody(body, APP_SECRET) });
        expect(res.status, `${field}: ${await res.text()}`).to.be.below(500);
        if (res.status >= 400) expect(handedToInbox).to.equal(before);
      }),
      { numRuns: 20 },
    );
  });

  it('unsigned, SHA-1-only, tampered or wrongly signed: always 401/403, nothing stored', async () => {
    const header = fc.stringMatching(/^[\x21-\x7e]{0,80}$/);
    const variant = fc.oneof(
      fc.constant({ kind: 'unsigned' as const }),
      fc.constant({ kind: 'sha1' as const }),
      fc.constant({ kind: 'wrong secret' as const }),
      fc.nat().map((at) => ({ kind: 'tampered' as const, at })),
      header.map((value) => ({ kind: 'garbage' as const, value })),
    );
    await fc.assert(
      fc.asyncProperty(rawBody, variant, async (body, v) => {
        let headers: Record<string, string>;
        let sent = body;
        if (v.kind === 'unsigned') headers = {};
        else if (v.kind === 'sha1') headers = { 'X-Hub-Signature': signBody(body, APP_SECRET).replace('sha256=', 'sha1=') };
        else if (v.kind === 'wrong secret') headers = { 'X-Hub-Signature-256': signBody(body, `${APP_SECRET}x`) };
        else if (v.kind === 'garbage') headers = { 'X-Hub-Signature-256': v.value };
        else {
          // Signed, then one byte changed (or one added to an empty body).
          headers = { 'X-Hub-Signature-256': signBody(body, APP_SECRET) };
          sent = Buffer.from(body);
          if (sent.length === 0) sent = Buffer.from(' ');
          else sent[v.at % sent.length] = sent[v.at % sent.length]! ^ 0x01;
        }
        const before = handedToInbox;
        const res = await post(sent, headers);
        await res.arrayBuffer();
        expect([401, 403, 413], `${v.kind} → ${res.status}`).to.include(res.status);
        if (v.kind === 'unsigned' || v.kind === 'sha1' || (v.kind === 'garbage' && v.value.trim() === '')) expect([401, 413]).to.include(res.status);
        expect(handedToInbox, 'an unsigned or tampered body reached the inbox').to.equal(before);
      }),
      { numRuns: 120 },
    );
  });

  it('afterwards the inbox is not stalled: a new worker is answered, nothing stays pending, no event was parked as dead', async () => {
    const fresh = `7${Math.floor(Math.random() * 1e14)}`;
    const body = webhook([{ messaging: [item.text(fresh, 'luong toi thieu vung 1 la bao nhieu')] }]);
    const res = await post(Buffer.from(body), { 'X-Hub-Signature-256': signBody(body, APP_SECRET) });
    expect(res.status).to.equal(200);
    await eventually(() => expect(graph.textsTo(fresh).join('\n')).to.contain('5.310.000'), 20_000);
    await eventually(async () => expect(await storage.countPendingInbound()).to.equal(0), 20_000);
    const dead = await storage.listDeadInbound(5);
    expect(
      dead.map((d) => `${d.error} ← ${d.payload.slice(0, 300)}`),
      'a normalised item must never make a handler throw',
    ).to.deep.equal([]);
  });
});
