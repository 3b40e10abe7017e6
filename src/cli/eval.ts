/**
 * `npm run eval` — answer quality through the bot's own decision function, on the FROZEN test split of
 *   the real-writing set (eval/real), with the development splits beside it; writes reports/eval.md,
 *   reports/eval.json and reports/precision-coverage.svg. Only aggregate figures of the test split are
 *   ever written (no per-question results).
 * `npm run --silent eval -- --json` — last line: {"queries","top1","top3Recall","answeredPrecision",
 *   "coverage","oosFalseAccept","personalRecordHandoff", "coverageLongOrMulti", "confidentWrong",
 *   "untrueHandoffReasons", "englishInScopeRight", "split", "intervals"} (fractions 0..1).
 * `npm run eval -- --split dev` — the same on the real set's dev split (for development: the test split
 *   is not read). `npm run eval -- --tune` — first learn weights and thresholds on the dev splits
 *   (src/matching/model.json). `npm run eval -- --ablation` — the ablation table on the dev splits
 *   (reports/ablation.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { isInScope, isLongOrMulti, loadDataset, loadRealDataset, messageHash, type EvalQuery } from '../evaluation/dataset.js';
import { confusions, type Evaluated } from '../evaluation/metrics.js';
import { isUnaccented } from '../matching/normalise.js';
import { curve, curveSvg, markdownReport } from '../evaluation/report.js';
import { prepare } from '../evaluation/run.js';
import { heldOutPhrasings } from '../evaluation/held-out.js';
import { answeredEntry, isRight, realMetrics, runPipeline, type PipelineOptions, type PipelineRow, type RealMetrics } from '../evaluation/pipeline.js';
import { ablationReport } from '../evaluation/ablation.js';
import { metamorphic as metamorphicCheck, metamorphicSummary } from '../evaluation/metamorphic.js';
import { chooseIntentThresholds, choosePersonalRecordIfUnsure, chooseThresholds, learnAnswerabilityModel, learnWeights, rescore } from '../evaluation/tune.js';
import type { AnswerabilityModel } from '../matching/answerability.js';
import { loadKnowledgeBase, servableEntries } from '../knowledge-base/load.js';
import { setLogLevel } from '../log.js';
import { DEFAULT_ANSWERABILITY, DEFAULT_INTENT_THRESHOLDS, DEFAULT_THRESHOLDS, type IntentThresholds, type Thresholds } from '../matching/decide.js';
import { DEFAULT_WEIGHTS, INITIAL_WEIGHTS, Matcher, type Weights } from '../matching/matcher.js';
import { parseCommandLine } from './args.js';

const USAGE =
  'usage: npm run eval -- [--json] [--split test|dev] [--tune] [--ablation] [--baseline] [--date YYYY-MM-DD] [--real DIR] [--queries DIR] [--out DIR]';
const { values: flags } = parseCommandLine('eval', USAGE, {
  options: {
    json: { type: 'boolean', default: false },
    tune: { type: 'boolean', default: false },
    ablation: { type: 'boolean', default: false },
    split: { type: 'string', default: 'test' },
    date: { type: 'string' },
    queries: { type: 'string' },
    real: { type: 'string' },
    out: { type: 'string' },
    baseline: { type: 'boolean', default: false },
  },
});
if (flags.split !== 'test' && flags.split !== 'dev') {
  process.stderr.write(`eval: --split must be test or dev\n${USAGE}\n`);
  process.exit(2);
}
const split = flags.split as 'test' | 'dev';
const json = flags.json;
setLogLevel('error');
const config = loadConfig();
const day = flags.date ?? '2026-12-06';
const outDir = path.resolve(flags.out ?? 'reports');

const { kb, problems } = loadKnowledgeBase(config.kbDir, { day });
if (problems.length > 0) {
  for (const p of problems) process.stderr.write(`${p.file}:${p.line}: ${p.message}\n`);
  process.exit(2);
}
const entries = servableEntries(kb, day);
const servable = new Set(entries.map((e) => e.id));
const all = [...loadRealDataset(path.resolve(flags.real ?? 'eval/real')), ...loadDataset(path.resolve(flags.queries ?? 'eval/queries'))];
for (const q of all)
  for (const id of [...q.accept, ...(q.parts?.flat() ?? []), ...(q.also ?? [])])
    if (!kb.byId.has(id)) process.stderr.write(`${q.file}:${q.line}: expects unknown entry "${id}"\n`);
// Messages none of whose acceptable entries is published today cannot be answered; left out and counted.
const dataset = all.filter((q) => !isInScope(q) || q.accept.some((id) => servable.has(id)));
const leftOut = all.length - dataset.length;
const realDevQueries = dataset.filter((q) => q.set === 'real' && q.split === 'dev');
const dev2Queries = dataset.filter((q) => q.set === 'dev2');
const devQueries = [...realDevQueries, ...dev2Queries];
const mainQueries = split === 'test' ? dataset.filter((q) => q.set === 'real' && q.split === 'test') : realDevQueries;

let weights: Weights = DEFAULT_WEIGHTS;
let thresholds: Thresholds = DEFAULT_THRESHOLDS;
let answerability: AnswerabilityModel = DEFAULT_ANSWERABILITY;
let intentThresholds: IntentThresholds = DEFAULT_INTENT_THRESHOLDS;
let tunedOn = (JSON.parse(fs.readFileSync(new URL('../matching/model.json', import.meta.url), 'utf8')) as { tunedOn: string }).tunedOn;

if (flags.tune) {
  const dev = devQueries;
  weights = { ...INITIAL_WEIGHTS };
  // The fusion weights also learn from the knowledge base's own phrasings, each matched without itself
  // (held-out.ts); the answerability model and the thresholds, which must fit how workers really
  // write, only from the dev splits. The frozen test split is never used.
  const heldOut = (w: Weights) => heldOutPhrasings({ entries, intentExamples: kb.intentExamples, abbreviations: kb.abbreviations, weights: w });
  const matcherWith = (w: Weights) => new Matcher(entries, { abbreviations: kb.abbreviations, intentExamples: kb.intentExamples, weights: w });
  let preparedDev = prepare(matcherWith(weights), dev);
  intentThresholds = chooseIntentThresholds(preparedDev);
  for (let round = 0; round < 3; round++) {
    if (round > 0) preparedDev = prepare(matcherWith(weights), dev);
    weights = learnWeights([...preparedDev, ...heldOut(weights)], intentThresholds);
  }
  preparedDev = rescore(prepare(matcherWith(weights), dev), weights);
  const notLabour = rescore(heldOut(weights), weights).filter((p) => p.query.expect === 'out_of_scope');
  answerability = learnAnswerabilityModel([...preparedDev, ...notLabour], intentThresholds);
  const chosen = chooseThresholds(preparedDev, intentThresholds, notLabour);
  thresholds = { ...chosen.thresholds, personalRecordIfUnsure: choosePersonalRecordIfUnsure(preparedDev, chosen.thresholds, answerability, intentThresholds) };
  tunedOn = `learned on the dev splits (${realDevQueries.length} real-writing dev messages and ${dev2Queries.length} of the first set) on ${new Date().toISOString().slice(0, 10)}; dev coverage ${(chosen.coverage * 100).toFixed(1)}% at precision ${(chosen.precision * 100).toFixed(1)}% (out of fold, matcher only)`;
  fs.writeFileSync(
    new URL('../matching/model.json', import.meta.url),
    `${JSON.stringify({ weights, thresholds, answerability, intentThresholds, tunedOn }, null, 2)}\n`,
  );
  if (!json) process.stdout.write(`tuned: ${JSON.stringify({ weights, thresholds, answerability, intentThresholds })}\n`);
}

const matcher = new Matcher(entries, { abbreviations: kb.abbreviations, intentExamples: kb.intentExamples, weights });
const options: PipelineOptions = { thresholds, model: answerability, intentThresholds, situations: kb.situations };

if (flags.ablation) {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'ablation.md'), ablationReport({ kb, entries, devQueries, options, day }));
  process.stdout.write(`report: ${path.relative(process.cwd(), path.join(outDir, 'ablation.md'))}\n`);
  process.exit(0);
}

const mainRows = runPipeline(matcher, mainQueries, options);
const realDevRows = split === 'test' ? runPipeline(matcher, realDevQueries, options) : mainRows;
const dev2Rows = runPipeline(matcher, dev2Queries, options);
const main = realMetrics(mainRows);
const groups: [string, (q: EvalQuery) => boolean][] = [
  ['all messages', () => true],
  ['long or multi-part', isLongOrMulti],
  ['with a polite opener or closer', (q) => q.style.includes('polite')],
  ['third person or formal letter', (q) => q.style.includes('third_person') || q.style.includes('formal')],
  ['written without diacritics', (q) => isUnaccented(q.q) && q.lang === 'vi'],
  ['with chat abbreviations or typos', (q) => q.style.includes('abbrev') || q.style.includes('typo')],
  ['angry', (q) => q.style.includes('angry')],
  ['English', (q) => q.lang === 'en'],
];
const styles = groups.map(([group, test]) => ({ group, metrics: realMetrics(mainRows.filter((r) => test(r.query))) }));
// The precision–coverage curve and the confusions come from the matcher's stage alone, on the dev splits.
const preparedDev = prepare(matcher, [...realDevQueries, ...dev2Queries]);
const points = curve(preparedDev, thresholds, answerability, intentThresholds);
const asEvaluated = (rows: PipelineRow[]): Evaluated[] =>
  rows.map((r) => ({
    query: r.query,
    outcome: answeredEntry(r) ? 'answer' : r.outcome,
    ...(answeredEntry(r) ? { entryId: answeredEntry(r)! } : {}),
    ranked: r.ranked,
    confidence: 0,
  }));
const devRows = [...realDevRows, ...dev2Rows];
const devMisses = devRows
  .filter((r) => !isRight(r))
  .map((r) => ({
    q: r.query.q,
    expect: r.query.accept.join(' / ') || `${r.query.expect}${r.query.reason ? ` (${r.query.reason})` : ''}`,
    outcome: `${r.outcome}${r.reason ? ` (${r.reason})` : ''}`,
    got: r.entryId ?? r.ranked[0] ?? '',
  }));
// The bot compared with itself on every in-scope question, wrapped as workers wrap them (no label is read).
const metamorphic = metamorphicSummary(
  metamorphicCheck(
    matcher,
    dataset.filter(isInScope).map((q) => ({ q: q.q, lang: q.lang })),
    options,
  ),
);

fs.mkdirSync(outDir, { recursive: true });
const dot = { coverage: realMetrics(devRows).coverage.value, precision: realMetrics(devRows).answeredPrecision.value, threshold: thresholds.answer };
fs.writeFileSync(path.join(outDir, 'precision-coverage.svg'), curveSvg(points, dot));
fs.writeFileSync(
  path.join(outDir, 'eval.md'),
  markdownReport({
    split,
    main,
    realDev: realMetrics(realDevRows),
    dev2: realMetrics(dev2Rows),
    styles,
    metamorphic,
    thresholds,
    intentThresholds,
    tunedOn,
    confusions: confusions(asEvaluated(devRows)),
    devMisses,
    kbVersion: kb.version,
    entries: entries.length,
    date: day,
    leftOut,
  }),
);
const interval = (r: { lower: number; upper: number }) => [Number(r.lower.toFixed(4)), Number(r.upper.toFixed(4))];
const summary = {
  queries: main.messages,
  top1: main.top1.value,
  top3Recall: main.top3Recall.value,
  answeredPrecision: main.answeredPrecision.value,
  coverage: main.coverage.value,
  oosFalseAccept: main.oosFalseAccept.value,
  personalRecordHandoff: main.personalRecordHandoff.value,
  coverageLongOrMulti: main.coverageLongOrMulti.value,
  confidentWrong: main.confidentWrong.value,
  untrueHandoffReasons: main.untrueHandoffReasonCount,
  englishInScopeRight: main.englishInScopeRight.value,
  split,
  intervals: {
    answeredPrecision: interval(main.answeredPrecision),
    coverage: interval(main.coverage),
    coverageLongOrMulti: interval(main.coverageLongOrMulti),
    confidentWrong: interval(main.confidentWrong),
    englishInScopeRight: interval(main.englishInScopeRight),
  },
};
const figures = (m: RealMetrics) =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'number' ? v : { value: v.value, n: v.n, lower: v.lower, upper: v.upper }]));
fs.writeFileSync(
  path.join(outDir, 'eval.json'),
  `${JSON.stringify({ ...summary, leftOutNotPublished: leftOut, main: figures(main), byStyle: styles.map((g) => ({ group: g.group, ...figures(g.metrics) })), realDev: figures(realMetrics(realDevRows)), dev2: figures(realMetrics(dev2Rows)), thresholds, intentThresholds, weights, tunedOn, kbVersion: kb.version, curve: points }, null, 2)}\n`,
);
if (flags.baseline) {
  // The quality gate's baselines (test/evaluation/quality.test.ts): per question on the dev splits,
  // aggregates only on the frozen test split.
  if (split !== 'test') throw new Error('--baseline needs the test split (the default)');
  const devRight = Object.fromEntries(devRows.map((r) => [messageHash(r.query.q), isRight(r)]));
  fs.writeFileSync(path.resolve('test/evaluation/baseline-dev.json'), `${JSON.stringify(devRight)}\n`);
  const aggregates = {
    answeredPrecision: main.answeredPrecision.value,
    coverage: main.coverage.value,
    coverageLongOrMulti: main.coverageLongOrMulti.value,
    confidentWrong: main.confidentWrong.value,
    untrueHandoffReasons: main.untrueHandoffReasonCount,
    englishInScopeRight: main.englishInScopeRight.value,
  };
  fs.writeFileSync(path.resolve('test/evaluation/baseline-test.json'), `${JSON.stringify(aggregates, null, 2)}\n`);
}
if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
else {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  process.stdout.write(
    `${split} split, ${main.messages} messages: answered precision ${pct(main.answeredPrecision.value)}, coverage ${pct(main.coverage.value)} (long or multi-part ${pct(main.coverageLongOrMulti.value)}), confident wrong ${pct(main.confidentWrong.value)}, untrue hand-off reasons ${main.untrueHandoffReasonCount}, English right ${pct(main.englishInScopeRight.value)}\nreport: ${path.relative(process.cwd(), path.join(outDir, 'eval.md'))}\n`,
  );
}
