/** The evaluation report: Markdown for people, JSON for tools, an SVG precision–coverage curve for editors. */
import type { AnswerabilityModel } from '../matching/answerability.js';
import type { IntentThresholds, Thresholds } from '../matching/decide.js';
import { computeMetrics, TARGETS, meetsTargets, type CurvePoint, type Metrics, type StyleRow } from './metrics.js';
import { evaluate, type Prepared } from './run.js';

export function curve(prepared: Prepared[], thresholds: Thresholds, model?: AnswerabilityModel, intentThresholds?: IntentThresholds): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let t = 0; t <= 1.0001; t += 0.02) {
    const m = computeMetrics(evaluate(prepared, { ...thresholds, answer: t }, model, intentThresholds));
    points.push({ threshold: Math.round(t * 100) / 100, coverage: m.coverage, precision: m.answeredPrecision });
  }
  return points;
}

export function curveSvg(points: CurvePoint[], operating: { coverage: number; precision: number; threshold: number }): string {
  const W = 560;
  const H = 400;
  const pad = { l: 60, r: 20, t: 40, b: 50 };
  const x = (c: number) => pad.l + c * (W - pad.l - pad.r);
  const yMin = 0.5;
  const y = (p: number) => pad.t + (1 - (Math.max(yMin, p) - yMin) / (1 - yMin)) * (H - pad.t - pad.b);
  const valid = points.filter((p) => p.coverage > 0);
  const path = valid.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.coverage).toFixed(1)},${y(p.precision).toFixed(1)}`).join(' ');
  const grid: string[] = [];
  for (let c = 0; c <= 1.0001; c += 0.1) grid.push(`<line x1="${x(c)}" y1="${pad.t}" x2="${x(c)}" y2="${H - pad.b}" stroke="#eee"/><text x="${x(c)}" y="${H - pad.b + 18}" text-anchor="middle" font-size="11">${Math.round(c * 100)}%</text>`);
  for (let p = yMin; p <= 1.0001; p += 0.05) grid.push(`<line x1="${pad.l}" y1="${y(p)}" x2="${W - pad.r}" y2="${y(p)}" stroke="#eee"/><text x="${pad.l - 8}" y="${y(p) + 4}" text-anchor="end" font-size="11">${Math.round(p * 100)}%</text>`);
  const target = `<line x1="${pad.l}" y1="${y(TARGETS.answeredPrecision)}" x2="${W - pad.r}" y2="${y(TARGETS.answeredPrecision)}" stroke="#b3261e" stroke-dasharray="4 3"/><text x="${W - pad.r}" y="${y(TARGETS.answeredPrecision) - 4}" text-anchor="end" font-size="11" fill="#b3261e">precision target ${TARGETS.answeredPrecision * 100}%</text>` +
    `<line x1="${x(TARGETS.coverage)}" y1="${pad.t}" x2="${x(TARGETS.coverage)}" y2="${H - pad.b}" stroke="#1f6feb" stroke-dasharray="4 3"/><text x="${x(TARGETS.coverage) - 4}" y="${pad.t + 12}" text-anchor="end" font-size="11" fill="#1f6feb">coverage target ${TARGETS.coverage * 100}%</text>`;
  const dot = `<circle cx="${x(operating.coverage)}" cy="${y(operating.precision)}" r="5" fill="#b3261e"/><text x="${x(operating.coverage) + 8}" y="${y(operating.precision) + 16}" font-size="11">shipped threshold ${operating.threshold}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">Answered precision vs coverage (test split), as the answer threshold moves</text>
