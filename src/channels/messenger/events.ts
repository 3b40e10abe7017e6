/**
 * The Messenger webhook payload, read into the few kinds of event the bot cares about.
 * Shapes follow Meta's webhook reference (messages, messaging_postbacks, message_echoes,
 * message_deliveries, message_reads, standby, messaging_handovers).
 */
import { createHash } from 'node:crypto';
import { JsonTooDeepError, valueTooDeep } from '../../server/json-body.js';

export interface RawMessagingItem {
  sender?: { id?: string };
  recipient?: { id?: string };
  timestamp?: number;
  message?: {
    mid?: string;
    text?: string;
    is_echo?: boolean;
    app_id?: number | string;
    metadata?: string;
    quick_reply?: { payload?: string };
    attachments?: { type?: string }[];
    sticker_id?: number;
  };
  postback?: { mid?: string; title?: string; payload?: string };
  delivery?: unknown;
  read?: unknown;
  pass_thread_control?: unknown;
  take_thread_control?: unknown;
  request_thread_control?: unknown;
  [key: string]: unknown;
}

/** One item of a webhook batch, as it is kept in the inbox. */
export interface InboxItem {
  item: RawMessagingItem;
  standby: boolean;
  pageId: string;
}

export type MessengerEvent =
  | { kind: 'text'; psid: string; mid: string; text: string }
  | { kind: 'quick_reply'; psid: string; mid: string; text: string; payload: string }
  | { kind: 'postback'; psid: string; title: string; payload: string }
  | { kind: 'attachment'; psid: string; mid: string; types: string[] }
  | { kind: 'echo'; psid: string; mid: string; text: string; metadata?: string; appId?: string }
  | { kind: 'standby'; psid: string; text?: string }
  | { kind: 'delivery' | 'read'; psid: string }
  | { kind: 'handover'; psid: string; detail: string }
  | { kind: 'unknown'; psid: string; keys: string[] };

export class WebhookPayloadError extends Error {
  override name = 'WebhookPayloadError';
}

interface WebhookBody {
  object?: unknown;
  entry?: { id?: string; time?: number; messaging?: RawMessagingItem[] | null; standby?: RawMessagingItem[] | null }[];
}

/** Every item of every entry, messaging and standby alike, in the order Meta sent them. */
export function itemsOf(body: unknown): InboxItem[] {
  // Before anything walks it (storing an event stringifies it): a 400 JSON_TOO_DEEP, nothing stored.
  if (valueTooDeep(body)) throw new JsonTooDeepError();
  const b = body as WebhookBody;
  if (!b || typeof b !== 'object' || b.object !== 'page') throw new WebhookPayloadError('not a Page webhook (object must be "page")');
  if (!Array.isArray(b.entry)) throw new WebhookPayloadError('"entry" must be an array');
  const items: InboxItem[] = [];
  for (const entry of b.entry) {
    if (!entry || typeof entry !== 'object') continue;
    // str(): an id that is an object (even one with an odd toString) is no id, never a thrown TypeError
    const pageId = str(entry.id) ?? '';
    for (const item of Array.isArray(entry.messaging) ? entry.messaging : [])
      if (item && typeof item === 'object') items.push({ item, standby: false, pageId });
    for (const item of Array.isArray(entry.standby) ? entry.standby : []) if (item && typeof item === 'object') items.push({ item, standby: true, pageId });
  }
  return items;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

/** Each of these fields, when present, becomes its string form, or goes when it has none. */
function keepStrings(o: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of keys) {
    if (o[key] === undefined) continue;
    const value = str(o[key]);
    if (value === undefined) delete o[key];
    else o[key] = value;
  }
}

/**
 * A copy of a stored item with the shapes the handlers rely on, whatever arrived: ids and texts are
 * strings or absent, `message` / `postback` / `quick_reply` are objects or absent, and `attachments`
 * is a list of objects each with a string type. A malformed attachment list (not a list, or holding
 * null or non-objects) still says "something was attached", so it is kept as `{ type: 'unknown' }`
 * entries rather than dropped. Signed by Meta or not, a payload must never be able to make a handler throw.
 */
export function normaliseItem(raw: unknown): RawMessagingItem {
  const item: RawMessagingItem = isObject(raw) ? structuredClone(raw) : {};
  for (const key of ['sender', 'recipient'] as const) {
    const party = item[key];
    if (party === undefined) continue;
    const id = isObject(party) ? str(party.id) : undefined;
    if (id) item[key] = { id };
    else delete item[key];
  }
  if (item.timestamp !== undefined && typeof item.timestamp !== 'number') delete item.timestamp;
  if (item.message !== undefined) {
    if (!isObject(item.message)) delete item.message;
    else {
      const m = item.message as Record<string, unknown>;
      keepStrings(m, ['mid', 'text', 'metadata']);
      if (m.is_echo !== undefined) m.is_echo = m.is_echo === true;
      if (m.app_id !== undefined && str(m.app_id) === undefined) delete m.app_id;
      if (m.sticker_id !== undefined && typeof m.sticker_id !== 'number' && typeof m.sticker_id !== 'string') delete m.sticker_id;
      if (m.quick_reply !== undefined) {
        const payload = isObject(m.quick_reply) ? str(m.quick_reply.payload) : undefined;
        if (payload) m.quick_reply = { ...(m.quick_reply as object), payload };
        else delete m.quick_reply;
      }
      if (m.attachments !== undefined && m.attachments !== null) {
        const list: unknown[] = Array.isArray(m.attachments) ? m.attachments : [m.attachments];
        m.attachments = list.map((a) => (isObject(a) ? { ...a, type: str(a.type) ?? 'unknown' } : { type: 'unknown' }));
        if ((m.attachments as unknown[]).length === 0) delete m.attachments;
      } else delete m.attachments;
    }
  }
  if (item.postback !== undefined) {
    if (!isObject(item.postback)) delete item.postback;
    else {
      keepStrings(item.postback as Record<string, unknown>, ['mid', 'title', 'payload']);
    }
  }
  return item;
}

/** The worker's Page-scoped id: the sender, except for echoes (sent by the Page to the worker). */
export function workerIdOf(item: RawMessagingItem): string {
  return str(item.message?.is_echo ? item.recipient?.id : item.sender?.id) ?? '';
}

/** A stable id for deduplication: the message id where there is one, else a hash of the item. */
export function eventIdOf(inbox: InboxItem): string {
  const { item } = inbox;
  // only a string (or number) is a message id: an object would make every such event "mid:[object Object]"
  const mid = str(item.message?.mid) ?? str(item.postback?.mid);
  if (mid) return `${item.message?.is_echo ? 'echo' : inbox.standby ? 'standby' : 'mid'}:${mid}`;
  return `hash:${createHash('sha256').update(JSON.stringify(item)).digest('hex')}`;
}
