/**
 * What is kept only for a while: console sessions until they expire, and a finished Messenger event's id
 * for INBOX_RETENTION_DAYS (long enough to recognise Meta's redeliveries of it), with the send records of
 * its replies. Deleted at start and then
 * every hour. Pending and dead events, audit entries and the tombstones of deleted conversations are
 * never purged here. An admin's retention settings (retention.ts), read at each run, may shorten or
 * lengthen the inbox's days and have conversations the bot owns or staff resolved deleted — through
 * deleteConversation, the same erasure as a worker's own request — some days after their last update.
 */
import type { Clock } from '../clock.js';
import { log } from '../log.js';
import { DAY_MS, type RetentionSettings } from './retention.js';
import type { ConversationRecord, ConversationStore, InboxStore, StaffStore, StateStore } from './types.js';

export const PURGE_EVERY_MS = 3600_000;

export interface PurgeOptions {
  storage: Pick<InboxStore, 'purgeDoneInbound'> &
    Pick<StaffStore, 'purgeExpiredSessions'> &
    Pick<StateStore, 'purgeState'> &
    Pick<ConversationStore, 'listConversationsByOwner' | 'deleteConversation'>;
  /** key-value state kept as long as the inbox keeps finished events (e.g. the Messenger send ledger), by key prefix */
  statePrefixes?: string[];
  /** how long a done inbox event is kept, from its receipt, unless an admin set otherwise */
  inboxRetentionMs: number;
  /** the admin's settings, read at each run (retention.ts: storedRetention); a value not given keeps the default */
  retention?: () => Promise<Partial<RetentionSettings>>;
  /** the console's clock: sessions expire by it (a frozen BOT_CLOCK freezes their expiry too) */
  sessionClock: Clock;
  /** real time: inbox receipt times and conversations' updatedAt (stamped by the store) are real time */
  inboxClock: Clock;
}

export interface Purged {
  sessions: number;
  inboxEvents: number;
  stateRecords: number;
  /** conversations deleted for their age (only when retention settings are read) */
  conversations?: number;
}

export async function purgeExpired(options: PurgeOptions): Promise<Purged> {
  const settings = options.retention ? await options.retention() : {};
  const inboxRetentionMs = settings.inboxRetentionDays !== undefined ? settings.inboxRetentionDays * DAY_MS : options.inboxRetentionMs;
  const sessions = await options.storage.purgeExpiredSessions(options.sessionClock.now().toISOString());
  const before = new Date(options.inboxClock.now().getTime() - inboxRetentionMs).toISOString();
  const inboxEvents = await options.storage.purgeDoneInbound(before);
  let stateRecords = 0;
  for (const prefix of options.statePrefixes ?? []) stateRecords += await options.storage.purgeState(prefix, before);
  if (!options.retention) return { sessions, inboxEvents, stateRecords };
  let conversations = 0;
  const days = settings.conversationRetentionDays ?? 0;
  if (days > 0) {
    const cutoff = new Date(options.inboxClock.now().getTime() - days * DAY_MS).toISOString();
    for (const c of await options.storage.listConversationsByOwner(['bot', 'resolved'])) {
      if (!outlived(c, cutoff)) continue;
      await options.storage.deleteConversation(c.id);
      conversations++;
    }
  }
  return { sessions, inboxEvents, stateRecords, conversations };
}

/**
 * Old enough to go: last updated before the cutoff, and not a case waiting for its follow-up day (that
 * one comes back to the staff queue; escalations.bringBackFollowUps). Conversations waiting for or
 * held by staff are never listed here.
 */
function outlived(c: ConversationRecord, cutoff: string): boolean {
  if (c.owner === 'resolved' && c.resolution?.outcome === 'follow_up') return false;
  return c.updatedAt < cutoff;
}

/** Purge now and every `everyMs`; the timer does not keep the process alive. Returns a stop function. */
export function schedulePurge(options: PurgeOptions, everyMs = PURGE_EVERY_MS): () => void {
  const run = () =>
    purgeExpired(options).then(
      (purged) => {
        if (purged.sessions > 0 || purged.inboxEvents > 0 || purged.stateRecords > 0 || (purged.conversations ?? 0) > 0)
          log.info('purged expired sessions, old finished inbox events and their send records, old conversations', { ...purged });
      },
      (err: unknown) => log.error('purge failed; tried again later', { err: err instanceof Error ? err : String(err) }),
    );
  void run();
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