${grid.join('\n')}
${target}
<path d="${path}" fill="none" stroke="#333" stroke-width="2"/>
${dot}
<text x="${W / 2}" y="${H - 10}" text-anchor="middle" font-size="12">coverage: in-scope questions answered directly</text>
<text transform="translate(16 ${H / 2}) rotate(-90)" text-anchor="middle" font-size="12">answered precision</text>
</svg>
`;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function markdownReport(input: {
  metrics: Metrics;
  devMetrics: Metrics;
  thresholds: Thresholds;
  intentThresholds: IntentThresholds;
  tunedOn: string;
  confusions: { expected: string; got: string; count: number; answered: boolean }[];
  misses: { q: string; expect: string; got: string; outcome: string }[];
  styles: StyleRow[];
  kbVersion: string;
  entries: number;
  date: string;
}): string {
  const m = input.metrics;
  const ok = meetsTargets(m);
  const row = (name: string, value: string, target: string, pass?: boolean) => `| ${name} | ${value} | ${target} | ${pass === undefined ? '' : pass ? 'met' : '**not met**'} |`;
  return `# Answer-quality evaluation

Knowledge base version \`${input.kbVersion}\` (${input.entries} servable entries), answers as of ${input.date}.
Thresholds ${JSON.stringify(input.thresholds)}, hand-off probabilities ${JSON.stringify(input.intentThresholds)} — ${input.tunedOn}. The fusion weights also learned from the knowledge base's own phrasings, each matched by a matcher built without it; thresholds and the answerability model only from the dev split.
Test split: ${m.queries} queries (${m.counts.inScope} in scope, ${m.counts.outOfScope} out of scope, ${m.counts.personalRecord} needing personal records, ${m.counts.askForPerson} asking for a person or urgent, ${m.counts.smalltalk} small talk). Dev split (used for tuning): ${input.devMetrics.queries} queries.

| metric (test split) | value | target | |
|---|---|---|---|
${row('answered precision (answers that were the right entry)', pct(m.answeredPrecision), `≥ ${pct(TARGETS.answeredPrecision)}`, ok.answeredPrecision)}
${row('coverage (in-scope questions answered directly)', pct(m.coverage), `≥ ${pct(TARGETS.coverage)}`, ok.coverage)}
${row('wrong-answer rate (in-scope questions answered with the wrong entry)', pct(m.wrongAnswerRate), '', undefined)}
${row('top-1 accuracy (best-ranked entry is right)', pct(m.top1), '', undefined)}
${row('top-3 recall (right entry among the 3 offered)', pct(m.top3Recall), `≥ ${pct(TARGETS.top3Recall)}`, ok.top3Recall)}
${row('out-of-scope false accept (answered a non-labour question)', pct(m.oosFalseAccept), `≤ ${pct(TARGETS.oosFalseAccept)}`, ok.oosFalseAccept)}
${row('personal-record hand-off', pct(m.personalRecordHandoff), `≥ ${pct(TARGETS.personalRecordHandoff)}`, ok.personalRecordHandoff)}
${row('requests for a person / emergencies handed off', pct(m.handoffRequestRate), '', undefined)}
${row('small talk recognised', pct(m.smalltalkAccuracy), '', undefined)}

Dev split, for comparison: precision ${pct(input.devMetrics.answeredPrecision)}, coverage ${pct(input.devMetrics.coverage)}, top-3 ${pct(input.devMetrics.top3Recall)}, out-of-scope false accept ${pct(input.devMetrics.oosFalseAccept)}.

![precision–coverage curve](precision-coverage.svg)

## By how workers write (in-scope questions, test split)
| questions | count | top-1 | coverage | answered precision |
|---|---|---|---|---|
${input.styles.map((r) => `| ${r.style} | ${r.queries} | ${pct(r.top1)} | ${pct(r.coverage)} | ${pct(r.answeredPrecision)} |`).join('\n')}

## Entries that take each other's questions (test split)
"answered" = the bot answered with the wrong entry; "ranked" = the wrong entry was ranked first but the bot asked or handed off.

| expected | got | count | |
|---|---|---|---|
${input.confusions.slice(0, 40).map((c) => `| ${c.expected} | ${c.got} | ${c.count} | ${c.answered ? 'answered' : 'ranked'} |`).join('\n')}

## In-scope questions not answered correctly (test split, first 60)
| question | expected | outcome | got |
|---|---|---|---|
${input.misses.slice(0, 60).map((r) => `| ${r.q.replace(/\|/g, '/').replace(/\n/g, ' ').slice(0, 140)} | ${r.expect} | ${r.outcome} | ${r.got} |`).join('\n')}
`;
}
