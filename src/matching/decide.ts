/**
 * From a message and the ranked candidates to one decision:
 * answer | clarify | handoff | smalltalk | out_of_scope.
 * Pure: everything it needs comes in as arguments.
 */
import model from './model.json' with { type: 'json' };
import { asksForPerson, hasTopicWord, isUrgent, needsPersonalRecords, smalltalkKind, type SmalltalkKind } from './intents.js';
import { answerability, type AnswerabilityModel } from './answerability.js';
import type { HandoffIntent } from './intent-classifier.js';
import type { MatchResult } from './matcher.js';
import { foldKey } from './normalise.js';

export type Outcome = 'answer' | 'clarify' | 'handoff' | 'smalltalk' | 'out_of_scope';
/**
 * Why a conversation goes to a person — told to the worker and shown in the officer's queue, so it
 * must be the true one: the worker asked; an emergency; it needs the worker's own records; the bot is
 * not sure; a complaint.
 */
export type HandoffReason = 'asked' | 'urgent' | 'personal_record' | 'unsure' | 'complaint';
export const HANDOFF_REASONS: readonly HandoffReason[] = ['asked', 'urgent', 'personal_record', 'unsure', 'complaint'];

export interface Thresholds {
  /** minimum answerability (the estimated chance the best entry is right) to answer */
  answer: number;
  /** minimum candidate score for an entry to be offered as a choice */
  clarify: number;
  /**
   * A message the matcher would not answer goes to a person as a personal-record question when the
   * intent classifier gives that at least this probability — lower than the probability at which it
   * decides alone (IntentThresholds), since the alternative here is "I'm not sure", not an answer.
   * Absent: never.
   */
  personalRecordIfUnsure?: number;
}

/** Tuned on the evaluation set's dev split (`npm run eval -- --tune`). */
export const DEFAULT_THRESHOLDS: Thresholds = model.thresholds;
export const DEFAULT_ANSWERABILITY: AnswerabilityModel = model.answerability;

export interface Decision {
  outcome: Outcome;
  entryId?: string;
  confidence: number;
  /** entries offered as quick replies (clarify), best first */
  options: string[];
  handoffReason?: HandoffReason;
  smalltalk?: SmalltalkKind;
  /** a hand-off decided by a hand-written pattern or by a learned classifier */
  via?: 'pattern' | 'classifier';
  /** clarify: the best entry covers employees only, and the worker said they are this kind of outsider */
  applicability?: 'freelancer' | 'household_business_owner' | 'public_sector';
}

export const MAX_OPTIONS = 3;
/** Share of the message's (idf-weighted) words an entry must contain to be offered as a choice. */
const MIN_OPTION_COVERAGE = 0.35;

/**
 * The intents the learned classifier may decide alone: a request for a person, and an emergency in a
 * message about work. (Not "needs the worker's records": most of those hand-offs were general questions.)
 */
export const DECIDING_INTENTS = ['ask_for_person', 'urgent'] as const satisfies readonly HandoffIntent[];
/** Probability at or above which the intent classifier's verdict alone sends a message to a person. */
export type IntentThresholds = Record<(typeof DECIDING_INTENTS)[number], number>;
export const DEFAULT_INTENT_THRESHOLDS: IntentThresholds = model.intentThresholds;
/** The intent classifier's probability of a legal question above which a personal-record pattern is overruled. */
const SURELY_LEGAL = 0.99;

/**
 * Messages that are not legal questions, whatever the matcher found: emergencies, requests for a person,
 * personal records, small talk. The hand-written patterns come first, then the learned classifier.
 * An emergency or a request for a person goes to staff whenever a pattern sees one; the broader
 * personal-record patterns give way when the classifier is all but sure the message asks what the law
 * says ("công ty chưa trả sổ cho em, giữ vậy có đúng luật không" is a question for the knowledge base).
 */
