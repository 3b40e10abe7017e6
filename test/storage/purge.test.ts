/**
 * The scheduled purge (purge.ts): expired console sessions by the console's clock, finished inbox events
 * older than INBOX_RETENTION_DAYS by real time, at start and then on a timer. The adapters' own purge
 * methods are in the contract suite (both adapters).
 */
import { expect } from 'chai';
import { frozenClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { purgeExpired, schedulePurge } from '../../src/storage/purge.js';
import { SqliteStorage } from '../../src/storage/sqlite.js';
import { eventually } from '../helpers/messenger.js';
import { event } from './contract.js';
import '../helpers/setup.js'; // quiet logs

const DAY = 24 * 3600_000;
const NOW = Date.parse('2026-12-06T05:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('scheduled purge of expired sessions and old finished inbox events', () => {
  let storage: SqliteStorage;
  beforeEach(async () => {
    storage = new SqliteStorage(':memory:');
    const received = (id: string, ago: number) => ({ ...event(id, `messenger:${id}`), receivedAt: iso(NOW - ago) });
    await storage.recordInbound(received('done.8d', 8 * DAY));
    await storage.recordInbound(received('done.6d', 6 * DAY));
    await storage.recordInbound(received('pending.30d', 30 * DAY));
    await storage.claimInbound('w', 60_000, iso(NOW), 10);
    await storage.markInboundDone('done.8d');
    await storage.markInboundDone('done.6d');
    const session = { staffId: 's', csrfToken: 't', createdAt: iso(NOW - DAY) };
    await storage.createSession({ ...session, id: 'expired', expiresAt: iso(NOW - 1) });
    await storage.createSession({ ...session, id: 'live', expiresAt: iso(NOW + 3600_000) });
  });
  afterEach(() => storage.close());

  it('INBOX_RETENTION_DAYS defaults to 7 days and refuses less than one', () => {
    expect(loadConfig({}).inbox.retentionMs).to.equal(7 * DAY);
    expect(loadConfig({ INBOX_RETENTION_DAYS: '30' }).inbox.retentionMs).to.equal(30 * DAY);
    expect(() => loadConfig({ INBOX_RETENTION_DAYS: '0' })).to.throw(/INBOX_RETENTION_DAYS/);
    expect(() => loadConfig({ INBOX_RETENTION_DAYS: 'a week' })).to.throw(/INBOX_RETENTION_DAYS/);
  });

  it('deletes done events received more than the retention ago (and the send records of that age) and sessions expired by the console clock; pending events stay however old', async () => {
    await storage.writeState({
      'graph-send:done.8d#x.1': { accepted: 'm', at: iso(NOW - 8 * DAY) },
      'graph-send:done.6d#x.1': { accepted: 'm', at: iso(NOW - 6 * DAY) },
    });
    const purged = await purgeExpired({
      storage,
      inboxRetentionMs: 7 * DAY,
      statePrefixes: ['graph-send:'],
      sessionClock: { now: () => new Date(NOW) },
      inboxClock: { now: () => new Date(NOW) },
    });
    expect(purged).to.deep.equal({ sessions: 1, inboxEvents: 1, stateRecords: 1 });
    expect(Object.keys(await storage.readState(['graph-send:done.8d#x.1', 'graph-send:done.6d#x.1']))).to.deep.equal(['graph-send:done.6d#x.1']);
    expect(await storage.recordInbound(event('done.8d', 'messenger:done.8d'))).to.equal(true); // forgotten
    expect(await storage.recordInbound(event('done.6d', 'messenger:done.6d'))).to.equal(false); // still recognised
    expect(await storage.countPendingInbound()).to.equal(2); // pending.30d, and done.8d recorded again
    expect(await storage.getSession('expired')).to.equal(undefined);
    expect(await storage.getSession('live')).to.include({ id: 'live' });
  });

  it('sessions follow the console clock, not real time: under a frozen BOT_CLOCK a session the console still accepts is kept', async () => {
    const frozen = frozenClock('2026-12-05'); // 05:00Z on the 5th: before both sessions expire
    const purged = await purgeExpired({ storage, inboxRetentionMs: 7 * DAY, sessionClock: frozen, inboxClock: { now: () => new Date(NOW) } });
    expect(purged.sessions).to.equal(0);
    expect(await storage.getSession('expired')).to.include({ id: 'expired' });
  });

  it('runs at once when scheduled (at start), then on its timer', async () => {
    const stop = schedulePurge(
      { storage, inboxRetentionMs: 7 * DAY, sessionClock: { now: () => new Date(NOW) }, inboxClock: { now: () => new Date(NOW) } },
      20,
    );
    try {
      await eventually(async () => expect(await storage.getSession('expired')).to.equal(undefined));
      await storage.createSession({ id: 'expired-later', staffId: 's', csrfToken: 't', createdAt: iso(NOW - DAY), expiresAt: iso(NOW - 5) });
      await eventually(async () => expect(await storage.getSession('expired-later')).to.equal(undefined));
    } finally {
      stop();
    }
  });
});
