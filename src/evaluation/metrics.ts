/** Answer-quality metrics over evaluated queries. Pure functions, fractions 0..1. */
import type { Thresholds } from '../matching/decide.js';
import type { EvalQuery } from './dataset.js';
import { accepts, isInScope } from './dataset.js';

export interface Evaluated {
  query: EvalQuery;
  outcome: string;
  entryId?: string;
  /** ranked candidate entry ids (before the decision) */
  ranked: string[];
  confidence: number;
}

export interface Metrics {
  queries: number;
  top1: number;
  top3Recall: number;
  answeredPrecision: number;
  coverage: number;
  oosFalseAccept: number;
  personalRecordHandoff: number;
  wrongAnswerRate: number;
  smalltalkAccuracy: number;
  handoffRequestRate: number;
  counts: Record<string, number>;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

export function computeMetrics(rows: Evaluated[]): Metrics {
  const inScope = rows.filter((r) => isInScope(r.query));
  const answered = rows.filter((r) => r.outcome === 'answer');
  const correctAnswers = answered.filter((r) => accepts(r.query, r.entryId));
  const oos = rows.filter((r) => r.query.expect === 'out_of_scope');
  const personal = rows.filter((r) => r.query.kind === 'personal_record' && r.query.expect === 'handoff');
  const askPerson = rows.filter((r) => r.query.reason === 'asked');
  const small = rows.filter((r) => r.query.expect === 'smalltalk');
  const inScopeAnswered = inScope.filter((r) => r.outcome === 'answer');
  return {
    queries: rows.length,
    top1: ratio(inScope.filter((r) => accepts(r.query, r.ranked[0])).length, inScope.length),
    top3Recall: ratio(inScope.filter((r) => r.ranked.slice(0, 3).some((id) => accepts(r.query, id))).length, inScope.length),
    answeredPrecision: ratio(correctAnswers.length, answered.length),
    coverage: ratio(inScopeAnswered.length, inScope.length),
    oosFalseAccept: ratio(oos.filter((r) => r.outcome === 'answer').length, oos.length),
    personalRecordHandoff: ratio(personal.filter((r) => r.outcome === 'handoff').length, personal.length),
    wrongAnswerRate: ratio(inScopeAnswered.filter((r) => !accepts(r.query, r.entryId)).length, inScope.length),
    smalltalkAccuracy: ratio(small.filter((r) => r.outcome === 'smalltalk').length, small.length),
    handoffRequestRate: ratio(askPerson.filter((r) => r.outcome === 'handoff').length, askPerson.length),
    counts: {
      inScope: inScope.length,
      outOfScope: oos.length,
      personalRecord: personal.length,
      askForPerson: askPerson.length,
      smalltalk: small.length,
      answered: answered.length,
    },
  };
}

/** Which entries take each other's queries: expected → answered-with (or top-1), with counts. */
export function confusions(rows: Evaluated[]): { expected: string; got: string; count: number; answered: boolean }[] {
  const map = new Map<string, { expected: string; got: string; count: number; answered: boolean }>();
  for (const r of rows.filter((x) => isInScope(x.query))) {
    const answeredWrong = r.outcome === 'answer' && !accepts(r.query, r.entryId);
    const got = answeredWrong ? r.entryId! : r.ranked[0];
    if (!got || accepts(r.query, got)) continue;
    const key = `${r.query.expect}→${got}→${answeredWrong}`;
    const item = map.get(key) ?? { expected: r.query.expect, got, count: 0, answered: answeredWrong };
    item.count++;
    map.set(key, item);
  }
  return [...map.values()].sort((a, b) => Number(b.answered) - Number(a.answered) || b.count - a.count);
}

export interface StyleRow {
  style: string;
  queries: number;
  top1: number;
  coverage: number;
  answeredPrecision: number;
}

/** In-scope questions by how they are written: without diacritics, with chat abbreviations, with typos, long messages. */
export function byStyle(rows: Evaluated[], unaccented: (text: string) => boolean): StyleRow[] {
  const inScope = rows.filter((r) => isInScope(r.query));
  const groups: [string, (r: Evaluated) => boolean][] = [
    ['all in-scope questions', () => true],
    ['written without diacritics', (r) => unaccented(r.query.q)],
    ['with chat abbreviations', (r) => r.query.style.includes('abbrev')],
    ['with typos', (r) => r.query.style.includes('typo')],
    ['long messages (several sentences)', (r) => r.query.style.includes('long')],
  ];
  return groups.map(([style, test]) => {
    const g = inScope.filter(test);
    const answered = g.filter((r) => r.outcome === 'answer');
    return {
      style,
      queries: g.length,
      top1: ratio(g.filter((r) => accepts(r.query, r.ranked[0])).length, g.length),
      coverage: ratio(answered.length, g.length),
      answeredPrecision: ratio(answered.filter((r) => accepts(r.query, r.entryId)).length, answered.length),
    };
  });
}

export interface CurvePoint {
  threshold: number;
  coverage: number;
  precision: number;
}

export const TARGETS = {
  answeredPrecision: 0.95,
  coverage: 0.85,
  top3Recall: 0.97,
  oosFalseAccept: 0.03,
  personalRecordHandoff: 0.9,
} as const;

export function meetsTargets(m: Metrics): Record<keyof typeof TARGETS, boolean> {
  return {
    answeredPrecision: m.answeredPrecision >= TARGETS.answeredPrecision,
    coverage: m.coverage >= TARGETS.coverage,
    top3Recall: m.top3Recall >= TARGETS.top3Recall,
    oosFalseAccept: m.oosFalseAccept <= TARGETS.oosFalseAccept,
    personalRecordHandoff: m.personalRecordHandoff >= TARGETS.personalRecordHandoff,
  };
}

export type { Thresholds };

/**
 * Wilson score bounds of a proportion k/n at one-sided confidence z (1.645 ≈ 95%): where the true rate
 * may lie given how few messages the dev split has.
 */
export function wilson(k: number, n: number, z = 1.645): { lower: number; upper: number } {
  if (n === 0) return { lower: 0, upper: 1 };
  const p = k / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const denominator = 1 + (z * z) / n;
  return { lower: (centre - spread) / denominator, upper: (centre + spread) / denominator };
}
