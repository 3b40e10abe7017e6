/**
 * Runs the conversation core against storage: loads the conversation, records the transcript,
 * saves the new state with optimistic concurrency, and carries out the turn's effects. Channels and the
 * console read conversations and transcripts through it, never through the storage underneath.
 */
import { EventEmitter } from 'node:events';
import { vietnamDay, type Clock } from '../clock.js';
import type { Locale } from '../i18n.js';
import { log } from '../log.js';
import {
  ConcurrencyError,
  ETag,
  type Channel,
  type ConversationRecord,
  type ConversationStore,
  type OwnershipChange,
  type SignalStore,
  type NewsStore,
  type TranscriptMessage,
  type TranscriptStore,
} from '../storage/types.js';
import { calculatorRequested } from '../matching/calculator-request.js';
import { newsRequested } from '../matching/news-request.js';
import { currentNews } from '../news/rules.js';
import { wantsCancel } from '../matching/intents.js';
import { CALCULATOR_DIALOG_PREFIX } from './dialogs/calculator-dialog.js';
import { intakeDialogId, intakeInProgress, withAnswers } from './dialogs/intake-dialog.js';
import type { DialogEngine } from './dialogs/engine.js';
import { conversationId } from './ids.js';
import type { OutboundMessage } from './messages.js';
import { botMayAnswer } from './ownership.js';
import { newConversationState, PAYLOAD, type ConversationCore, type Inbound, type TurnContext, type TurnResult } from './respond.js';

/** A turn a dialog took: what it said, and what it collected for the conversation record. */
interface DialogTaken {
  messages: OutboundMessage[];
  collected?: Record<string, string>;
}

export interface HandledTurn {
  result: TurnResult;
  conversation: ConversationRecord;
}

/** Events for the staff console (new escalation, new worker message) and the channels. */
export type ConversationEvent =
  | { type: 'escalated'; conversationId: string; urgent: boolean; reason: string }
  /** `assignedTo`: the officer holding the case, whose console notifies them (issue 17 item 2) */
  | { type: 'worker_message'; conversationId: string; text: string; owner: string; assignedTo?: string }
  | { type: 'owner_changed'; conversationId: string; owner: string }
  | { type: 'deleted'; conversationId: string };

export class ConversationService {
  readonly events = new EventEmitter();

  constructor(
    private readonly storage: ConversationStore & TranscriptStore & SignalStore,
    readonly core: ConversationCore,
    readonly clock: Clock,
    readonly defaultLocale: Locale = 'vi',
    /** Multi-step conversations (the calculators); without it every message goes to the core. */
    private readonly dialogs?: DialogEngine,
    /** The union's news and programmes (console → Tin & chương trình); without it there are none to show. */
    private readonly news?: Pick<NewsStore, 'listNewsItems'>,
  ) {
    this.events.setMaxListeners(0);
  }

  /** Button payloads starting a calculator: `CALC:<name>` (quick replies under an answer, the menu). */
  static readonly CALCULATOR_PAYLOAD = PAYLOAD.calculate;

