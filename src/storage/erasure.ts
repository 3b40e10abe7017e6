/**
 * What a deletion leaves behind, shared by both adapters (issue 15, "privacy after deletion").
 *
 * - A **tombstone**: `tombstone:<sha256 of the conversation id>` → `{ deletedAt }` in the state store. No
 *   personal data: only a hash and a time. A Messenger event written before that time and redelivered
 *   after the deletion (Meta retries, a replayed webhook) is then recognised and ignored instead of
 *   being answered and stored again.
 * - **State keyed by the worker's id** (Botkit's dialog state, `facebook/conversations/<psid>-<psid>/`,
 *   or `web/web:<id>/dialog`) is deleted with the conversation: `stateKeyMentions` says which keys.
 * - **Audit entries** keep what staff did, but their target no longer names the conversation.
 */
import { createHash } from 'node:crypto';
import { userIdOf } from '../conversation/ids.js';

export const TOMBSTONE_PREFIX = 'tombstone:';
export const DELETED_TARGET = '[deleted conversation]';

export interface Tombstone {
  deletedAt: string;
}

export function tombstoneKey(conversationId: string): string {
  return `${TOMBSTONE_PREFIX}${createHash('sha256').update(conversationId, 'utf8').digest('hex')}`;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a state key belongs to this conversation: it holds the conversation id, or the worker's id as a
 * whole token (between separators such as `/`, `:`, `-`, `#`, `.`), so worker `12` does not take `123`'s state.
 */
export function stateKeyMentions(key: string, conversationId: string): boolean {
  if (key.startsWith(TOMBSTONE_PREFIX)) return false;
  if (key.includes(conversationId)) return true;
  const userId = userIdOf(conversationId);
  if (!userId) return false;
  return new RegExp(`(^|[^A-Za-z0-9_])${escape(userId)}($|[^A-Za-z0-9_])`).test(key);
}

/** The substring a store can search keys for before `stateKeyMentions` decides. */
export function stateKeyNeedle(conversationId: string): string {
  return userIdOf(conversationId) || conversationId;
}

/** True when an event that happened at `eventTime` (ms) precedes the conversation's deletion. */
export function deletedAfter(tombstone: Tombstone | undefined, eventTime: number | undefined): boolean {
  if (!tombstone) return false;
  if (eventTime === undefined || !Number.isFinite(eventTime)) return false;
  return eventTime < Date.parse(tombstone.deletedAt);
}
