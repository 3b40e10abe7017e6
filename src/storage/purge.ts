/**
 * What is kept only for a while: console sessions until they expire, and a finished Messenger event's id
 * for INBOX_RETENTION_DAYS (long enough to recognise Meta's redeliveries of it), with the send records of
 * its replies. Deleted at start and then
 * every hour. Pending and dead events, transcripts, audit entries and the tombstones of deleted
 * conversations are never purged here.
 */
import type { Clock } from '../clock.js';
import { log } from '../log.js';
import type { InboxStore, StaffStore, StateStore } from './types.js';

export const PURGE_EVERY_MS = 3600_000;

export interface PurgeOptions {
  storage: Pick<InboxStore, 'purgeDoneInbound'> & Pick<StaffStore, 'purgeExpiredSessions'> & Pick<StateStore, 'purgeState'>;
  /** key-value state kept as long as the inbox keeps finished events (e.g. the Messenger send ledger), by key prefix */
  statePrefixes?: string[];
  /** how long a done inbox event is kept, from its receipt */
  inboxRetentionMs: number;
  /** the console's clock: sessions expire by it (a frozen BOT_CLOCK freezes their expiry too) */
  sessionClock: Clock;
  /** real time: inbox receipt times are real time */
  inboxClock: Clock;
}

export async function purgeExpired(options: PurgeOptions): Promise<{ sessions: number; inboxEvents: number; stateRecords: number }> {
  const sessions = await options.storage.purgeExpiredSessions(options.sessionClock.now().toISOString());
  const before = new Date(options.inboxClock.now().getTime() - options.inboxRetentionMs).toISOString();
  const inboxEvents = await options.storage.purgeDoneInbound(before);
  let stateRecords = 0;
  for (const prefix of options.statePrefixes ?? []) stateRecords += await options.storage.purgeState(prefix, before);
  return { sessions, inboxEvents, stateRecords };
}

/** Purge now and every `everyMs`; the timer does not keep the process alive. Returns a stop function. */
export function schedulePurge(options: PurgeOptions, everyMs = PURGE_EVERY_MS): () => void {
  const run = () =>
    purgeExpired(options).then(
      (purged) => {
        if (purged.sessions > 0 || purged.inboxEvents > 0 || purged.stateRecords > 0)
          log.info('purged expired sessions, old finished inbox events and their send records', purged);
      },
      (err: unknown) => log.error('purge failed; tried again later', { err: err instanceof Error ? err : String(err) }),
    );
  void run();
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
