/**
 * The pieces behind "one event cannot stall the inbox", one at a time: Botkit's routing promise always
 * settles, malformed shapes are normalised before any handler sees them, and the processor's timeout,
 * bounded retries, dead parking (also of an event that kept killing the process) and bounded stop().
 */
import { expect } from 'chai';
import { BotkitRouter, RoutingError } from '../../src/channels/messenger/botkit-router.js';
import { normaliseItem, type InboxItem } from '../../src/channels/messenger/events.js';
import { InboxProcessor } from '../../src/channels/messenger/processor.js';
import { SqliteStorage } from '../../src/storage/sqlite.js';
import type { ClaimedInbound } from '../../src/storage/types.js';
import { eventually, PAGE_ID } from '../helpers/messenger.js';

const settleWithin = <T>(promise: Promise<T>, ms: number): Promise<T> =>
  Promise.race([promise, new Promise<never>((_r, reject) => setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms))]);

const inbox = (message: unknown, psid = '1001'): InboxItem => ({
  item: { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: 1, message } as never,
  standby: false,
  pageId: PAGE_ID,
});

describe('Botkit routing always settles', () => {
  let storage: SqliteStorage;
  let router: BotkitRouter;
  beforeEach(() => {
    storage = new SqliteStorage(':memory:');
    router = new BotkitRouter({ verifyToken: 'v', appSecret: 's', accessToken: 't', apiVersion: 'v25.0', storage });
  });
  afterEach(async () => {
    await router.shutdown();
    await storage.close();
  });

  it('a handler that throws fails route() with the original cause instead of leaving it pending forever', async () => {
    const controller = (router as unknown as { controller: { on(t: string[], h: (bot: unknown, m: { user?: string }) => Promise<void>): void } }).controller;
    controller.on(['message'], async () => {
      throw new TypeError('handler bug');
    });
    const err = await settleWithin(
      router.route(inbox({ mid: 'm1', text: 'chào' })).then(
        () => undefined,
        (e: unknown) => e,
      ),
      2000,
    );
    expect(err).to.be.instanceOf(RoutingError);
    expect((err as RoutingError).message).to.contain('TypeError: handler bug');
    // and the router keeps working for the next item
    expect(
      await settleWithin(
        router.route(inbox({ mid: 'm2', text: 'chào' }, '1002')).catch(() => 'failed'),
        2000,
      ),
    ).to.equal('failed'); // same throwing handler
  });

  it('a failing state write (Botkit saveState) fails route() instead of hanging', async () => {
    storage.writeState = async () => {
      throw new Error('disk full');
    };
    const err = await settleWithin(
      router.route(inbox({ mid: 'm1', text: 'chào' })).then(
        () => undefined,
        (e: unknown) => e,
      ),
      2000,
    );
    expect((err as Error).message).to.contain('disk full');
  });

  const malformed: [string, unknown][] = [
    ['attachments [null]', { mid: 'a1', attachments: [null] }],
    ['attachments an object', { mid: 'a2', attachments: { type: 'image' } }],
    ['attachments a string', { mid: 'a3', attachments: 'image' }],
    ['attachments [42, "x", {type: 7}]', { mid: 'a4', attachments: [42, 'x', { type: 7 }] }],
    ['text a number, quick_reply null', { mid: 'a5', text: 12, quick_reply: null }],
    ['message a string', 'hello'],
  ];
  for (const [name, message] of malformed) {
    it(`${name}: routed to a typed event, no handler throws`, async () => {
      const event = await settleWithin(router.route(inbox(message)), 2000);
      expect(event.psid).to.equal('1001');
      if (event.kind === 'attachment') expect(event.types.every((t) => typeof t === 'string')).to.equal(true);
    });
  }

  it('normaliseItem keeps what a handler needs and only that shape', () => {
    expect(normaliseItem({ sender: { id: 5 }, message: { mid: 'm', attachments: [null, { type: 'image', payload: { url: 'u' } }] } })).to.deep.equal({
      sender: { id: '5' },
      message: { mid: 'm', attachments: [{ type: 'unknown' }, { type: 'image', payload: { url: 'u' } }] },
    });
    expect(normaliseItem({ sender: 'x', postback: { title: ['a'], payload: 'P' } })).to.deep.equal({ postback: { payload: 'P' } });
    expect(normaliseItem(null)).to.deep.equal({});
  });
});

