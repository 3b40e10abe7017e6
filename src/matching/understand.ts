/**
 * The bot's one decision function: a worker's message in, what to do with it out. The conversation
 * core, `ask`, the evaluation and the benchmark all call this, so what is measured is what workers get.
 *
 * In order:
 *  1. the question is cut out of its courtesy ("ad ơi cho em hỏi … em cảm ơn ạ", politeness.ts) and the
 *     language is read (language.ts);
 *  2. emergencies and requests for a person, read on the whole message, go to a person at once;
 *  3. anger at the employer or the union is noted (it is acknowledged and handed on, with the answer to
 *     the question inside it when there is one);
 *  4. personal records, small talk and the learned intents (decide.ts's intentDecision);
 *  5. the matcher ranks entries for the question; the story (situation.ts) removes the entries written
 *     for the other side of a dismissal, prefers the protections of a pregnant worker or a union officer,
 *     and holds back an employee-only rule from a freelancer or a civil servant;
 *  6. answer when sure; a message with two questions gets two answers (parts.ts); otherwise choices
 *     that name what was understood, or a pointer for a question outside labour law (domains.ts).
 */
import type { AppliesTo, Entry, SituationList } from '../knowledge-base/types.js';
import type { AnswerabilityModel } from './answerability.js';
import {
  DEFAULT_ANSWERABILITY,
  DEFAULT_INTENT_THRESHOLDS,
  DEFAULT_THRESHOLDS,
  decideFromMatch,
  intentDecision,
  type Decision,
  type IntentThresholds,
  type Thresholds,
} from './decide.js';
import { outOfScopeDomain, type Domain } from './domains.js';
import { hasTopicWord, isComplaint } from './intents.js';
import { detectLanguage, type Language } from './language.js';
import type { Matcher, MatchResult } from './matcher.js';
import { foldKey } from './normalise.js';
import { segmentsOf } from './parts.js';
import { trimCourtesy } from './politeness.js';
import { readSituation, type Outsider, type Situation } from './situation.js';

export interface UnderstandOptions {
  /** the previous turn asked the worker to choose, and this message is still unclear */
  afterClarify?: boolean;
  thresholds?: Thresholds;
  model?: AnswerabilityModel;
  intentThresholds?: IntentThresholds;
  /** knowledge-base/situations.yaml */
  situations?: Map<SituationList, string[]>;
  /** the page's or the conversation's language, used when the words do not tell */
  fallbackLanguage?: Language;
  /** switch parts of the pipeline off, for the ablation table (README) */
  without?: Partial<Record<Ablation, boolean>>;
  /**
   * The matcher's ranking of the message without its courtesy, when the caller already has it: the
   * evaluation ranks each message once and decides under many thresholds (evaluation/run.ts).
   */
  match?: MatchResult;
}

export const ABLATIONS = ['courtesy', 'situation', 'parts', 'complaint', 'domains', 'patterns'] as const;
export type Ablation = (typeof ABLATIONS)[number];

export interface Understanding {
  decision: Decision;
  language: Language;
  /** the question without its courtesy */
  core: string;
  match: MatchResult;
  situation: Situation;
  /** the worker is angry at the employer or the union */
  complaint: boolean;
  /** two questions answered separately: their entries, in the order asked (the first is decision.entryId) */
  parts?: string[];
  /** the best entry only covers employees, and the worker said they are not one */
  outsider?: Outsider;
  /** an out-of-scope question's field (land, family…) */
  domain?: Domain;
}

/** Who each kind of outsider is, in applies_to terms: an entry for none of these does not cover them. */
const OUTSIDER_COVERED: Record<Outsider, AppliesTo[]> = {
  freelancer: ['si_voluntary', 'hi_card_holder'],
  household_business_owner: ['household_business_owner', 'si_voluntary', 'hi_card_holder', 'employer'],
  public_sector: ['public_sector', 'si_compulsory', 'hi_card_holder', 'union_member'],
};

