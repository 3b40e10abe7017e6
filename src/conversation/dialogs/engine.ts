/**
 * Multi-step conversations (a calculator asking one thing at a time; later the intake before a hand-off)
 * run as Botkit dialogs — BotkitConversation, Botkit's own dialog system over botbuilder-dialogs — for every
 * channel. The engine owns a Botkit controller on the DialogAdapter (which collects what a dialog says), keeps
 * the dialog state in the project's storage (Botkit's storage option, botbuilder's Storage interface), and
 * offers the service two calls:
 *   continue(): the worker's message, to the dialog in progress if there is one (Botkit's handleTurn
 *               continues an active dialog first; with none, our 'message' handler marks the turn unhandled);
 *   begin():    start a dialog (a Botkit event whose handler calls bot.beginDialog).
 * "hủy" / "thôi" / "cancel" end a dialog at any step (a Botkit interrupt).
 */
import { Botkit, type BotkitConversation, type BotWorker } from 'botkit';
import type { TurnContext } from 'botbuilder';
import type { StateStore } from '../../storage/types.js';
import type { OutboundMessage } from '../messages.js';
import { DialogAdapter } from './dialog-adapter.js';
import { botbuilderStorage } from '../../storage/botbuilder-storage.js';

const UNHANDLED = Symbol('tlcd.dialog-unhandled');
const COLLECTED = Symbol('tlcd.dialog-collected');
/** On a turn's activity: the cancel words are an answer here, not an interrupt (the intake: "thôi việc ngày 5/3"). */
const NOT_INTERRUPTIBLE = 'tlcdNotInterruptible';
const BEGIN_EVENT = 'tlcd_begin_dialog';
const CANCEL_EVENT = 'tlcd_cancel_dialogs';
export const CANCEL_PATTERN = /^\s*(h[uủ]y|th[oô]i|cancel|stop|d[uừ]ng l[aạ]i)\b/i;

export interface DialogTurn {
  /** true when a dialog took the message (its replies are in `messages`, possibly none) */
  handled: boolean;
  messages: OutboundMessage[];
  /** what the dialog asked the service to keep from this turn (collect()); only when there is something */
  collected?: Record<string, string>;
}

export interface DialogEngineOptions {
  state: StateStore;
  /** Each builds one dialog on the engine's controller (BotkitConversation needs it). */
  dialogs: ((controller: Botkit) => BotkitConversation)[];
  /** What to say when a worker cancels a dialog. */
  cancelled: (locale: string) => string;
}

/** The turn a Botkit handler runs in (Botkit passes it to the worker as its 'context'). */
function turnOf(bot: BotWorker): TurnContext {
  return bot.getConfig('context') as TurnContext;
}

/**
 * A dialog hands a value to the service with the turn (the intake's answers, saved on the conversation
 * record with the turn's own write), instead of writing to storage itself around the service.
 */
export function collect(bot: BotWorker, key: string, value: string): void {
  const turnState = turnOf(bot).turnState;
  const collected = (turnState.get(COLLECTED) as Record<string, string> | undefined) ?? {};
  collected[key] = value;
  turnState.set(COLLECTED, collected);
}

export class DialogEngine {
  private readonly adapter = new DialogAdapter();
  private readonly controller: Botkit;
  readonly dialogIds: string[];