describe('InboxProcessor: timeouts, bounded retries, dead events, bounded stop', () => {
  let storage: SqliteStorage;
  let processor: InboxProcessor | undefined;
  const record = (eventId: string, conversationId: string) =>
    storage.recordInbound({ eventId, conversationId, payload: '{}', receivedAt: new Date().toISOString() });
  beforeEach(() => {
    storage = new SqliteStorage(':memory:');
  });
  afterEach(async () => {
    await processor?.stop(100);
    processor = undefined;
    await storage.close();
  });

  it('retries a throwing event with backoff up to maxAttempts, then parks it and says so once; others are done meanwhile', async () => {
    const calls: { id: string; at: number }[] = [];
    const dead: string[] = [];
    processor = new InboxProcessor({
      storage,
      clock: { now: () => new Date() },
      maxAttempts: 3,
      retryBaseMs: 40,
      timeoutMs: 1000,
      pollMs: 60_000, // retries must be woken by the processor itself, not by the poll
      handle: async (event) => {
        calls.push({ id: event.eventId, at: Date.now() });
        if (event.eventId === 'bad') throw new Error('boom');
      },
      onDead: async (event) => {
        dead.push(event.eventId);
      },
    });
    await record('bad', 'c1');
    await record('after-bad', 'c1');
    await record('other', 'c2');
    processor.start();
    await eventually(async () => expect(await storage.countDeadInbound()).to.equal(1), 3000);
    await eventually(async () => expect(await storage.countPendingInbound()).to.equal(0));
    const bad = calls.filter((c) => c.id === 'bad');
    expect(bad).to.have.length(3);
    expect(bad[1]!.at - bad[0]!.at).to.be.at.least(35);
    expect(bad[2]!.at - bad[1]!.at).to.be.at.least(75); // doubled
    expect(calls.findIndex((c) => c.id === 'other')).to.be.lessThan(calls.findIndex((c) => c.id === 'after-bad'));
    expect(calls.findIndex((c) => c.id === 'after-bad')).to.be.greaterThan(calls.lastIndexOf(bad[2]!)); // its conversation waited
    expect(dead).to.deep.equal(['bad']);
    const [parked] = await storage.listDeadInbound();
    expect(parked).to.include({ eventId: 'bad', attempts: 3, error: 'Error: boom' });
  });

  it('a hanging event times out and fails alone; the others are handled at once', async () => {
    const handled: string[] = [];
    processor = new InboxProcessor({
      storage,
      clock: { now: () => new Date() },
      maxAttempts: 1,
      timeoutMs: 300,
      handle: async (event, signal) => {
        if (event.eventId === 'hang') await new Promise(() => undefined);
        expect(signal.aborted).to.equal(false);
        handled.push(event.eventId);
      },
    });
    await record('hang', 'c1');
    for (let i = 0; i < 5; i++) await record(`ok${i}`, `c${i + 2}`);
    const started = Date.now();
    processor.start();
    await eventually(() => expect(handled).to.have.length(5), 2000);
    expect(Date.now() - started).to.be.lessThan(250); // not held up by the hanging one
    await eventually(
      async () => expect((await storage.listDeadInbound())[0]).to.include({ eventId: 'hang', error: 'InboxTimeoutError: timed out after 300 ms' }),
      2000,
    );
  });

  it('an event claimed maxAttempts times without finishing (it kept killing the process) is parked without running it again', async () => {
    await record('killer', 'c1');
    const t0 = Date.now();
    // three earlier processes claimed it and died: each lease ran out
    for (let i = 0; i < 3; i++) await storage.claimInbound(`dead-process-${i}`, 1000, new Date(t0 - 10_000 + i * 2000).toISOString(), 10);
    let ran = false;
    const dead: ClaimedInbound[] = [];
    processor = new InboxProcessor({
      storage,
      clock: { now: () => new Date() },
      maxAttempts: 3,
      handle: async () => {
        ran = true;
      },
      onDead: async (event) => {
        dead.push(event);
      },
    });
    processor.start();
    await eventually(async () => expect(await storage.countDeadInbound()).to.equal(1));
    expect(ran).to.equal(false);
    expect(dead.map((d) => d.attempt)).to.deep.equal([4]);
    expect((await storage.listDeadInbound())[0]!.error).to.match(/claimed 3 times without finishing/);
  });

  it('after a crash, the event a dead process held is taken up within seconds, not a minute (short lease, heartbeat)', async function () {
    this.timeout(30_000);
    await record('e1', 'c1');
    let claimedByDead = false;
    // The process that is about to die: the app's defaults (a 30 s item timeout), its handler never finishes.
    const dying = new InboxProcessor({
      storage,
      clock: { now: () => new Date() },
      timeoutMs: 30_000,
      handle: async () => {
        claimedByDead = true;
        await new Promise(() => undefined);
      },
    });
    dying.start();
    await eventually(() => expect(claimedByDead).to.equal(true));
    // It crashes: no more claims, no more heartbeats; its claim is left in the store.
    expect(await dying.stop(0)).to.equal(false);
    const handled: { id: string; attempt: number }[] = [];
    processor = new InboxProcessor({
      storage,
      clock: { now: () => new Date() },
      timeoutMs: 30_000,
      handle: async (event) => {
        handled.push({ id: event.eventId, attempt: event.attempt });
      },
    });
    const restarted = Date.now();
    processor.start();
    await eventually(() => expect(handled).to.deep.equal([{ id: 'e1', attempt: 2 }]), 15_000);
    expect(Date.now() - restarted).to.be.below(15_000);
    await eventually(async () => expect(await storage.countPendingInbound()).to.equal(0));
  });

  it('a live process slower than its lease keeps its event (the heartbeat renews the claim); no one else takes it', async () => {
    await record('slow', 'c1');
    const calls: string[] = [];
    const make = (name: string) =>
      new InboxProcessor({
        storage,
        clock: { now: () => new Date() },
        leaseMs: 400,
        pollMs: 50,
        timeoutMs: 5000,
        handle: async () => {
          calls.push(name);
          await new Promise((r) => setTimeout(r, 1500));
        },
      });
    processor = make('first');
    processor.start();
    await eventually(() => expect(calls).to.deep.equal(['first']));
    const other = make('second');
    other.start();
    try {
      await eventually(async () => expect(await storage.countPendingInbound()).to.equal(0), 4000);
      expect(calls).to.deep.equal(['first']);
    } finally {
      await other.stop(100);
    }
  });

  it('stop() stops claiming and returns by its deadline even while a handler hangs', async () => {
    let started = 0;
    processor = new InboxProcessor({
      storage,
      clock: { now: () => new Date() },
      timeoutMs: 60_000,
      handle: async () => {
        started++;
        await new Promise(() => undefined);
      },
    });
    await record('hang', 'c1');
    processor.start();
    await eventually(() => expect(started).to.equal(1));
    const t = Date.now();
    expect(await processor.stop(200)).to.equal(false);
    expect(Date.now() - t).to.be.within(150, 1000);
    await record('later', 'c2');
    await processor.kick();
    expect(started).to.equal(1); // nothing claimed after stop
    // a processor with nothing in hand stops at once
    const idle = new InboxProcessor({ storage, clock: { now: () => new Date() }, handle: async () => undefined });
    idle.start();
    expect(await settleWithin(idle.stop(5000), 500)).to.equal(true);
  });
});