  /**
   * A multi-step conversation's turn, when one takes this message: a calculator asked for (by a button or
   * in words) starts, a dialog in progress gets the worker's answer. Only while the bot owns the
   * conversation — and the intake while the worker waits for staff, nothing else then; a button of the
   * bot's own (a hand-off, an entry, "cancel the hand-off") ends a dialog in progress and goes to the core.
   * `stopIntake` is set when an unfinished intake ends here (staff took the case, the worker cancelled or
   * moved on): the core's turn records it.
   */
  private async dialogTurn(
    inbound: Inbound,
    id: string,
    stored: ConversationRecord | undefined,
    stopIntake: { value: boolean },
  ): Promise<DialogTaken | undefined> {
    if (!this.dialogs) return undefined;
    const locale = stored?.locale ?? inbound.locale ?? this.defaultLocale;
    const payload = inbound.payload ?? '';
    const botsButton = /^[A-Z_]+(:|$)/.test(payload);
    if (stored && intakeInProgress(stored.intake)) {
      if (stored.owner === 'waiting_staff' && !botsButton && !wantsCancel(inbound.text ?? '')) {
        // A file or a sticker goes to the officer (the core acknowledges it); the intake asks again next time.
        if (!inbound.text || inbound.attachment) return undefined;
        const turn = await this.dialogs.continue(id, inbound.text, locale, { interruptible: false });
        if (turn.handled) return { messages: turn.messages, ...(turn.collected ? { collected: turn.collected } : {}) };
      }
      await this.dialogs.cancel(id, locale);
      stopIntake.value = true;
    }
    if (stored && !botMayAnswer(stored.owner)) return undefined;
    const startable = (name: string | undefined) =>
      name && this.dialogs!.dialogIds.includes(`${CALCULATOR_DIALOG_PREFIX}${name}`) ? `${CALCULATOR_DIALOG_PREFIX}${name}` : undefined;
    const asked = payload.startsWith(ConversationService.CALCULATOR_PAYLOAD)
      ? startable(payload.slice(ConversationService.CALCULATOR_PAYLOAD.length))
      : startable(calculatorRequested(inbound.text ?? ''));
    if (asked) return { messages: await this.dialogs.begin(id, asked, locale) };
    if (botsButton) {
      await this.dialogs.cancel(id, locale);
      return undefined;
    }
    if (!inbound.text || inbound.attachment) return undefined;
    const turn = await this.dialogs.continue(id, inbound.text, locale);
    return turn.handled ? { messages: turn.messages } : undefined;
  }

  /** The intake to start after a hand-off in this locale (none for an urgent one: the officer should call at once). */
  private intakeAfter(handoff: { urgent: boolean } | undefined, locale: Locale): string | undefined {
    if (!handoff || handoff.urgent || !this.dialogs) return undefined;
    const dialog = intakeDialogId(locale);
    return this.dialogs.dialogIds.includes(dialog) ? dialog : undefined;
  }

  /**
   * What the core needs from storage for this message besides the conversation (respond.ts, TurnContext):
   * the news current today when the worker asks for it (the menu's button, or in words). Looked up only
   * then — one read for those messages, none for the others.
   */
  private async turnContext(inbound: Inbound): Promise<TurnContext> {
    const asked = inbound.payload ? inbound.payload === PAYLOAD.news : newsRequested(inbound.text ?? '');
    if (!asked) return {};
    return { news: currentNews(this.news ? await this.news.listNewsItems() : [], vietnamDay(this.clock.now())) };
  }

  /** Record a dialog's turn: the worker's words and the bot's, and the conversation's last message time. */
  private async recordDialogTurn(
    inbound: Inbound,
    id: string,
    stored: ConversationRecord | undefined,
    taken: DialogTaken,
    workerText: string,
    now: string,
    meta: { mid?: string },
  ): Promise<HandledTurn> {
    const { messages, collected } = taken;
    await this.storage.appendMessage({ conversationId: id, author: 'worker', text: workerText, at: now, ...(meta.mid ? { mid: meta.mid } : {}) });
    const state = { ...(stored ?? newConversationState(inbound.channel, inbound.userId, inbound.locale ?? this.defaultLocale)), lastUserMessageAt: now };
    let saved: ConversationRecord = state;
    for (let attempt = 0; ; attempt++) {
      try {
        const current = attempt === 0 ? stored : await this.storage.getConversation(id);
        const base = current ?? state;
        // The intake's answers are saved with the turn, under the same eTag rule.
        const intake = collected && base.intake ? { intake: withAnswers(base.intake, collected, now) } : {};
        saved = await this.storage.saveConversation({ ...base, lastUserMessageAt: now, ...intake }, current ? ETag.match(current.eTag) : ETag.absent);
        break;
      } catch (err) {
        if (err instanceof ConcurrencyError && attempt < 4) continue;
        throw err;
      }
    }
    for (const message of messages)
      await this.storage.appendMessage({ conversationId: id, author: 'bot', text: message.text, at: now, outcome: 'dialog', confidence: 1 });
    const result: TurnResult = { outcome: 'dialog', confidence: 1, language: saved.locale, options: [], citations: [], messages };
    // An answer to the intake is the worker's message to staff: the console shows it at once.
    if (collected) this.events.emit('event', { type: 'worker_message', conversationId: id, text: workerText, owner: saved.owner } satisfies ConversationEvent);
    return { result, conversation: saved };
  }

