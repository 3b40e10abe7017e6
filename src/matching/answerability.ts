/**
 * The second stage of the decision: how likely is it that the best-ranked entry is the right answer?
 * Looks at the best candidate against the runner-up (gaps in log-odds, in phrasing similarity and in
 * the entry classifier's probability), how much of the message it explains, whether the message is long,
 * and how likely the intent classifier thinks it is not a labour question at all. A logistic model learned on
 * the dev split (src/matching/model.json → "answerability"); its output is the confidence the bot
 * reports and the number the answer threshold applies to.
 */
import { detectLanguage } from './language.js';
import { sigmoid } from './maths.js';
import type { MatchResult } from './matcher.js';

export interface AnswerabilityModel {
  bias: number;
  weights: number[];
}

export const ANSWERABILITY_FEATURES = [
  'topLogit',
  'logitGap',
  'cosineGap',
  'coverage',
  'cosine',
  'runnerUpBm25',
  'length',
  'classifierGap',
  'notLabour',
  'noEntry',
  'english',
] as const;

export function answerabilityFeatures(match: MatchResult): number[] | undefined {
  const [a, b] = match.candidates;
  if (!a) return undefined;
  return [
    a.logit / 5,
    b ? (a.logit - b.logit) / 5 : 1,
    a.features.cosine - (b?.features.cosine ?? 0),
    a.features.coverage,
    a.features.cosine,
    b ? b.features.bm25Relative : 0,
    Math.min(1, match.analysed.content.length / 20),
    a.features.classifier - (b?.features.classifier ?? 0),
    match.intents.other,
    match.noEntry,
    // English questions have five phrasings an entry where Vietnamese ones have twenty: the same scores
    // mean something else, and the model learns how much.
    detectLanguage(match.analysed.toned) === 'en' ? 1 : 0,
  ];
}

export function answerability(match: MatchResult, model: AnswerabilityModel): number {
  const x = answerabilityFeatures(match);
  if (!x) return 0;
  let z = model.bias;
  x.forEach((v, i) => (z += v * (model.weights[i] ?? 0)));
  return sigmoid(z);
}