export function understand(text: string, matcher: Matcher, options: UnderstandOptions = {}): Understanding {
  const without = options.without ?? {};
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const model = options.model ?? DEFAULT_ANSWERABILITY;
  const intentThresholds = options.intentThresholds ?? DEFAULT_INTENT_THRESHOLDS;
  const core = without.courtesy ? text : trimCourtesy(text);
  const language = detectLanguage(text, options.fallbackLanguage);
  const match = options.match ?? matcher.match(core);
  const situation = without.situation ? {} : readSituation(text);
  const complaint = !without.complaint && isComplaint(text);
  const base = { language, core, match, situation, complaint };
  /** A part of the message (a question inside anger or among several) matched and decided on its own. */
  const decideOn = (part: string) => decideFromMatch(part, applySituation(matcher.match(part), situation, options.situations), false, thresholds, model);

  const fixed = intentDecision(text, match, intentThresholds, core, !without.patterns);
  if (fixed && !(complaint && fixed.outcome === 'smalltalk')) {
    // Only an emergency wins over a complaint; an angry "cho em gặp người thật" is a complaint first.
    if (complaint && fixed.outcome === 'handoff' && fixed.handoffReason !== 'urgent') {
      const question = withoutVenting(core);
      const inside = question ? decideOn(question) : decideFromMatch(core, applySituation(match, situation, options.situations), false, thresholds, model);
      return {
        ...base,
        decision: {
          outcome: 'handoff',
          handoffReason: 'complaint',
          confidence: inside.confidence,
          options: [],
          ...(inside.outcome === 'answer' && inside.entryId ? { entryId: inside.entryId } : {}),
        },
      };
    }
    return { ...base, decision: fixed };
  }

  const ranked = without.situation ? match : applySituation(match, situation, options.situations);
  const unsureToPerson = language === 'en' ? { answer: thresholds.answer, clarify: thresholds.clarify } : thresholds;
  let decision = decideFromMatch(core, ranked, options.afterClarify ?? false, unsureToPerson, model);
  let parts: string[] | undefined;
  let outsider: Outsider | undefined;

  // The story says what the worker needs most (a pregnant worker told to leave: the ban on ending her
  // contract and what an unlawful ending costs the employer). When the bot was not sure, answer with
  // that; when it was sure of something else, add it as a second part.
  const preferred = without.situation ? undefined : preferredEntries(situation, options.situations, matcher);
  if (preferred && preferred.length > 0 && decision.outcome !== 'handoff') {
    if (decision.outcome === 'answer' && decision.entryId && !preferred.includes(decision.entryId)) {
      parts = [decision.entryId, preferred[0]!];
    } else {
      const first = decision.outcome === 'answer' && decision.entryId ? decision.entryId : preferred[0]!;
      const second = preferred.find((id) => id !== first);
      decision = { outcome: 'answer', entryId: first, confidence: decision.confidence, options: [] };
      if (second) parts = [first, second];
    }
  }

  if (!parts && !without.parts && decision.outcome !== 'handoff') {
    const found = answeredParts(core, matcher, thresholds, model, options, situation);
    if (found.length >= 2) {
      const first = decision.outcome === 'answer' && decision.entryId ? decision.entryId : found[0]!;
      parts = [first, ...found.filter((id) => id !== first)].slice(0, 2);
      if (parts.length < 2) parts = undefined;
      else decision = { outcome: 'answer', entryId: parts[0]!, confidence: Math.max(decision.confidence, 0), options: [] };
    }
  }

  // An employee-only rule told to someone who says they are not an employee: not with confidence.
  if (situation.outsider && decision.outcome === 'answer') {
    const entry = matcher.entries.find((e) => e.id === decision.entryId);
    if (entry && !covers(entry, situation.outsider)) {
      outsider = situation.outsider;
      decision = { outcome: 'clarify', confidence: decision.confidence, options: [entry.id], applicability: situation.outsider };
      parts = undefined;
    }
  }

  let domain: Domain | undefined;
  if (decision.outcome !== 'answer' && !without.domains) {
    domain = outOfScopeDomain(core);
    // A land, family or tax question that happens to share words with labour entries gets a pointer,
    // never labour entries as choices — unless it clearly is about work too.
    if (domain && !hasTopicWord(foldKey(core))) decision = { outcome: 'out_of_scope', confidence: decision.confidence, options: [] };
    if (decision.outcome !== 'out_of_scope') domain = undefined;
  }

  if (complaint) {
    let answered = decision.outcome === 'answer' ? decision.entryId : undefined;
    // The question inside the anger, matched without the venting around it.
    const question = answered ? undefined : withoutVenting(core);
    let closest: string[] = decision.outcome === 'clarify' ? decision.options : [];
    if (question) {
      const inside = decideOn(question);
      if (inside.outcome === 'answer') answered = inside.entryId;
      else if (inside.outcome === 'clarify' && inside.options.length > 0) closest = inside.options;
    }
    // Not sure which answer: the closest ones are offered (one tap each) while the worker waits.
    decision = {
      outcome: 'handoff',
      handoffReason: 'complaint',
      confidence: decision.confidence,
      options: answered ? [] : closest,
      ...(answered ? { entryId: answered } : {}),
    };
    if (!answered) parts = undefined;
  }

  return { ...base, decision, ...(parts ? { parts } : {}), ...(outsider ? { outsider } : {}), ...(domain ? { domain } : {}) };
}

