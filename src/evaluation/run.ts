/** Run the matcher over the evaluation set once, then decide with any thresholds (for tuning and curves). */
import type { AnswerabilityModel } from '../matching/answerability.js';
import { DEFAULT_ANSWERABILITY, decideFromMatch, intentDecision, type Decision, type Thresholds } from '../matching/decide.js';
import { wantsDataDeletion, wantsHelp } from '../matching/intents.js';
import type { Matcher, MatchResult } from '../matching/matcher.js';
import type { EvalQuery } from './dataset.js';
import type { Evaluated } from './metrics.js';

export interface Prepared {
  query: EvalQuery;
  match: MatchResult;
  /** decided without the matcher (intents, help, data deletion) */
  fixed: Decision | undefined;
  ranked: string[];
}

export function prepare(matcher: Matcher, queries: EvalQuery[]): Prepared[] {
  return queries.map((query) => {
    const match = matcher.match(query.q);
    const fixed = wantsHelp(query.q) || wantsDataDeletion(query.q) ? { outcome: 'smalltalk' as const, confidence: 0, options: [] } : intentDecision(query.q, match.candidates[0]?.score ?? 0);
    return { query, match, fixed, ranked: match.candidates.map((c) => c.entryId) };
  });
}

export function evaluate(prepared: Prepared[], thresholds: Thresholds, model: AnswerabilityModel = DEFAULT_ANSWERABILITY): Evaluated[] {
  return prepared.map((p) => {
    const d = p.fixed ?? decideFromMatch(p.query.q, p.match, false, thresholds, model);
    return { query: p.query, outcome: d.outcome, ...(d.entryId ? { entryId: d.entryId } : {}), ranked: p.ranked, confidence: d.confidence };
  });
}
