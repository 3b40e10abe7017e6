/**
 * Botkit does what it does well here: each stored Messenger item becomes a turn (InboxAdapter, a
 * FacebookAdapter fed from the inbox), FacebookEventTypeMiddleware gives it its event type, and Botkit
 * routes it to the handler registered for that type, which turns it into a typed MessengerEvent.
 * Everything around it is the project's own: the signed webhook and the inbox in front, the Send API
 * client behind. Botkit's own webserver, signature check and Graph calls are never used.
 *
 * A turn's result travels on the turn itself: route() puts a TurnOutcome in the TurnContext's turnState,
 * and the handlers (and the error traps below) reach it through `bot.getConfig('context')`, so two turns
 * running at once never share anything.
 */
import { Botkit, type BotkitHandler, type BotkitMessage, type BotWorker } from 'botkit';
import type { TurnContext } from 'botbuilder';
import type { StateStore } from '../../storage/types.js';
import type { InboxItem, MessengerEvent, RawMessagingItem } from './events.js';
import { normaliseItem, workerIdOf } from './events.js';
import { InboxAdapter } from './inbox-adapter.js';
import { botbuilderStorage } from '../../storage/botbuilder-storage.js';

/** One turn's outcome: the typed event, or the first error raised inside Botkit while handling it. */
interface TurnOutcome {
  event?: MessengerEvent;
  error?: unknown;
}

/** The turnState key of a turn's outcome (a symbol: no other middleware can collide with it). */
const TURN_OUTCOME = Symbol('messenger turn outcome');

/** The TurnContext a bot worker was spawned for (Botkit's documented `bot.getConfig('context')`). */
function turnOf(bot: BotWorker | undefined): TurnContext | undefined {
  return bot?.getConfig('context') as TurnContext | undefined;
}

/** The outcome route() attached to this turn; undefined for a turn route() did not start. */
function outcomeOf(context: TurnContext | undefined): TurnOutcome | undefined {
  return context?.turnState.get(TURN_OUTCOME) as TurnOutcome | undefined;
}

/** Keep the first error on the turn's outcome; false when the turn has none to keep it in. */
function failTurn(bot: BotWorker | undefined, err: unknown): boolean {
  const outcome = outcomeOf(turnOf(bot));
  if (!outcome) return false;
  outcome.error ??= err;
  return true;
}

/** A failure inside Botkit while handling one item, with the original cause. */
export class RoutingError extends Error {
  override name = 'RoutingError';
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause));
  }
}

/**
 * Botkit 4.15 runs handlers inside middleware callbacks that are async functions nobody awaits
 * (core.ts handleTurn / processTriggersAndEvents): when a handler throws, `trigger` logs it and
 * rethrows `Error(err)`, the callback's promise rejects unhandled, and the promise of the turn never
 * settles — whoever awaits it waits forever. The same holds for a failing state write (saveState).
 * Here those three public, overridable methods record the error on the turn instead, so the turn always
 * finishes and route() can fail that one item. A turn route() did not start has no outcome to record
 * into: there they behave as Botkit's own.
 */
class SettlingBotkit extends Botkit {
  /** Every handler, ours or added later: its error is kept (with its stack) on the turn and the turn goes on. */
  override on(events: string | string[], handler: BotkitHandler): void {
    super.on(events, async (bot, message) => {
      try {
        return await handler(bot, message);
      } catch (err) {
        if (!failTurn(bot, err)) throw err;
        return false; // no further handlers for this event: the turn has failed
      }
    });
  }

  override async trigger(event: string, bot?: BotWorker, message?: BotkitMessage): Promise<unknown> {
    try {
      return await super.trigger(event, bot, message);
    } catch (err) {
      if (!failTurn(bot, err)) throw err;
      return undefined;
    }
  }

  override async saveState(bot: BotWorker): Promise<void> {
    try {
      await super.saveState(bot);
    } catch (err) {
      if (!failTurn(bot, err)) throw err;
    }
  }
}

export class BotkitRouter {
  private readonly controller: Botkit;
  private readonly adapter: InboxAdapter;

