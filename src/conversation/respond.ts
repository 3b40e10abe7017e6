/**
 * The conversation core: one worker message in, the bot's messages and an outcome out.
 * Independent of the channel and of storage: it reads the conversation's saved state and
 * returns the new state; ConversationService does the I/O.
 */
import type { TFunction } from 'i18next';
import { vietnamDay, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { translator, type Locale } from '../i18n.js';
import type { KnowledgeBaseProvider, Snapshot } from '../knowledge-base/provider.js';
import { isOpen } from '../escalation/office-hours.js';
import { MissingFigureError } from '../knowledge-base/template.js';
import type { Entry } from '../knowledge-base/types.js';
import { decide, type Decision, type HandoffReason, type Outcome } from '../matching/decide.js';
import { wantsCancel, wantsDataDeletion, wantsHelp } from '../matching/intents.js';
import { foldKey } from '../matching/normalise.js';
import type { Channel, ConversationRecord, Owner } from '../storage/types.js';
import { composeAnswer, composeMore, entryTitle, type ComposeContext } from './compose.js';
import { textMessages, type OutboundMessage, type QuickReply } from './messages.js';
import { botMayAnswer } from './ownership.js';

export const PAYLOAD = {
  getStarted: 'GET_STARTED',
  help: 'HELP',
  askStaff: 'HANDOFF',
  cancelHandoff: 'CANCEL_HANDOFF',
  entry: 'ENTRY:',
  more: 'MORE:',
  feedbackUp: 'FEEDBACK_UP:',
  feedbackDown: 'FEEDBACK_DOWN:',
  deleteConfirm: 'DELETE_CONFIRM',
  deleteKeep: 'DELETE_KEEP',
  questions: 'MENU_QUESTIONS',
} as const;

export interface Inbound {
  channel: Channel;
  userId: string;
  /** what the worker typed, or the title of the button they tapped */
  text?: string;
  /** quick-reply or postback payload */
  payload?: string;
  /** a photo, sticker, file… with no text */
  attachment?: boolean;
  locale?: Locale;
}

export interface TurnResult {
  outcome: Outcome;
  entryId?: string;
  confidence: number;
  options: { entryId: string; title: string }[];
  citations: string[];
  messages: OutboundMessage[];
}

/** What the service must do besides sending the messages. */
export interface TurnEffects {
  handoff?: { reason: HandoffReason; urgent: boolean };
  cancelHandoff?: boolean;
  unanswered?: { candidates: string[] };
  feedback?: { entryId: string; helpful: boolean };
  deleteData?: boolean;
  /** staff own the conversation; the worker's message goes to them */
  forwardToStaff?: boolean;
}

export interface Turn {
  result: TurnResult;
  state: ConversationRecord;
  effects: TurnEffects;
}

export function newConversationState(channel: Channel, userId: string, locale: Locale): ConversationRecord {
  const now = new Date().toISOString();
  return { id: `${channel}:${userId}`, channel, userId, owner: 'bot', locale, greeted: false, urgent: false, createdAt: now, updatedAt: now, eTag: '' };
}

export class ConversationCore {
  constructor(readonly kb: KnowledgeBaseProvider, readonly config: Config, readonly clock: Clock) {}

  respond(previous: ConversationRecord, inbound: Inbound): Turn {
    const state: ConversationRecord = { ...previous };
    const locale = inbound.locale ?? state.locale;
    state.locale = locale;
    const t = translator(locale);
    const snapshot = this.kb.current();
    const ctx: ComposeContext = { day: vietnamDay(this.clock.now()), figures: snapshot.kb.figures, organisation: this.config.organisation, locale, t };
    const turn = new TurnBuilder(state, t, snapshot, ctx);
    const text = (inbound.text ?? '').slice(0, 4000);
    const payload = inbound.payload ?? '';

    // While staff own the conversation the bot stays out of it, except for "hủy"/"thôi".
    if (!botMayAnswer(state.owner)) {
      if (state.owner === 'waiting_staff' && (payload === PAYLOAD.cancelHandoff || wantsCancel(text))) {
        turn.effects.cancelHandoff = true;
        state.owner = 'bot';
        state.toldPassedOn = false;
        return turn.say(t('handoff.cancelled')).finish('smalltalk');
      }
      turn.effects.forwardToStaff = true;
      if (!state.toldPassedOn) {
        state.toldPassedOn = true;
        return turn.say(t('handoff.stillWaiting'), state.owner === 'waiting_staff' ? [{ title: t('buttons.cancelHandoff'), payload: PAYLOAD.cancelHandoff }] : []).finish('handoff');
      }
      return turn.finish('handoff');
    }

    // Staff finished: the worker's next message is the bot's again.
    if (state.owner === 'resolved') state.owner = 'bot';

    if (!state.greeted) {
      state.greeted = true;
      turn.greetedNow = true;
      turn.say(`${t('greeting', { orgName: this.config.organisation.name })}\n${t('disclaimer')}`);
    }

    // Pending confirmation of data deletion
    if (state.pendingDeletion) {
      state.pendingDeletion = false;
      if (payload === PAYLOAD.deleteConfirm || /^(co|dong y|xoa|yes|ok|xac nhan)\b/.test(foldKey(text))) {
        turn.effects.deleteData = true;
        return turn.say(t('deleteData.done')).finish('smalltalk');
      }
      if (payload === PAYLOAD.deleteKeep || /^(khong|ko|k|thoi|no|huy)\b/.test(foldKey(text))) return turn.say(t('deleteData.kept')).finish('smalltalk');
    }

    if (payload) {
      const handled = this.handlePayload(turn, payload);
      if (handled) return handled;
    }
    if (inbound.attachment && !text) return turn.say(t('attachment')).finish('smalltalk');
    if (!text.trim()) return turn.say(t('askPrompt')).finish('smalltalk');
    if (wantsDataDeletion(text)) {
      state.pendingDeletion = true;
      return turn.say(t('deleteData.confirm'), [
        { title: t('buttons.confirmDelete'), payload: PAYLOAD.deleteConfirm },
        { title: t('buttons.keepData'), payload: PAYLOAD.deleteKeep },
      ]).finish('smalltalk');
    }
    if (wantsHelp(text)) return turn.say(t('help')).finish('smalltalk');

    const match = snapshot.matcher.match(text);
    const afterClarify = (state.pendingOptions?.length ?? 0) > 0;
    let decision = decide({ text, match, afterClarify });

    // A follow-up ("còn hồ sơ thì sao?") right after an answer: prefer that entry's related entries.
    const last = state.lastEntryId ? snapshot.kb.byId.get(state.lastEntryId) : undefined;
    if (last && looksLikeFollowUp(text) && (decision.outcome === 'clarify' || decision.outcome === 'out_of_scope')) {
      const related = match.candidates.find((c) => last.related.includes(c.entryId));
      if (related && related.score >= 0.25) decision = { outcome: 'answer', entryId: related.entryId, confidence: related.score, options: [] };
    }
    state.pendingOptions = undefined;
    return this.act(turn, decision);
  }

  private handlePayload(turn: TurnBuilder, payload: string): Turn | undefined {
    const { t, snapshot, state } = turn;
    if (payload === PAYLOAD.getStarted || payload === PAYLOAD.help || payload === PAYLOAD.questions) return turn.say(t('help')).finish('smalltalk');
    if (payload === PAYLOAD.askStaff) return this.handoff(turn, 'asked_for_person', 0);
    if (payload === PAYLOAD.cancelHandoff) return turn.say(t('handoff.cancelled')).finish('smalltalk');
    const [kind, id = ''] = payload.includes(':') ? [payload.slice(0, payload.indexOf(':') + 1), payload.slice(payload.indexOf(':') + 1)] : [payload, ''];
    const entry = snapshot.matcher.entries.find((e) => e.id === id);
    if (kind === PAYLOAD.entry && entry) {
      state.pendingOptions = undefined;
      return this.answer(turn, entry, 1);
    }
    if (kind === PAYLOAD.more && entry) {
      const more = composeMore(entry, turn.ctx);
      if (more) return turn.say(more, this.followUpReplies(turn, entry, false)).finish('answer', entry, 1);
      return this.answer(turn, entry, 1);
    }
    if ((kind === PAYLOAD.feedbackUp || kind === PAYLOAD.feedbackDown) && entry) {
      const helpful = kind === PAYLOAD.feedbackUp;
      turn.effects.feedback = { entryId: entry.id, helpful };
      if (helpful) return turn.say(t('feedback.thanks')).finish('smalltalk');
      return turn.say(t('feedback.sorry'), [{ title: t('buttons.askStaff'), payload: PAYLOAD.askStaff }]).finish('smalltalk');
    }
    return undefined; // unknown payload: treat the text as a message
  }

  private act(turn: TurnBuilder, decision: Decision): Turn {
    const { t, snapshot, state } = turn;
    switch (decision.outcome) {
      case 'answer': {
        const entry = snapshot.kb.byId.get(decision.entryId!)!;
        return this.answer(turn, entry, decision.confidence);
      }
      case 'handoff':
        return this.handoff(turn, decision.handoffReason ?? 'asked_for_person', decision.confidence, decision.options);
      case 'smalltalk':
        // A first "hello" is already answered by the greeting; just invite the question.
        if (decision.smalltalk === 'hello' && turn.greetedNow) return turn.say(t('askPrompt')).finish('smalltalk', undefined, decision.confidence);
        return turn.say(t(`smalltalk.${decision.smalltalk ?? 'ack'}`)).finish('smalltalk', undefined, decision.confidence);
      case 'out_of_scope':
        turn.effects.unanswered = { candidates: [] };
        return turn.say(t('outOfScope'), [{ title: t('buttons.help'), payload: PAYLOAD.help }, { title: t('buttons.askStaff'), payload: PAYLOAD.askStaff }]).finish('out_of_scope', undefined, decision.confidence);
      case 'clarify': {
        turn.effects.unanswered = { candidates: decision.options };
        const options = decision.options.map((id) => snapshot.kb.byId.get(id)!).filter(Boolean);
        if (options.length === 0) {
          state.pendingOptions = ['?'];
          return turn.say(t('notSure'), [{ title: t('buttons.askStaff'), payload: PAYLOAD.askStaff }]).finish('clarify', undefined, decision.confidence);
        }
        state.pendingOptions = options.map((e) => e.id);
        const lines = [t('clarify'), ...options.map((e, i) => `${i + 1}. ${entryTitle(e, state.locale)}`)];
        turn.options = options.map((e) => ({ entryId: e.id, title: entryTitle(e, state.locale) }));
        return turn
          .say(lines.join('\n'), [...options.map((e) => ({ title: entryTitle(e, state.locale), payload: `${PAYLOAD.entry}${e.id}` })), { title: t('buttons.askStaff'), payload: PAYLOAD.askStaff }])
          .finish('clarify', undefined, decision.confidence);
      }
    }
  }

  private answer(turn: TurnBuilder, entry: Entry, confidence: number): Turn {
    try {
      const { text, citations } = composeAnswer(entry, turn.ctx);
      turn.state.lastEntryId = entry.id;
      turn.citations = citations;
      return turn.say(text, this.followUpReplies(turn, entry, true)).finish('answer', entry, confidence);
    } catch (err) {
      // A figure with no value for today: never show a stale number; pass to staff instead.
      if (err instanceof MissingFigureError) return this.handoff(turn, 'unsure_after_clarify', confidence);
      throw err;
    }
  }

  private followUpReplies(turn: TurnBuilder, entry: Entry, offerMore: boolean): QuickReply[] {
    const { t, snapshot, state } = turn;
    const replies: QuickReply[] = [];
    if (offerMore && entry.more) replies.push({ title: t('buttons.more'), payload: `${PAYLOAD.more}${entry.id}` });
    for (const id of entry.related.slice(0, 3)) {
      const rel = snapshot.matcher.entries.find((e) => e.id === id);
      if (rel) replies.push({ title: entryTitle(rel, state.locale), payload: `${PAYLOAD.entry}${rel.id}` });
    }
    replies.push({ title: t('buttons.helpful'), payload: `${PAYLOAD.feedbackUp}${entry.id}` });
    replies.push({ title: t('buttons.notHelpful'), payload: `${PAYLOAD.feedbackDown}${entry.id}` });
    replies.push({ title: t('buttons.askStaff'), payload: PAYLOAD.askStaff });
    return replies;
  }

  private handoff(turn: TurnBuilder, reason: HandoffReason, confidence: number, options: string[] = []): Turn {
    const { t, state } = turn;
    const org = this.config.organisation;
    const urgent = reason === 'urgent';
    const lines = [urgent ? t('handoff.passedUrgent') : reason === 'personal_record' ? t('handoff.personalRecord') : t('handoff.passed')];
    const open = isOpen(this.config.officeHours, this.clock.now());
    if (open === false) lines.push(t('handoff.outsideHours', { hours: org.officeHours || t('handoff.officeHoursUnknown') }));
    else if (org.officeHours) lines.push(t('handoff.hours', { hours: org.officeHours }));
    lines.push(t('handoff.expect'));
    const channels = [org.hotline ? t('handoff.hotline', { hotline: org.hotline }) : '', org.address ? t('handoff.address', { address: org.address }) : ''].filter(Boolean);
    if (channels.length > 0) lines.push(t('handoff.otherChannels', { channels: channels.join('; ') }));
    turn.effects.handoff = { reason, urgent };
    turn.effects.unanswered = reason === 'unsure_after_clarify' ? { candidates: options } : undefined;
    state.owner = 'waiting_staff' satisfies Owner;
    state.toldPassedOn = true;
    state.pendingOptions = undefined;
    return turn.say(lines.join('\n'), [{ title: t('buttons.cancelHandoff'), payload: PAYLOAD.cancelHandoff }]).finish('handoff', undefined, confidence);
  }
}

const FOLLOW_UP = /^(con|the con|vay con|con neu|neu|the|vay|vay thi|the thi|con ve)\b|\b(thi sao|the nao|ra sao|sao a)\s*\??$/;
export function looksLikeFollowUp(text: string): boolean {
  const folded = foldKey(text);
  return folded.split(' ').length <= 10 && FOLLOW_UP.test(folded);
}

class TurnBuilder {
  readonly messages: OutboundMessage[] = [];
  readonly effects: TurnEffects = {};
  citations: string[] = [];
  options: { entryId: string; title: string }[] = [];
  greetedNow = false;

  constructor(readonly state: ConversationRecord, readonly t: TFunction, readonly snapshot: Snapshot, readonly ctx: ComposeContext) {}

  say(text: string, replies: QuickReply[] = []): this {
    this.messages.push(...textMessages(text, replies));
    return this;
  }

  finish(outcome: Outcome, entry?: Entry, confidence = 0): Turn {
    return {
      result: { outcome, ...(entry ? { entryId: entry.id } : {}), confidence, options: this.options, citations: this.citations, messages: this.messages },
      state: this.state,
      effects: this.effects,
    };
  }
}
