/**
 * The conversation core: one worker message in, the bot's messages and an outcome out.
 * Independent of the channel and of storage: it reads the conversation's saved state and
 * returns the new state; ConversationService does the I/O.
 */
import type { TFunction } from 'i18next';
import { vietnamDay, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { translator, type Locale } from '../i18n.js';
import { detectLanguage } from '../matching/language.js';
import type { KnowledgeBaseProvider, Snapshot } from '../knowledge-base/provider.js';
import { isOpen } from '../escalation/office-hours.js';
import { MissingFigureError } from '../knowledge-base/template.js';
import type { Entry } from '../knowledge-base/types.js';
import type { Decision, HandoffReason, Outcome } from '../matching/decide.js';
import { understand, type Understanding } from '../matching/understand.js';
import { wantsCancel, wantsDataDeletion, wantsHelp } from '../matching/intents.js';
import { foldKey } from '../matching/normalise.js';
import { newsChatText } from '../news/chat.js';
import type { Channel, ConversationRecord, NewsItem } from '../storage/types.js';
import { composeAnswer, composeMore, entryTitle, type ComposeContext } from './compose.js';
import { conversationId } from './ids.js';
import { textMessages, type OutboundMessage, type QuickReply } from './messages.js';
import { CALCULATOR_FOR_ENTRY } from './calculator-buttons.js';
import { botMayAnswer, canTransition, nextOwner } from './ownership.js';

export const PAYLOAD = {
  getStarted: 'GET_STARTED',
  help: 'HELP',
  askStaff: 'HANDOFF',
  cancelHandoff: 'CANCEL_HANDOFF',
  entry: 'ENTRY:',
  more: 'MORE:',
  feedbackUp: 'FEEDBACK_UP:',
  /** starts a calculator's dialog (the conversation service takes it before the core) */
  calculate: 'CALC:',
  feedbackDown: 'FEEDBACK_DOWN:',
  deleteConfirm: 'DELETE_CONFIRM',
  deleteKeep: 'DELETE_KEEP',
  questions: 'MENU_QUESTIONS',
  /** the worker's one-tap rating after staff resolve: RATE_STAFF:up or RATE_STAFF:down */
  rateStaff: 'RATE_STAFF:',
  /** the union's current news and programmes (the persistent menu, the web chat's first screen) */
  news: 'MENU_NEWS',
} as const;

/** The knowledge-base entry offered under the news: the union's support by law ("Phúc lợi đoàn viên"). */
export const NEWS_RELATED_ENTRY = 'chuong-trinh-phuc-loi-doan-vien';

/**
 * What the service looked up for this turn, so that the core stays synchronous. `news`: the worker asked
 * for the union's news (in words, matching/news-request.ts, or by the menu) and these are the items current
 * today (possibly none); left out when the worker did not ask.
 */
export interface TurnContext {
  news?: NewsItem[];
}

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
  /** the matcher's decision, or 'dialog': a multi-step conversation (a calculator) took the message */
  outcome: Outcome | 'dialog';
  entryId?: string;
  confidence: number;
  /** the language the bot answered in (the message's own, else the page's) */
  language: Locale;
  /** why the conversation went to a person (hand-offs only) */
  reason?: HandoffReason;
  /** a message with two questions answered in two parts */
  parts?: { entryId: string; text: string }[];
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
  return {
    id: conversationId(channel, userId),
    channel,
    userId,
    owner: 'bot',
    locale,
    greeted: false,
    urgent: false,
    createdAt: now,
    updatedAt: now,
    eTag: '',
  };
}

export class ConversationCore {
  constructor(
    readonly kb: KnowledgeBaseProvider,
    readonly config: Config,
    readonly clock: Clock,
  ) {}