function covers(entry: Entry, outsider: Outsider): boolean {
  const who = entry.appliesTo;
  if (!who || who.length === 0) return true;
  return who.some((w) => OUTSIDER_COVERED[outsider].includes(w));
}

/**
 * The story decides between the two sides of a dismissal: a message that tells the employer ended
 * the contract never gets an entry written for a worker who quits (and the other way round); a
 * pregnant worker's or a union officer's story brings their protections to the top when the matcher
 * found them at all.
 */
export function applySituation(match: MatchResult, situation: Situation, lists: Map<SituationList, string[]> | undefined): MatchResult {
  if (!lists || (!situation.endedBy && !situation.unionOfficer)) return match;
  const opposite =
    situation.endedBy === 'employer_ends' ? lists.get('worker_quits') : situation.endedBy === 'worker_quits' ? lists.get('employer_ends') : undefined;
  let candidates = opposite ? match.candidates.filter((c) => !opposite.includes(c.entryId)) : match.candidates;
  const prefer = preferredList(situation, lists);
  if (prefer) {
    const preferred = candidates.filter((c) => prefer.includes(c.entryId)).sort((a, b) => prefer.indexOf(a.entryId) - prefer.indexOf(b.entryId));
    if (preferred.length > 0) {
      const top = candidates[0]!;
      const lifted = { ...preferred[0]!, score: Math.max(preferred[0]!.score, top.score), logit: Math.max(preferred[0]!.logit, top.logit) };
      candidates = [lifted, ...candidates.filter((c) => c.entryId !== lifted.entryId)];
    }
  }
  if (candidates === match.candidates) return match;
  return { ...match, candidates };
}

/** The situations.yaml list a story calls for: a pregnant worker's or a union officer's, when the employer ended the contract. */
function preferredList(situation: Situation, lists: Map<SituationList, string[]>): string[] | undefined {
  if (situation.endedBy !== 'employer_ends') return undefined;
  return situation.pregnantOrYoungChild ? lists.get('prefer_pregnant_employer_ends') : situation.unionOfficer ? lists.get('prefer_union_officer') : undefined;
}

/** The entries a worker's story calls for, in order, among those being served (situations.yaml). */
function preferredEntries(situation: Situation, lists: Map<SituationList, string[]> | undefined, matcher: Matcher): string[] | undefined {
  const list = lists ? preferredList(situation, lists) : undefined;
  if (!list) return undefined;
  const served = new Set(matcher.entries.map((e) => e.id));
  return list.filter((id) => served.has(id)).slice(0, 2);
}

/** Each question of a multi-question message, answered on its own when the bot is sure of it. */
function answeredParts(
  core: string,
  matcher: Matcher,
  thresholds: Thresholds,
  model: AnswerabilityModel,
  options: UnderstandOptions,
  situation: Situation,
): string[] {
  const { segments, comparison } = segmentsOf(core);
  const ids: string[] = [];
  for (const segment of segments) {
    const m = applySituation(matcher.match(segment), situation, options.situations);
    const d = decideFromMatch(segment, m, false, thresholds, model);
    // The two sides of a comparison are short names of two rules ("trợ cấp thôi việc" / "mất việc"):
    // the best entry for each, when it is at least good enough to be offered as a choice.
    const top = m.candidates[0];
    const id = d.outcome === 'answer' ? d.entryId : comparison && top && top.score >= thresholds.clarify ? top.entryId : undefined;
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * An angry message's question without the venting around it: the clauses that carry complaint words
 * are dropped ("CTY TOI LA BON LUA DAO!!! tang ca ko tra tien, goi cong doan ko ai nghe may" →
 * "tang ca ko tra tien"). Undefined when nothing is left.
 */
export function withoutVenting(core: string): string | undefined {
  const clauses = core
    .split(/[.!?;,\n]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  const kept = clauses.filter((c) => !isComplaint(c));
  const text = kept.join(', ');
  return kept.length > 0 && kept.length < clauses.length && text.split(' ').length >= 3 ? text : undefined;
}
