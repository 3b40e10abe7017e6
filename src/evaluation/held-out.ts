/**
 * More training data for the learned parts of the matcher, from the knowledge base itself:
 * the entries' phrasings (and the "other" intent examples), each matched by a matcher built without it.
 * The phrasings are split into folds; for each fold a matcher is built from the rest of the knowledge
 * base, and the fold's phrasings are matched against it as if a worker had typed them. This gives
 * thousands of labelled matches for the fusion weights and the answerability model, where the dev split
 * has a few hundred; the thresholds are still chosen on the dev split alone.
 */
import type { Entry } from '../knowledge-base/types.js';
import type { IntentExample } from '../matching/intent-classifier.js';
import { Matcher, type Weights } from '../matching/matcher.js';
import type { EvalQuery } from './dataset.js';
import { prepare, type Prepared } from './run.js';

export interface HeldOutOptions {
  entries: Entry[];
  intentExamples: IntentExample[];
  abbreviations: Map<string, string>;
  weights: Weights;
  folds?: number;
}

export function heldOutPhrasings({ entries, intentExamples, abbreviations, weights, folds = 5 }: HeldOutOptions): Prepared[] {
  const out: Prepared[] = [];
  const query = (q: string, expect: string, line: number): EvalQuery => ({
    q,
    expect,
    accept: expect === 'out_of_scope' ? [] : [expect],
    style: 'phrasing',
    lang: 'vi',
    file: 'knowledge-base (held out)',
    line,
    split: 'dev',
    set: 'dev2',
  });
  for (let fold = 0; fold < folds; fold++) {
    const kept = (i: number) => i % folds !== fold;
    const trainEntries = entries.map((e) => ({ ...e, phrasings: e.phrasings.filter((_p, i) => kept(i)) }));
    const trainIntents = intentExamples.filter((_x, i) => kept(i));
    const matcher = new Matcher(trainEntries, { abbreviations, intentExamples: trainIntents, weights });
    const queries: EvalQuery[] = [];
    for (const e of entries) e.phrasings.forEach((p, i) => !kept(i) && queries.push(query(p, e.id, i)));
    intentExamples.forEach((x, i) => !kept(i) && x.intent === 'other' && queries.push(query(x.text, 'out_of_scope', i)));
    out.push(...prepare(matcher, queries));
  }
  return out;
}