  respond(previous: ConversationRecord, inbound: Inbound, context: TurnContext = {}): Turn {
    const state: ConversationRecord = { ...previous };
    const text = (inbound.text ?? '').slice(0, 4000);
    // A message is answered in its own language; the page's (or the conversation's) when it does not tell.
    const pageLocale = inbound.locale ?? state.locale;
    const locale: Locale = text.trim() && !inbound.payload ? detectLanguage(text, pageLocale) : pageLocale;
    state.locale = locale;
    const t = translator(locale);
    const snapshot = this.kb.current();
    const ctx: ComposeContext = { day: vietnamDay(this.clock.now()), figures: snapshot.kb.figures, organisation: this.config.organisation, locale, t };
    const turn = new TurnBuilder(state, t, snapshot, ctx);
    const payload = inbound.payload ?? '';

    // While staff own the conversation the bot stays out of it, except for "hủy"/"thôi".
    if (!botMayAnswer(state.owner)) {
      if (canTransition(state.owner, 'cancel') && (payload === PAYLOAD.cancelHandoff || wantsCancel(text))) {
        turn.effects.cancelHandoff = true;
        state.owner = nextOwner(state.owner, 'cancel');
        state.toldPassedOn = false;
        return turn.say(t('handoff.cancelled')).finish('smalltalk');
      }
      turn.effects.forwardToStaff = true;
      if (!state.toldPassedOn) {
        state.toldPassedOn = true;
        return turn
          .say(t('handoff.stillWaiting'), state.owner === 'waiting_staff' ? [{ title: t('buttons.cancelHandoff'), payload: PAYLOAD.cancelHandoff }] : [])
          .finish('handoff');
      }
      return turn.finish('handoff');
    }

    // Staff finished: the worker's next message is the bot's again.
    if (canTransition(state.owner, 'worker_writes')) state.owner = nextOwner(state.owner, 'worker_writes');

    if (!state.greeted) {
      state.greeted = true;
      turn.greetedNow = true;
      // The greeting names the channel the worker is on (the web chat is not Messenger).
      const where = t(`channelName.${inbound.channel}`, { defaultValue: '' });
      turn.say(`${t('greeting', { orgName: this.config.organisation.name, where }).replace(' ,', ',')}\n${t('disclaimer')}`);
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

    // The union's news, asked for: only ever shown in reply to the worker (nothing is pushed).
    if (context.news) return this.newsList(turn, context.news);

    if (payload) {
      const handled = this.handlePayload(turn, payload);
      if (handled) return handled;
    }
    if (inbound.attachment && !text) return turn.say(t('attachment')).finish('smalltalk');
    if (!text.trim()) return turn.say(t('askPrompt')).finish('smalltalk');
    if (wantsDataDeletion(text)) {
      state.pendingDeletion = true;
      return turn
        .say(t('deleteData.confirm'), [
          { title: t('buttons.confirmDelete'), payload: PAYLOAD.deleteConfirm },
          { title: t('buttons.keepData'), payload: PAYLOAD.deleteKeep },
        ])
        .finish('smalltalk');
    }
    if (wantsHelp(text)) return turn.say(t('help')).finish('smalltalk');

    const afterClarify = (state.pendingOptions?.length ?? 0) > 0;
    const understood = understand(text, snapshot.matcher, { afterClarify, situations: snapshot.kb.situations, fallbackLanguage: pageLocale });
    let decision = understood.decision;

    // A follow-up ("còn hồ sơ thì sao?") right after an answer: prefer that entry's related entries.
    const last = state.lastEntryId ? snapshot.kb.byId.get(state.lastEntryId) : undefined;
    if (last && looksLikeFollowUp(text) && (decision.outcome === 'clarify' || decision.outcome === 'out_of_scope')) {
      const related = understood.match.candidates.find((c) => last.related.includes(c.entryId));
      if (related && related.score >= 0.25) decision = { outcome: 'answer', entryId: related.entryId, confidence: related.score, options: [] };
    }
    state.pendingOptions = undefined;
    return this.act(turn, decision, understood);
  }

  private handlePayload(turn: TurnBuilder, payload: string): Turn | undefined {
    const { t, snapshot, state } = turn;
    if (payload === PAYLOAD.getStarted || payload === PAYLOAD.help || payload === PAYLOAD.questions) return turn.say(t('help')).finish('smalltalk');
    if (payload === PAYLOAD.askStaff) return this.handoff(turn, 'asked', 0);
    if (payload === PAYLOAD.cancelHandoff) return turn.say(t('handoff.cancelled')).finish('smalltalk');
    // The menu's news button without a lookup (a core used without the service): nothing to show.
    if (payload === PAYLOAD.news) return this.newsList(turn, []);
    if (payload === `${PAYLOAD.rateStaff}up` || payload === `${PAYLOAD.rateStaff}down`) {
      // Kept on the conversation (the last rating wins): the dashboard counts them by the time they were given.
      const up = payload.endsWith('up');
      state.staffRating = { up, at: this.clock.now().toISOString() };
      return turn.say(t(up ? 'feedback.staffUp' : 'feedback.staffDown')).finish('smalltalk');
    }
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

  private act(turn: TurnBuilder, decision: Decision, understood?: Understanding): Turn {
    const { t, snapshot, state } = turn;
    switch (decision.outcome) {
      case 'answer': {
        const entry = snapshot.kb.byId.get(decision.entryId!)!;
        const second = understood?.parts?.[1] ? snapshot.kb.byId.get(understood.parts[1]) : undefined;
        if (second) return this.answerInParts(turn, entry, second, decision.confidence);
        return this.answer(turn, entry, decision.confidence);
      }
      case 'handoff': {
        const reason = decision.handoffReason ?? 'asked';
        // A complaint is acknowledged first, and the question inside it still answered.
        if (reason === 'complaint') {
          turn.say(t('complaint.acknowledge'));
          const entry = decision.entryId ? snapshot.kb.byId.get(decision.entryId) : undefined;
          if (entry) this.composeInto(turn, entry, false);
          const closest = decision.options.map((id) => snapshot.kb.byId.get(id)).filter((e): e is Entry => e !== undefined);
          if (!entry && closest.length > 0) {
            // Not sure which rule the worker means: the closest ones, one tap each, while an officer is on the way.
            turn.options = closest.map((e) => ({ entryId: e.id, title: entryTitle(e, state.locale) }));
            return this.handoff(turn, reason, decision.confidence, decision.options, [
              t('complaint.meanwhile'),
              closest.map((e) => ({ title: entryTitle(e, state.locale), payload: `${PAYLOAD.entry}${e.id}` })),
            ]);
          }
        }
        return this.handoff(turn, reason, decision.confidence, decision.options);
      }
      case 'smalltalk':
        // A first "hello" is already answered by the greeting; just invite the question.
        if (decision.smalltalk === 'hello' && turn.greetedNow) return turn.say(t('askPrompt')).finish('smalltalk', undefined, decision.confidence);
        return turn.say(t(`smalltalk.${decision.smalltalk ?? 'ack'}`)).finish('smalltalk', undefined, decision.confidence);
      case 'out_of_scope': {
        turn.effects.unanswered = { candidates: [] };
        const domain = understood?.domain;
        const text = domain ? `${t(`outOfScopeDomain.${domain}`)}\n${t('outOfScopeShort')}` : t('outOfScope');
        return turn
          .say(text, [
            { title: t('buttons.help'), payload: PAYLOAD.help },
            { title: t('buttons.askStaff'), payload: PAYLOAD.askStaff },
          ])
          .finish('out_of_scope', undefined, decision.confidence);
      }
      case 'clarify': {
        turn.effects.unanswered = { candidates: decision.options };
        const options = decision.options.map((id) => snapshot.kb.byId.get(id)!).filter(Boolean);
        if (decision.applicability && options[0]) {
          // An employee-only rule asked about by someone who says they are not an employee.
          const entry = options[0];
          state.pendingOptions = [entry.id];
          turn.options = [{ entryId: entry.id, title: entryTitle(entry, state.locale) }];
          const who = t(`outsider.${decision.applicability}`);
          const covers = (entry.appliesTo ?? ['employee']).map((k) => t(`appliesTo.${k}`)).join(', ');
          return turn
            .say(t('clarifyApplicability', { title: entryTitle(entry, state.locale), covers, who }), [
              { title: t('buttons.seeRule'), payload: `${PAYLOAD.entry}${entry.id}` },
              { title: t('buttons.askStaff'), payload: PAYLOAD.askStaff },
            ])
            .finish('clarify', undefined, decision.confidence);
        }
        if (options.length === 0) {
          state.pendingOptions = ['?'];
          return turn.say(t('notSure'), [{ title: t('buttons.askStaff'), payload: PAYLOAD.askStaff }]).finish('clarify', undefined, decision.confidence);
        }
        state.pendingOptions = options.map((e) => e.id);
        const topic = t(`topics.${options[0]!.topic}`, { defaultValue: '' });
        const intro = topic ? t('clarifyTopic', { topic }) : t('clarify');
        const lines = [intro, ...options.map((e, i) => `${i + 1}. ${entryTitle(e, state.locale)}`)];
        turn.options = options.map((e) => ({ entryId: e.id, title: entryTitle(e, state.locale) }));
        return turn
          .say(lines.join('\n'), [
            ...options.map((e) => ({ title: entryTitle(e, state.locale), payload: `${PAYLOAD.entry}${e.id}` })),
            { title: t('buttons.askStaff'), payload: PAYLOAD.askStaff },
          ])
          .finish('clarify', undefined, decision.confidence);
      }
    }
  }

  /**
   * The current news and programmes (src/news/chat.ts), with the union's support by law one tap away and
   * an officer another. Outcome 'smalltalk': not an answer from the knowledge base, and not unanswered.
   */
  private newsList(turn: TurnBuilder, items: NewsItem[]): Turn {
    const { t, snapshot, state } = turn;
    const base = this.config.publicBaseUrl;
    const listUrl = base && items.length > 0 ? `${base}${state.locale === 'en' ? '/news' : '/tin-tuc'}` : undefined;
    const text = newsChatText(items, { locale: state.locale, organisation: this.config.organisation, ...(listUrl ? { listUrl } : {}) });
    const benefits = snapshot.kb.byId.get(NEWS_RELATED_ENTRY);
    const servable = benefits && snapshot.matcher.entries.some((e) => e.id === benefits.id);
    state.pendingOptions = undefined;
    return turn
      .say(text, [
        ...(servable ? [{ title: entryTitle(benefits, state.locale), payload: `${PAYLOAD.entry}${benefits.id}` }] : []),
        { title: t('buttons.askStaff'), payload: PAYLOAD.askStaff },
      ])
      .finish('smalltalk', undefined, 1);
  }

  /** Two questions in one message: each answered in its own message, saying which part it answers. */
  private answerInParts(turn: TurnBuilder, first: Entry, second: Entry, confidence: number): Turn {
    try {
      const a = composeAnswer(first, turn.ctx);
      const b = composeAnswer(second, turn.ctx);
      const titleA = entryTitle(first, turn.state.locale);
      const titleB = entryTitle(second, turn.state.locale);
      turn.state.lastEntryId = second.id;
      turn.citations = [...a.citations, ...b.citations.filter((c) => !a.citations.includes(c))];
      turn.parts = [
        { entryId: first.id, text: a.text },
        { entryId: second.id, text: b.text },
      ];
      turn.say(`${turn.t('parts.first', { title: titleA })}\n${a.text}`);
      return turn.say(`${turn.t('parts.second', { title: titleB })}\n${b.text}`, this.followUpReplies(turn, second, true)).finish('answer', first, confidence);
    } catch (err) {
      if (err instanceof MissingFigureError) return this.handoff(turn, 'unsure', confidence);
      throw err;
    }
  }

  /** An entry's answer as one more message of this turn (used inside a complaint's hand-off). */
  private composeInto(turn: TurnBuilder, entry: Entry, withReplies: boolean): void {
    try {
      const { text, citations } = composeAnswer(entry, turn.ctx);
      turn.citations = citations;
      turn.answeredEntry = entry;
      turn.say(text, withReplies ? this.followUpReplies(turn, entry, true) : []);
    } catch (err) {
      if (!(err instanceof MissingFigureError)) throw err;
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
      if (err instanceof MissingFigureError) return this.handoff(turn, 'unsure', confidence);
      throw err;
    }
  }

  private followUpReplies(turn: TurnBuilder, entry: Entry, offerMore: boolean): QuickReply[] {
    const { t, snapshot, state } = turn;
    const replies: QuickReply[] = [];
    if (offerMore && entry.more) replies.push({ title: t('buttons.more'), payload: `${PAYLOAD.more}${entry.id}` });
    const calculator = CALCULATOR_FOR_ENTRY[entry.id];
    if (calculator && state.locale === 'vi') replies.push({ title: t('buttons.calculate'), payload: `${PAYLOAD.calculate}${calculator}` });
    for (const id of entry.related.slice(0, 3)) {
      const rel = snapshot.matcher.entries.find((e) => e.id === id);
      if (rel) replies.push({ title: entryTitle(rel, state.locale), payload: `${PAYLOAD.entry}${rel.id}` });
    }
    replies.push({ title: t('buttons.helpful'), payload: `${PAYLOAD.feedbackUp}${entry.id}` });
    replies.push({ title: t('buttons.notHelpful'), payload: `${PAYLOAD.feedbackDown}${entry.id}` });
    replies.push({ title: t('buttons.askStaff'), payload: PAYLOAD.askStaff });
    return replies;
  }

  private handoff(turn: TurnBuilder, reason: HandoffReason, confidence: number, options: string[] = [], meanwhile?: [string, QuickReply[]]): Turn {
    const { t, state } = turn;
    const org = this.config.organisation;
    const urgent = reason === 'urgent';
    // The worker is told the true reason: never "it needs your records" for a general question.
    const lines = [t(`handoff.reason.${reason}`)];
    const open = isOpen(this.config.officeHours, this.clock.now());
    if (open === false) lines.push(t('handoff.outsideHours', { hours: org.officeHours || t('handoff.officeHoursUnknown') }));
    else if (org.officeHours) lines.push(t('handoff.hours', { hours: org.officeHours }));
    lines.push(t('handoff.expect'));
    const channels = [
      org.hotline ? t('handoff.hotline', { hotline: org.hotline }) : '',
      org.address ? t('handoff.address', { address: org.address }) : '',
    ].filter(Boolean);
    if (channels.length > 0) lines.push(t('handoff.otherChannels', { channels: channels.join('; ') }));
    turn.effects.handoff = { reason, urgent };
    turn.effects.unanswered = reason === 'unsure' ? { candidates: options } : undefined;
    turn.reason = reason;
    state.owner = nextOwner(state.owner, 'handoff');
    // The worker's next message while waiting (often the details of the case) is acknowledged once.
    state.toldPassedOn = false;
    state.pendingOptions = undefined;
    if (meanwhile) lines.push(meanwhile[0]);
    return turn
      .say(lines.join('\n'), [...(meanwhile?.[1] ?? []), { title: t('buttons.cancelHandoff'), payload: PAYLOAD.cancelHandoff }])
      .finish('handoff', turn.answeredEntry, confidence);
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
  parts?: { entryId: string; text: string }[];
  reason?: HandoffReason;
  /** an entry answered inside a hand-off (a complaint with a question in it) */
  answeredEntry?: Entry;
  greetedNow = false;

  constructor(
    readonly state: ConversationRecord,
    readonly t: TFunction,
    readonly snapshot: Snapshot,
    readonly ctx: ComposeContext,
  ) {}

  say(text: string, replies: QuickReply[] = []): this {
    this.messages.push(...textMessages(text, replies));
    return this;
  }

  finish(outcome: Outcome, entry?: Entry, confidence = 0): Turn {
    return {
      result: {
        outcome,
        ...(entry ? { entryId: entry.id } : {}),
        confidence,
        language: this.state.locale,
        ...(this.reason ? { reason: this.reason } : {}),
        ...(this.parts ? { parts: this.parts } : {}),
        options: this.options,
        citations: this.citations,
        messages: this.messages,
      },
      state: this.state,
      effects: this.effects,
    };
  }
}