  constructor(options: { verifyToken: string; appSecret: string; accessToken: string; apiVersion: string; storage: StateStore }) {
    this.adapter = new InboxAdapter({
      verify_token: options.verifyToken,
      app_secret: options.appSecret,
      access_token: options.accessToken,
      api_version: options.apiVersion,
    });
    this.controller = new SettlingBotkit({
      adapter: this.adapter,
      disable_webserver: true,
      disable_console: true,
      storage: botbuilderStorage(options.storage),
    });
    const on = (types: string[], map: (m: BotkitMessage, item: RawMessagingItem) => MessengerEvent | undefined) => {
      // A throw here is kept on the turn by SettlingBotkit.on and fails this item only.
      this.controller.on(types, async (bot, message) => {
        const outcome = outcomeOf(turnOf(bot));
        if (outcome) outcome.event = map(message, message.incoming_message.channelData as RawMessagingItem);
      });
    };
    on(['message'], (m, item) => {
      const psid = workerIdOf(item);
      const mid = item.message?.mid ?? '';
      const text = typeof m.text === 'string' ? m.text : '';
      if (item.message?.quick_reply?.payload) return { kind: 'quick_reply', psid, mid, text, payload: item.message.quick_reply.payload };
      if (text) return { kind: 'text', psid, mid, text };
      if (item.message?.attachments?.length || item.message?.sticker_id)
        return { kind: 'attachment', psid, mid, types: (item.message.attachments ?? []).map((a) => a.type ?? 'unknown') };
      return { kind: 'unknown', psid, keys: Object.keys(item) };
    });
    on(['facebook_postback'], (_m, item) => ({
      kind: 'postback',
      psid: workerIdOf(item),
      title: item.postback?.title ?? '',
      payload: item.postback?.payload ?? '',
    }));
    on(['message_echo'], (_m, item) => {
      const msg = item.message ?? {};
      return {
        kind: 'echo',
        psid: workerIdOf(item),
        mid: msg.mid ?? '',
        text: msg.text ?? '',
        ...(msg.metadata ? { metadata: msg.metadata } : {}),
        ...(msg.app_id !== undefined ? { appId: String(msg.app_id) } : {}),
      };
    });
    on(['standby'], (m, item) => ({ kind: 'standby', psid: workerIdOf(item), ...(typeof m.text === 'string' && m.text ? { text: m.text } : {}) }));
    on(['message_delivered'], (_m, item) => ({ kind: 'delivery', psid: workerIdOf(item) }));
    on(['message_read'], (_m, item) => ({ kind: 'read', psid: workerIdOf(item) }));
    on(['facebook_receive_thread_control', 'facebook_lose_thread_control', 'facebook_request_thread_control', 'facebook_app_roles'], (m, item) => ({
      kind: 'handover',
      psid: workerIdOf(item),
      detail: m.type,
    }));
  }

  /**
   * Classify and route one stored item through Botkit; resolves with the typed event, or rejects with a
   * RoutingError when a handler, or Botkit's read or write of its dialog state, failed. The item is normalised first, so a
   * malformed shape (an attachment list holding null, say) never reaches a handler.
   */
  async route(inbox: InboxItem): Promise<MessengerEvent> {
    const item: RawMessagingItem = normaliseItem(inbox.item);
    if (inbox.standby) item.standby = true; // as FacebookAdapter marks an item of a webhook's standby list
    const sender = item.sender?.id;
    if (!sender) return { kind: 'unknown', psid: '', keys: Object.keys(item) };
    const recipient = item.recipient?.id || inbox.pageId;
    item.recipient = { id: recipient };
    const outcome: TurnOutcome = {};
    try {
      await this.adapter.receive({ ...item, sender: { id: sender }, recipient: { id: recipient } }, (context) => {
        context.turnState.set(TURN_OUTCOME, outcome);
        return this.controller.handleTurn(context);
      });
    } catch (err) {
      outcome.error ??= err;
    }
    if (outcome.error !== undefined) throw new RoutingError(outcome.error);
    return outcome.event ?? { kind: 'unknown', psid: workerIdOf(item), keys: Object.keys(item) };
  }

  async shutdown(): Promise<void> {
    await this.controller.shutdown();
  }
}