  /** The conversation's saved state; undefined before the worker's first message. */
  conversation(id: string): Promise<ConversationRecord | undefined> {
    return this.storage.getConversation(id);
  }

  /** The transcript, oldest first: the last `limit` messages. */
  transcript(id: string, limit?: number): Promise<TranscriptMessage[]> {
    return this.storage.listMessages(id, limit);
  }

  /** Who owned the conversation when, oldest first. */
  ownershipHistory(id: string): Promise<OwnershipChange[]> {
    return this.storage.listOwnershipChanges(id);
  }

  /** A worker's words kept for staff without a turn (Messenger standby: another app owns the thread, the bot never answers). */
  async keepWorkerMessage(channel: Channel, userId: string, text: string): Promise<void> {
    await this.storage.appendMessage({ conversationId: conversationId(channel, userId), author: 'worker', text, at: this.clock.now().toISOString() });
  }

  /** A worker's message the bot could not handle at all (it failed for good): an unanswered question for editors, outcome 'failed'. */
  async recordFailedMessage(channel: Channel, userId: string, text: string): Promise<void> {
    const at = this.clock.now().toISOString();
    await this.storage.logUnanswered({ conversationId: conversationId(channel, userId), text, outcome: 'failed', confidence: 0, candidates: [], at });
  }

  /** Delete everything kept about a conversation (a deletion request from outside the chat); `found`: there was something. */
  async erase(id: string): Promise<{ found: boolean }> {
    const found = Boolean(await this.storage.getConversation(id)) || (await this.storage.listMessages(id, 1)).length > 0;
    await this.storage.deleteConversation(id);
    return { found };
  }

  /**
   * `beforeHandoff` runs when this message would put the conversation in the staff queue, before anything
   * is stored: throwing there refuses the message with nothing recorded (the web chat's hand-off limit).
   */
  async handle(inbound: Inbound, meta: { mid?: string } = {}, guards: { beforeHandoff?: () => void } = {}): Promise<HandledTurn> {
    const id = conversationId(inbound.channel, inbound.userId);
    const now = this.clock.now().toISOString();
    const workerText = inbound.text ?? (inbound.attachment ? '[tệp đính kèm]' : (inbound.payload ?? ''));
    const stopIntake = { value: false };
    // The conversation as read for the dialogs serves the core's first turn too (one read per message, not two).
    let alreadyRead: { stored: ConversationRecord | undefined } | undefined;
    if (this.dialogs) {
      const stored = await this.storage.getConversation(id);
      const taken = await this.dialogTurn(inbound, id, stored, stopIntake);
      if (taken) return this.recordDialogTurn(inbound, id, stored, taken, workerText, now, meta);
      alreadyRead = { stored };
    }
    const context = await this.turnContext(inbound);
    const respondTo = async () => {
      const stored = alreadyRead ? alreadyRead.stored : await this.storage.getConversation(id);
      alreadyRead = undefined; // a retry after a concurrent write reads afresh
      const previous = stored ?? newConversationState(inbound.channel, inbound.userId, inbound.locale ?? this.defaultLocale);
      return { stored, previous, turn: this.core.respond(previous, inbound, context) };
    };
    // The first turn is worked out before the worker's message is recorded (the core reads the
    // conversation's state, not its transcript), so a guard can still refuse it with nothing stored.
    let first: Awaited<ReturnType<typeof respondTo>> | undefined = await respondTo();
    // A hand-off always starts from the bot's own conversation (ownership.ts): it puts a new one in the queue.
    if (first.turn.effects.handoff) guards.beforeHandoff?.();
    await this.storage.appendMessage({ conversationId: id, author: 'worker', text: workerText, at: now, ...(meta.mid ? { mid: meta.mid } : {}) });

    for (let attempt = 0; ; attempt++) {
      const { stored, previous, turn } = first ?? (await respondTo());
      first = undefined;
      turn.state.lastUserMessageAt = now;
      if (stopIntake.value && turn.state.intake && intakeInProgress(turn.state.intake))
        turn.state.intake = { ...turn.state.intake, finishedAt: now, stopped: true };
      const intake = this.intakeAfter(turn.effects.handoff, turn.state.locale);
      if (intake) turn.state.intake = { startedAt: now };
      if (turn.effects.handoff) {
        turn.state.urgent = turn.effects.handoff.urgent;
        turn.state.waitingSince = now;
        turn.state.handoffReason = turn.effects.handoff.reason;
      }
      if (turn.effects.cancelHandoff) {
        turn.state.urgent = false;
        delete turn.state.waitingSince;
      }
      if (turn.effects.deleteData) {
        await this.storage.deleteConversation(id);
        this.events.emit('event', { type: 'deleted', conversationId: id } satisfies ConversationEvent);
        return { result: turn.result, conversation: newConversationState(inbound.channel, inbound.userId, turn.state.locale) };
      }
      let saved: ConversationRecord;
      try {
        saved = await this.storage.saveConversation(turn.state, stored ? ETag.match(stored.eTag) : ETag.absent);
      } catch (err) {
        if (err instanceof ConcurrencyError && attempt < 4) continue;
        throw err;
      }
      // The intake's first question follows the hand-off's message in the same turn.
      if (intake) turn.result.messages.push(...(await this.dialogs!.begin(id, intake, saved.locale)));
      await this.afterTurn(previous, saved, turn.result, turn.effects, workerText, now);
      return { result: turn.result, conversation: saved };
    }
  }

