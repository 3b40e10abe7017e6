import { expect } from 'chai';
import sinon from 'sinon';
import { InboxWriter } from '../../src/channels/messenger/inbox-writer.js';
import { LoopLag } from '../../src/channels/messenger/loop-lag.js';
import { InboxProcessor } from '../../src/channels/messenger/processor.js';
import { tombstoneKey } from '../../src/storage/erasure.js';
import { SqliteStorage } from '../../src/storage/sqlite.js';
import { event } from '../storage/contract.js';

describe('group commit of webhook events (InboxWriter)', () => {
  let storage: SqliteStorage;
  beforeEach(() => (storage = new SqliteStorage(':memory:')));
  afterEach(() => storage.close());

  it('requests that arrive together are written in one batch, and each gets its own outcomes', async () => {
    const batches = sinon.spy(storage, 'recordInboundBatch');
    const writer = new InboxWriter(storage);
    const [a, b, c] = await Promise.all([
      writer.record([event('w1', 'messenger:1'), event('w2', 'messenger:2')]),
      writer.record([event('w1', 'messenger:1')]),
      writer.record([event('w3', 'messenger:3')]),
    ]);
    expect(a).to.deep.equal(['fresh', 'fresh']);
    expect(b).to.deep.equal(['duplicate']);
    expect(c).to.deep.equal(['fresh']);
    expect(batches.callCount).to.equal(1);
    expect(await storage.countPendingInbound()).to.equal(3);
  });

  it('requests arriving while a write is in progress go into the next write, not one each', async () => {
    const original = storage.recordInboundBatch.bind(storage);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sizes: number[] = [];
    sinon.stub(storage, 'recordInboundBatch').callsFake(async (events) => {
      sizes.push(events.length);
      if (sizes.length === 1) await gate; // the first write is slow
      return original(events);
    });
    const writer = new InboxWriter(storage);
    const first = writer.record([event('s0', 'messenger:0')]);
    await new Promise((r) => setImmediate(r));
    const later = [1, 2, 3, 4].map((i) => writer.record([event(`s${i}`, `messenger:${i}`)]));
    release();
    await Promise.all([first, ...later]);
    expect(sizes).to.deep.equal([1, 4]);
  });

  it('an event from before a deletion of the worker’s data is neither stored nor counted as new', async () => {
    await storage.writeState({ [tombstoneKey('messenger:9')]: { deletedAt: new Date(2_000).toISOString() } });
    const writer = new InboxWriter(storage);
    const outcomes = await writer.record([
      { ...event('old', 'messenger:9'), timestamp: 1_000 },
      { ...event('new', 'messenger:9'), timestamp: 3_000 },
    ]);
    expect(outcomes).to.deep.equal(['afterDeletion', 'fresh']);
    expect(await storage.countPendingInbound()).to.equal(1);
  });

  it('a failed write fails every request in it (each answers 500, Meta retries) and the next write goes ahead', async () => {
    const stub = sinon.stub(storage, 'recordInboundBatch').rejects(new Error('disk full'));
    const writer = new InboxWriter(storage);
    const results = await Promise.allSettled([writer.record([event('f1', 'messenger:1')]), writer.record([event('f2', 'messenger:2')])]);
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
    stub.restore();
    expect(await writer.record([event('f3', 'messenger:3')])).to.deep.equal(['fresh']);
  });
});

describe('answering gives way to acknowledging (LoopLag and the inbox limit)', () => {
  const block = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };
  const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('LoopLag reports how late the loop ran after it was blocked', async () => {
    const lag = new LoopLag(5, 100);
    lag.start();
    await tick(20);
    block(60);
    await tick(15);
    expect(lag.recentMs()).to.be.at.least(40);
    lag.stop();
  });

  it('a blocked loop halves the number of events handled at once; a quiet one lets it grow back to the maximum', async () => {
    const storage = new SqliteStorage(':memory:');
    const processor = new InboxProcessor({
      storage,
      clock: { now: () => new Date() },
      handle: async () => undefined,
      concurrency: 8,
      targetLagMs: 20,
      pollMs: 60_000,
    });
    processor.start();
    try {
      expect(processor.currentLimit()).to.equal(8);
      await tick(15);
      block(80);
      await tick(15);
      const afterBlock = processor.currentLimit();
      expect(afterBlock).to.be.at.most(4);
      // quiet: +1 per 100 ms once the late tick has left the window
      const deadline = Date.now() + 3_000;
      while (processor.currentLimit() < 8 && Date.now() < deadline) await tick(20);
      expect(processor.currentLimit()).to.equal(8);
    } finally {
      await processor.stop(1000);
      storage.close();
    }
  });
});
