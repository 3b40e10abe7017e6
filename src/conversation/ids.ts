/**
 * A conversation's id: the channel and the worker's id on it — `messenger:<PSID>`, `web:<visitor id>`,
 * `cli:ask`. One function builds it and one reads it back, because the id is also a contract outside
 * the code: exported data, audit targets, tombstones and Botkit's state keys are all keyed by it.
 */
import type { Channel } from '../storage/types.js';

export function conversationId(channel: Channel, userId: string): string {
  return `${channel}:${userId}`;
}

/** The worker's own id inside a conversation id (`messenger:123` → `123`; an id without a channel is returned whole). */
export function userIdOf(id: string): string {
  const colon = id.indexOf(':');
  return colon >= 0 ? id.slice(colon + 1) : id;
}
