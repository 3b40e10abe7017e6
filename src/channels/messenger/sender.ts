/** Sends the bot's and staff's messages to a worker on Messenger, within the platform's rules. */
import { createHash } from 'node:crypto';
import { log } from '../../log.js';
import type { OutboundMessage } from '../../conversation/messages.js';
import type { StateStore } from '../../storage/types.js';
import { GraphError, type GraphClient } from './graph-client.js';
import { replyWindow } from './window.js';

/** Metadata on every message we send, so their echoes are not mistaken for a person in the Page inbox. */
export const BOT_METADATA = 'tlcd:bot';
export const STAFF_METADATA = 'tlcd:staff';

export class WindowClosedError extends Error {
  override name = 'WindowClosedError';
  constructor(readonly closedAt: string) {
    super(`Messenger does not allow replies more than 7 days after the worker's last message (closed ${closedAt})`);
  }
}

/** What became of one outgoing message (by idempotency key). */
export interface SendRecord {
  /** Graph accepted it (its message id, '' when Graph gave none). */
  accepted?: string;
  /** When the last call for it began (written before the call: a record with this and no `accepted` means
   * the outcome is unknown — the call timed out, or the process died during it). */
  attemptedAt?: string;
  /** Calls that timed out: their outcome is unknown, Graph may have delivered them. */
  timeouts?: number;
}

/** Remembers outgoing messages by idempotency key, so a retried inbox event never sends them twice. */
export interface SendLedger {
  get(key: string): Promise<SendRecord | undefined>;
  set(key: string, record: SendRecord): Promise<void>;
}

/** Where the send ledger lives in the key-value state: `graph-send:<key>`. */
export const SEND_LEDGER_PREFIX = 'graph-send:';

/**
 * The ledger in the store's key-value state (both adapters), under `graph-send:<key>`. Each record carries
 * the time it was written (`at`), so records older than the inbox's retention are purged with the events
 * they belonged to (storage/purge.ts): a retry can only come while its event is kept.
 */
export function storageLedger(storage: Pick<StateStore, 'readState' | 'writeState'>): SendLedger {
  const k = (key: string) => `${SEND_LEDGER_PREFIX}${key}`;
  return {
    get: async (key) => (await storage.readState([k(key)]))[k(key)] as SendRecord | undefined,
    set: (key, record) => storage.writeState({ [k(key)]: { ...record, at: new Date().toISOString() } }),
  };
}

/** A message whose send timed out is sent again at most this many times more (then logged, not sent). */
export const RESENDS_AFTER_TIMEOUT = 1;

export class MessengerSender {
  constructor(
    private readonly graph: GraphClient,
    private readonly ledger?: SendLedger,
  ) {}