  private async afterTurn(
    previous: ConversationRecord,
    saved: ConversationRecord,
    result: TurnResult,
    effects: ReturnType<ConversationCore['respond']>['effects'],
    workerText: string,
    now: string,
  ): Promise<void> {
    const id = saved.id;
    if (previous.owner !== saved.owner) {
      await this.storage.recordOwnershipChange({
        conversationId: id,
        from: previous.owner,
        to: saved.owner,
        by: 'bot',
        at: now,
        ...(effects.handoff ? { reason: effects.handoff.reason } : effects.cancelHandoff ? { reason: 'worker_cancelled' } : {}),
      });
      this.events.emit('event', { type: 'owner_changed', conversationId: id, owner: saved.owner } satisfies ConversationEvent);
    }
    if (effects.handoff) {
      this.events.emit('event', {
        type: 'escalated',
        conversationId: id,
        urgent: effects.handoff.urgent,
        reason: effects.handoff.reason,
      } satisfies ConversationEvent);
    }
    if (effects.forwardToStaff || effects.handoff) {
      this.events.emit('event', {
        type: 'worker_message',
        conversationId: id,
        text: workerText,
        owner: saved.owner,
        ...(saved.assignedTo ? { assignedTo: saved.assignedTo } : {}),
      } satisfies ConversationEvent);
    }
    if (effects.unanswered) {
      await this.storage.logUnanswered({
        conversationId: id,
        text: workerText,
        outcome: result.outcome,
        confidence: result.confidence,
        candidates: effects.unanswered.candidates,
        at: now,
      });
    }
    if (effects.feedback) await this.storage.recordFeedback({ conversationId: id, ...effects.feedback, at: now });
    for (const message of result.messages) {
      await this.storage.appendMessage({
        conversationId: id,
        author: 'bot',
        text: message.text,
        at: now,
        outcome: result.outcome,
        ...(result.entryId ? { entryId: result.entryId } : {}),
        confidence: result.confidence,
      });
    }
    log.debug('turn', { conversation: id, outcome: result.outcome, entry: result.entryId, confidence: Number(result.confidence.toFixed(3)) });
  }
}
