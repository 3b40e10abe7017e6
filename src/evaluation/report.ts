/** The evaluation report: Markdown for people, JSON for tools, an SVG precision–coverage curve for editors. */
import type { AnswerabilityModel } from '../matching/answerability.js';
import type { IntentThresholds, Thresholds } from '../matching/decide.js';
import { computeMetrics, TARGETS, type CurvePoint } from './metrics.js';
import { REAL_TARGETS, type Rate, type RealMetrics } from './pipeline.js';
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
  for (let c = 0; c <= 1.0001; c += 0.1)
    grid.push(
      `<line x1="${x(c)}" y1="${pad.t}" x2="${x(c)}" y2="${H - pad.b}" stroke="#eee"/><text x="${x(c)}" y="${H - pad.b + 18}" text-anchor="middle" font-size="11">${Math.round(c * 100)}%</text>`,
    );
  for (let p = yMin; p <= 1.0001; p += 0.05)
    grid.push(
      `<line x1="${pad.l}" y1="${y(p)}" x2="${W - pad.r}" y2="${y(p)}" stroke="#eee"/><text x="${pad.l - 8}" y="${y(p) + 4}" text-anchor="end" font-size="11">${Math.round(p * 100)}%</text>`,
    );
  const target =
    `<line x1="${pad.l}" y1="${y(TARGETS.answeredPrecision)}" x2="${W - pad.r}" y2="${y(TARGETS.answeredPrecision)}" stroke="#b3261e" stroke-dasharray="4 3"/><text x="${W - pad.r}" y="${y(TARGETS.answeredPrecision) - 4}" text-anchor="end" font-size="11" fill="#b3261e">precision target ${TARGETS.answeredPrecision * 100}%</text>` +
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
const withInterval = (r: Rate) => `${pct(r.value)} (${pct(r.lower)}–${pct(r.upper)}, n=${r.n})`;

export interface ReportInput {
  /** the split whose figures are reported against the targets ("test": the frozen one) */
  split: 'test' | 'dev';
  main: RealMetrics;
  realDev: RealMetrics;
  dev2: RealMetrics;
  styles: { group: string; metrics: RealMetrics }[];
  metamorphic?: string;
  thresholds: Thresholds;
  intentThresholds: IntentThresholds;
  tunedOn: string;
  confusions: { expected: string; got: string; count: number; answered: boolean }[];
  devMisses: { q: string; expect: string; got: string; outcome: string }[];
  kbVersion: string;
  entries: number;
  date: string;
  leftOut: number;
}

