/**
 * How long the bot keeps what it no longer needs, as an admin set it in the console (Quản trị → Lưu giữ
 * dữ liệu): one record in the key-value state, read by the hourly purge at each run, so a change takes
 * effect at the next run on every instance without a restart. Nothing stored: the environment's
 * INBOX_RETENTION_DAYS, and conversations kept for ever.
 */
import type { StateStore } from './types.js';

export const RETENTION_KEY = 'settings:retention';
export const DAY_MS = 24 * 3600_000;

/** The bounds the console accepts (and the purge trusts: anything else stored is ignored). */
export const RETENTION_BOUNDS = {
  inboxRetentionDays: { min: 1, max: 90 },
  /** 0 = keep for ever; otherwise at least a week, so a case closed today cannot vanish by a slip of the finger */
  conversationRetentionDays: { min: 7, max: 3650 },
} as const;

export interface RetentionSettings {
  /** days a finished Messenger event's id (and its send records) is kept */
  inboxRetentionDays: number;
  /** days after its last update that a conversation the bot owns or staff resolved is deleted; 0 = never */
  conversationRetentionDays: number;
}

/** What an admin stored, each value only when it is within bounds (absent: the default applies). */
export async function storedRetention(storage: Pick<StateStore, 'readState'>): Promise<Partial<RetentionSettings>> {
  const record = (await storage.readState([RETENTION_KEY]))[RETENTION_KEY] ?? {};
  const out: Partial<RetentionSettings> = {};
  const inbox = record.inboxRetentionDays;
  if (isWhole(inbox) && inbox >= RETENTION_BOUNDS.inboxRetentionDays.min && inbox <= RETENTION_BOUNDS.inboxRetentionDays.max) out.inboxRetentionDays = inbox;
  const conversations = record.conversationRetentionDays;
  if (isWhole(conversations) && (conversations === 0 || validConversationDays(conversations))) out.conversationRetentionDays = conversations;
  return out;
}

export function validConversationDays(days: number): boolean {
  return days >= RETENTION_BOUNDS.conversationRetentionDays.min && days <= RETENTION_BOUNDS.conversationRetentionDays.max;
}

/** The settings in force: what is stored, else the defaults (the environment's inbox retention; conversations kept). */
export async function currentRetention(storage: Pick<StateStore, 'readState'>, defaultInboxRetentionMs: number): Promise<RetentionSettings> {
  const stored = await storedRetention(storage);
  return {
    inboxRetentionDays: stored.inboxRetentionDays ?? defaultInboxRetentionMs / DAY_MS,
    conversationRetentionDays: stored.conversationRetentionDays ?? 0,
  };
}

const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