  /**
   * The bot's reply to a message just received: RESPONSE. With a `key` (the inbox event id) each
   * message carries the idempotency key `<key>#<content digest>.<copy>`: one Graph accepted is never sent again when
   * the event is retried; one whose call timed out is sent again once at most, then only logged.
   * A timeout is thrown (kind 'timeout') so the event is retried later.
   */
  async sendBotReply(psid: string, messages: OutboundMessage[], options: { key?: string; signal?: AbortSignal } = {}): Promise<void> {
    const callOptions = options.signal ? { signal: options.signal } : {};
    const seen = new Map<string, number>();
    for (const m of messages) {
      const body = toGraph(m);
      // The retried event is answered afresh and its reply may differ (no welcome the second time), so a
      // message is known by its content (and which copy of it), not by its position.
      const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 16);
      const copy = (seen.get(digest) ?? 0) + 1;
      seen.set(digest, copy);
      const key = options.key !== undefined && this.ledger ? `${options.key}#${digest}.${copy}` : undefined;
      const record = key ? await this.ledger!.get(key) : undefined;
      if (record?.accepted !== undefined) {
        log.info('reply already accepted by Graph; not sent again', { key });
        continue;
      }
      let timeouts = record?.timeouts ?? 0;
      if (record?.attemptedAt !== undefined) {
        // Outcome unknown: ask the Conversations API whether it arrived rather than guess.
        const delivered = await this.deliveredSince(psid, body.text, record.attemptedAt, callOptions);
        if (delivered) {
          await this.ledger!.set(key!, { accepted: '' });
          log.info('reply whose outcome was unknown had been delivered; not sent again', { key });
          continue;
        }
        if (delivered === undefined) {
          // No answer from Graph either: resend once at most (a crash counts as one timeout).
          timeouts = Math.max(timeouts, 1);
          if (timeouts > RESENDS_AFTER_TIMEOUT) {
            log.warn('reply not sent again: its outcome is unknown and Graph could not say whether it arrived', { key, timeouts });
            continue;
          }
          log.warn('sending again a reply whose outcome is unknown (once only)', { key, timeouts });
        } else log.info('reply whose outcome was unknown had not arrived; sending it', { key });
      }
      const attemptedAt = new Date().toISOString();
      try {
        if (key) await this.ledger!.set(key, { attemptedAt, ...(timeouts ? { timeouts } : {}) });
        const { messageId } = await this.graph.sendMessage(psid, body, { messagingType: 'RESPONSE', metadata: BOT_METADATA }, callOptions);
        if (key) await this.ledger!.set(key, { accepted: messageId ?? '' });
      } catch (err) {
        if (key && err instanceof GraphError && err.kind === 'timeout') {
          log.warn('reply send timed out; outcome unknown', { key, timeouts: timeouts + 1 });
          // when the call began: Graph dates a message it delivered from then, not from our timeout
          await this.ledger!.set(key, { attemptedAt, timeouts: timeouts + 1 });
        } else if (key && err instanceof GraphError && err.kind !== 'aborted') {
          // Graph answered with an error: not delivered, nothing unknown about it. (An abandoned call keeps
          // its attemptedAt: it may have reached Graph, and the next try asks first.)
          await this.ledger!.set(key, timeouts ? { timeouts } : {});
        }
        throw err;
      }
    }
  }

  /**
   * Did the Page send this text to the worker at or after `since`? undefined when Graph could not say
   * (an error, or no permission to read conversations).
   */
  private async deliveredSince(psid: string, text: string, since: string, callOptions: { signal?: AbortSignal }): Promise<boolean | undefined> {
    try {
      // Graph's created_time has whole seconds: compare from the start of the second the call began in.
      const from = Math.floor(Date.parse(since) / 1000) * 1000;
      const sent = await this.graph.pageMessagesTo(psid, callOptions);
      return sent.some((m) => m.text === text && Date.parse(m.createdTime) >= from);
    } catch (err) {
      log.warn('could not ask Graph whether a reply arrived', { kind: err instanceof GraphError ? err.kind : 'error' });
      return undefined;
    }
  }

  /** Best effort, one try (never delays the reply by more than one call's timeout). */
  async typing(psid: string, on: boolean, signal?: AbortSignal): Promise<void> {
    try {
      await this.graph.senderAction(psid, on ? 'typing_on' : 'typing_off', { maxRetries: 0, ...(signal ? { signal } : {}) });
    } catch (err) {
      log.debug('typing indicator failed', { err });
    }
  }

  /**
   * A staff member's reply: RESPONSE within 24 hours of the worker's last message,
   * HUMAN_AGENT tag up to 7 days, refused after that.
   */
  async sendStaffReply(psid: string, messages: OutboundMessage[], lastUserMessageAt: string | undefined, now: Date): Promise<'RESPONSE' | 'HUMAN_AGENT'> {
    const window = replyWindow(lastUserMessageAt, now);
    if (window.kind === 'closed') throw new WindowClosedError(window.closedAt);
    const human = window.kind === 'human_agent';
    for (const m of messages) {
      await this.graph.sendMessage(
        psid,
        toGraph(m),
        human ? { messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', metadata: STAFF_METADATA } : { messagingType: 'RESPONSE', metadata: STAFF_METADATA },
      );
    }
    return human ? 'HUMAN_AGENT' : 'RESPONSE';
  }
}

export function toGraph(m: OutboundMessage) {
  return {
    text: m.text,
    ...(m.quickReplies.length > 0 ? { quick_replies: m.quickReplies.map((q) => ({ content_type: 'text' as const, title: q.title, payload: q.payload })) } : {}),
  };
}

export function isPermanentSendFailure(err: unknown): err is GraphError {
  return err instanceof GraphError && err.permanent;
}