export function markdownReport(input: ReportInput): string {
  const m = input.main;
  const target = (name: keyof typeof REAL_TARGETS, value: number) => {
    const t = REAL_TARGETS[name] as { min?: number; max?: number };
    const met = t.min !== undefined ? value >= t.min : value <= t.max!;
    return `${t.min !== undefined ? `≥ ${name === 'untrueHandoffReasonCount' ? t.min : pct(t.min)}` : `≤ ${name === 'untrueHandoffReasonCount' ? t.max : pct(t.max!)}`} | ${met ? 'met' : '**not met**'}`;
  };
  const row = (label: string, r: Rate, name?: keyof typeof REAL_TARGETS) => `| ${label} | ${withInterval(r)} | ${name ? target(name, r.value) : '— | —'} |`;
  const compare = (label: string, pick: (x: RealMetrics) => Rate) =>
    `| ${label} | ${withInterval(pick(m))} | ${withInterval(pick(input.realDev))} | ${withInterval(pick(input.dev2))} |`;
  return `# Answer quality

Generated by \`npm run eval\` on ${input.date} — knowledge base ${input.kbVersion}, ${input.entries} published entries.
Every message goes through the bot's own decision function (src/matching/understand.ts). Intervals are 95% Wilson intervals.

## ${input.split === 'test' ? 'Frozen test split' : 'Dev split (the test split was not read)'} of the real-writing set (eval/real, ${m.messages} messages)
${input.split === 'test' ? 'Read once, at the end of the work, and reported as it is; only these aggregate figures are shown (no per-question results).' : "Run with --split dev: the figures below are the real set's dev split."}

| measure | value (95% interval, n) | target | |
|---|---|---|---|
${row('answered precision', m.answeredPrecision, 'answeredPrecision')}
${row('coverage of in-scope messages', m.coverage, 'coverage')}
${row('coverage of long or multi-part in-scope messages', m.coverageLongOrMulti, 'coverageLongOrMulti')}
${row('confident wrong answers (over all messages)', m.confidentWrong, 'confidentWrong')}
| untrue hand-off reasons | ${m.untrueHandoffReasonCount} of ${m.untrueHandoffReasons.n} hand-offs (${withInterval(m.untrueHandoffReasons)}) | ${target('untrueHandoffReasonCount', m.untrueHandoffReasonCount)} |
${row('English in-scope questions answered right', m.englishInScopeRight, 'englishInScopeRight')}
${row('out-of-scope messages answered (false accept)', m.oosFalseAccept)}
${row('personal-record questions handed to a person', m.personalRecordHandoff)}
${row('urgent messages handed on as urgent', m.urgentHandoff)}
${row('complaints recognised', m.complaintRecognised)}
${row('multi-part messages with both parts answered', m.multiPartBothAnswered)}
${row("answered in the message's language", m.languageRight)}
${row('top-1 (best-ranked entry acceptable)', m.top1)}
${row('top-3 recall', m.top3Recall)}
${row('right outcome, all messages', m.right)}
${input.metamorphic ? `\nMetamorphic invariance (npm test, every in-scope question with an opener, a closer, a workplace clause, a greeting line or doubled punctuation): ${input.metamorphic}\n` : ''}
### By how the message is written (${input.split} split)
| group | messages | coverage | answered precision | right outcome |
|---|---|---|---|---|
${input.styles.map((g) => `| ${g.group} | ${g.metrics.messages} | ${withInterval(g.metrics.coverage)} | ${withInterval(g.metrics.answeredPrecision)} | ${withInterval(g.metrics.right)} |`).join('\n')}

## The same measures on the development splits
| measure | ${input.split} split (real) | real dev | first set (dev2, both halves) |
|---|---|---|---|
${compare('answered precision', (x) => x.answeredPrecision)}
${compare('coverage', (x) => x.coverage)}
${compare('coverage, long or multi-part', (x) => x.coverageLongOrMulti)}
${compare('confident wrong answers', (x) => x.confidentWrong)}
${compare('untrue hand-off reasons', (x) => x.untrueHandoffReasons)}
${compare('English in-scope right', (x) => x.englishInScopeRight)}
${compare('out-of-scope false accept', (x) => x.oosFalseAccept)}
${compare('personal-record hand-off', (x) => x.personalRecordHandoff)}
${compare('urgent handed on as urgent', (x) => x.urgentHandoff)}
${compare('right outcome', (x) => x.right)}

Messages whose only acceptable entries are not published today are left out: ${input.leftOut}.

## Model
Thresholds: answer ≥ ${input.thresholds.answer}, offer choices ≥ ${input.thresholds.clarify}${input.thresholds.personalRecordIfUnsure !== undefined ? `, personal record when unsure ≥ ${input.thresholds.personalRecordIfUnsure}` : ''}.
Intent thresholds: ${Object.entries(input.intentThresholds)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}.
Tuned: ${input.tunedOn}.

## Confusions on the dev splits (expected → answered with, or ranked first)
| expected | got | count | |
|---|---|---|---|
${input.confusions
  .slice(0, 40)
  .map((c) => `| ${c.expected} | ${c.got} | ${c.count} | ${c.answered ? 'answered' : 'ranked'} |`)
  .join('\n')}

## Dev messages not answered right (first 60; the test split is never listed)
| message | expected | outcome | got |
|---|---|---|---|
${input.devMisses
  .slice(0, 60)
  .map((r) => `| ${r.q.replace(/\|/g, '/').replace(/\n/g, ' ').slice(0, 140)} | ${r.expect} | ${r.outcome} | ${r.got} |`)
  .join('\n')}
`;
}
