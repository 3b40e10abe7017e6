/** Run the matcher over the evaluation set once, then decide with any thresholds (for tuning and curves). */
import type { AnswerabilityModel } from '../matching/answerability.js';
import {
  DEFAULT_ANSWERABILITY,
  DEFAULT_INTENT_THRESHOLDS,
  decideFromMatch,
  intentDecision,
  type Decision,
  type IntentThresholds,
  type Thresholds,
} from '../matching/decide.js';
import { wantsDataDeletion, wantsHelp } from '../matching/intents.js';
import type { Matcher, MatchResult } from '../matching/matcher.js';
import { trimCourtesy } from '../matching/politeness.js';
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
}

export function prepare(matcher: Matcher, queries: EvalQuery[]): Prepared[] {
  return queries.map((query) => {
    // As the bot does (understand.ts): the question without its courtesy is matched.
    const core = trimCourtesy(query.q);
    const match = matcher.match(core);
    const special = wantsHelp(query.q) || wantsDataDeletion(query.q);
    return { query, core, match, special, ranked: match.candidates.map((c) => c.entryId) };
  });
}

const SPECIAL: Decision = { outcome: 'smalltalk', confidence: 0, options: [] };

/** The decision made before any ranking, if any: help, data deletion, hand-offs, small talk. */
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
    const d = fixedDecision(p, intentThresholds) ?? decideFromMatch(p.core, p.match, false, thresholds, model);
    return { query: p.query, outcome: d.outcome, ...(d.entryId ? { entryId: d.entryId } : {}), ranked: p.ranked, confidence: d.confidence };
  });
}