export function intentDecision(
  text: string,
  match?: Pick<MatchResult, 'candidates' | 'intents'>,
  th: IntentThresholds = DEFAULT_INTENT_THRESHOLDS,
  /** the question without its courtesy (politeness.ts); personal-record patterns read only this */
  core: string = text,
  /** the hand-written patterns of intents.ts (off only for the ablation table) */
  patterns = true,
): Decision | undefined {
  const confidence = match?.candidates[0]?.score ?? 0;
  const p = match?.intents;
  const handoff = (handoffReason: HandoffReason, probability = confidence, via: 'pattern' | 'classifier' = 'pattern'): Decision => ({
    outcome: 'handoff',
    handoffReason,
    confidence: probability,
    options: [],
    via,
  });
  if (patterns && isUrgent(text)) return handoff('urgent');
  if (patterns && asksForPerson(text)) return handoff('asked');
  if (patterns && needsPersonalRecords(core) && !(p && p.legal_question >= SURELY_LEGAL)) return handoff('personal_record');
  const small = smalltalkKind(text) ?? (core !== text ? smalltalkKind(core) : undefined);
  if (small) return { outcome: 'smalltalk', smalltalk: small, confidence, options: [] };
  // The learned classifiers decide alone only a request for a person, and an emergency in a message
  // about work. They no longer decide alone that a message needs the worker's records: on the dev splits
  // most of those hand-offs were general questions told an untrue reason (README, ablation); such a
  // message still reaches a person when the matcher is unsure, with "not sure" as the reason.
  if (p) {
    const labour = hasTopicWord(foldKey(core));
    const best = DECIDING_INTENTS.filter((i) => p[i] >= th[i] && (i === 'ask_for_person' || labour)).sort((a, b) => p[b] - p[a])[0];
    if (best) return handoff(best === 'ask_for_person' ? 'asked' : best, p[best], 'classifier');
  }
  return undefined;
}

/** A legal question: answer when sure, offer choices when close, admit it otherwise. */
export function decideFromMatch(
  text: string,
  match: MatchResult,
  afterClarify: boolean,
  thresholds: Thresholds,
  m: AnswerabilityModel = DEFAULT_ANSWERABILITY,
): Decision {
  const top = match.candidates[0];
  const confidence = top ? answerability(match, m) : 0;
  if (top && confidence >= thresholds.answer) {
    return { outcome: 'answer', entryId: top.entryId, confidence, options: [] };
  }
  // Not sure which entry, and it reads like a question about the worker's own case: a person can look.
  // The reason given is "not sure", the true one: the message only looks personal, nobody knows yet
  // whether it needs the worker's records.
  const personal = match.intents.personal_record;
  if (thresholds.personalRecordIfUnsure !== undefined && personal >= thresholds.personalRecordIfUnsure && hasTopicWord(foldKey(text))) {
    return { outcome: 'handoff', handoffReason: 'unsure', confidence: personal, options: [] };
  }
  if (!top) return lowConfidence(text, afterClarify, 0);
  // A choice is offered only for entries that share a good part of the message's words: the learned
  // scores alone can favour some entry even for a message about something else entirely.
  const options = match.candidates
    .filter((c) => c.score >= thresholds.clarify && c.features.coverage >= MIN_OPTION_COVERAGE)
    .slice(0, MAX_OPTIONS)
    .map((c) => c.entryId);
  if (options.length > 0) {
    if (afterClarify) return { outcome: 'handoff', handoffReason: 'unsure', confidence, options };
    return { outcome: 'clarify', confidence, options };
  }
  return lowConfidence(text, afterClarify, confidence, match);
}

/** The looser bar for the closest entries offered when a labour question matched none well. */
const LOOSE_OPTION_COVERAGE = 0.2;
const LOOSE_OPTION_SCORE = 0.05;

function lowConfidence(text: string, afterClarify: boolean, confidence: number, match?: MatchResult): Decision {
  if (!hasTopicWord(foldKey(text))) return { outcome: 'out_of_scope', confidence, options: [] };
  // A labour question we cannot place: offer the closest entries (never the generic "I did not
  // understand" when labour words were recognised), with a one-tap hand-off.
  const options = (match?.candidates ?? [])
    .filter((c) => c.score >= LOOSE_OPTION_SCORE && c.features.coverage >= LOOSE_OPTION_COVERAGE)
    .slice(0, MAX_OPTIONS)
    .map((c) => c.entryId);
  if (afterClarify) return { outcome: 'handoff', handoffReason: 'unsure', confidence, options };
  return { outcome: 'clarify', confidence, options };
}
