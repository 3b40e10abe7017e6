/**
 * Run the matcher over the evaluation set once, then decide with any thresholds (for tuning and curves).
 * The decision is the bot's own (understand.ts), given the ranking already made, with the stages after
 * the matcher switched off — the worker's story, two-part answers, complaints, out-of-scope fields — so
 * that what is tuned here is the matcher's stage alone; the figures the report states come from the whole
 * decision (pipeline.ts).
 */
import type { AnswerabilityModel } from '../matching/answerability.js';
import { DEFAULT_ANSWERABILITY, DEFAULT_INTENT_THRESHOLDS, intentDecision, type Decision, type IntentThresholds, type Thresholds } from '../matching/decide.js';
import { wantsDataDeletion, wantsHelp } from '../matching/intents.js';
import type { Matcher, MatchResult } from '../matching/matcher.js';
import { trimCourtesy } from '../matching/politeness.js';
import { understand, type Ablation } from '../matching/understand.js';
import type { EvalQuery } from './dataset.js';
import type { Evaluated } from './metrics.js';

export interface Prepared {
  query: EvalQuery;
  /** the message without its courtesy */
  core: string;
  match: MatchResult;
  /** a request for help or for data deletion (answered before any matching) */
  special: boolean;
  ranked: string[];
  /** the matcher that ranked it */
  matcher: Matcher;
}

export function prepare(matcher: Matcher, queries: EvalQuery[]): Prepared[] {
  return queries.map((query) => {
    // As the bot does (understand.ts): the question without its courtesy is matched.
    const core = trimCourtesy(query.q);
    const match = matcher.match(core);
    const special = wantsHelp(query.q) || wantsDataDeletion(query.q);
    return { query, core, match, special, ranked: match.candidates.map((c) => c.entryId), matcher };
  });
}

const SPECIAL: Decision = { outcome: 'smalltalk', confidence: 0, options: [] };

/** understand()'s stages after the matcher, off while tuning the matcher's stage. */
const AFTER_THE_MATCHER: Partial<Record<Ablation, boolean>> = { situation: true, parts: true, complaint: true, domains: true };

/**
 * The decision made before any ranking, if any: help and data deletion (the conversation core's own, before
 * it asks understand()), hand-offs and small talk (understand()'s first step, intentDecision).
 */
export function fixedDecision(p: Prepared, intentThresholds: IntentThresholds = DEFAULT_INTENT_THRESHOLDS): Decision | undefined {
  return p.special ? SPECIAL : intentDecision(p.query.q, p.match, intentThresholds, p.core);
}

export function evaluate(
  prepared: Prepared[],
  thresholds: Thresholds,
  model: AnswerabilityModel = DEFAULT_ANSWERABILITY,
  intentThresholds: IntentThresholds = DEFAULT_INTENT_THRESHOLDS,
): Evaluated[] {
  return prepared.map((p) => {
    const d = p.special
      ? SPECIAL
      : understand(p.query.q, p.matcher, { match: p.match, thresholds, model, intentThresholds, without: AFTER_THE_MATCHER }).decision;
    return { query: p.query, outcome: d.outcome, ...(d.entryId ? { entryId: d.entryId } : {}), ranked: p.ranked, confidence: d.confidence };
  });
}