  constructor(options: DialogEngineOptions) {
    this.controller = new Botkit({ adapter: this.adapter, disable_webserver: true, disable_console: true, storage: botbuilderStorage(options.state) });
    this.dialogIds = options.dialogs.map((build) => {
      const dialog = build(this.controller);
      this.controller.addDialog(dialog);
      return dialog.id;
    });
    // No dialog in progress took the message: the service answers it as usual.
    this.controller.on('message', async (bot) => {
      turnOf(bot).turnState.set(UNHANDLED, true);
    });
    // begin() and cancel() are interrupts, not plain event handlers: Botkit gives a turn to the dialog in
    // progress first, and a BotkitConversation ends a non-message turn there, so a plain handler would
    // never run while a dialog is active — which is exactly when cancel() matters.
    const always = async () => true;
    this.controller.interrupts(always, BEGIN_EVENT, async (bot, message) => {
      // Botkit types an event's value as a string; ours is the object begin() put there.
      const value: unknown = message.incoming_message.value;
      if (typeof value !== 'object' || value === null || typeof (value as { dialog?: unknown }).dialog !== 'string') return;
      const { dialog, options: dialogOptions } = value as { dialog: string; options?: Record<string, unknown> };
      await bot.cancelAllDialogs();
      await bot.beginDialog(dialog, dialogOptions);
    });
    this.controller.interrupts(always, CANCEL_EVENT, async (bot) => {
      await bot.cancelAllDialogs();
    });
    const interrupting = async (message: { text?: string; incoming_message: { channelData?: unknown } }) =>
      CANCEL_PATTERN.test(message.text ?? '') && (message.incoming_message.channelData as Record<string, unknown> | undefined)?.[NOT_INTERRUPTIBLE] !== true;
    this.controller.interrupts(interrupting, 'message', async (bot, message) => {
      if (bot.hasActiveDialog()) {
        await bot.cancelAllDialogs();
        await bot.say(options.cancelled(typeof message.incoming_message.locale === 'string' ? message.incoming_message.locale : 'vi'));
      } else turnOf(bot).turnState.set(UNHANDLED, true);
    });
  }

  private activity(conversationId: string, fields: Record<string, unknown>, locale: string) {
    return {
      channelId: 'tlcd',
      conversation: { id: conversationId, isGroup: false, name: '', conversationType: 'personal' },
      from: { id: conversationId, name: '' },
      recipient: { id: 'tlcd-bot', name: '' },
      locale,
      timestamp: new Date(),
      ...fields,
    };
  }

  /**
   * The worker's message: handled by the dialog in progress, or not (no dialog is waiting for it).
   * `interruptible: false`: "hủy"/"thôi" are answers, not a cancel (the service decides about cancelling first).
   */
  async continue(conversationId: string, text: string, locale: string, options: { interruptible?: boolean } = {}): Promise<DialogTurn> {
    let unhandled = false;
    let collected: Record<string, string> | undefined;
    const fields = { type: 'message', text, ...(options.interruptible === false ? { channelData: { [NOT_INTERRUPTIBLE]: true } } : {}) };
    const messages = await this.adapter.runTurn(this.activity(conversationId, fields, locale), async (context) => {
      await this.controller.handleTurn(context);
      unhandled = context.turnState.get(UNHANDLED) === true;
      collected = context.turnState.get(COLLECTED) as Record<string, string> | undefined;
    });
    return { handled: !unhandled, messages, ...(collected ? { collected } : {}) };
  }

  /** Start `dialog` (ending any other in progress); resolves with its first messages. */
  async begin(conversationId: string, dialog: string, locale: string, options: Record<string, unknown> = {}): Promise<OutboundMessage[]> {
    if (!this.dialogIds.includes(dialog)) throw new Error(`no dialog "${dialog}"`);
    return this.adapter.runTurn(
      this.activity(conversationId, { type: 'event', name: BEGIN_EVENT, value: { dialog, options }, channelData: { botkitEventType: BEGIN_EVENT } }, locale),
      (context) => this.controller.handleTurn(context),
    );
  }

  /** End any dialog in progress, silently (the worker moved on: a button of the bot's own, a hand-off). */
  async cancel(conversationId: string, locale: string): Promise<void> {
    await this.adapter.runTurn(
      this.activity(conversationId, { type: 'event', name: CANCEL_EVENT, channelData: { botkitEventType: CANCEL_EVENT } }, locale),
      (context) => this.controller.handleTurn(context),
    );
  }

  async shutdown(): Promise<void> {
    await this.controller.shutdown();
  }
}
