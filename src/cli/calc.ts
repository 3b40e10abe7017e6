/**
 * `npm run --silent calc -- <name> --json --<input> <value> …` — what the law gives, with the formula, the
 * inputs, the articles and the day whose figures were used. Last line with --json:
 *   {"amount", "unit", "formula", "inputs", "citations", "asOf"} plus "months", "firstDay", "fileBy", "date"
 *   where they apply. Without --json: the same for a person to read.
 * Amounts take the spellings workers type ("8tr5", "8 triệu", "8.000.000"), durations too ("5 năm 3 tháng",
 * "từ 3/2021 đến nay"). --date YYYY-MM-DD: the day whose figures to use (default BOT_CLOCK, else today).
 * Needs no server or database; reads the figures from KB_DIR. Exit 2 on a wrong command line or input.
 */
import { frozenClock, systemClock, vietnamDay } from '../clock.js';
import { loadConfig } from '../config.js';
import { CALCULATORS, calculate, calculatorNamed, CalculatorInputError, type CalculationResult, type InputSpec } from '../calculators/index.js';
import { age, num, viDate, vnd } from '../calculators/format.js';
import { loadKnowledgeBase } from '../knowledge-base/load.js';
import { MissingFigureError } from '../knowledge-base/template.js';
import { parseCommandLine } from './args.js';

/** monthlyWage → monthly-wage; monthsBefore2014 → months-before-2014. */
const flagOf = (name: string) => name.replace(/([a-z])([A-Z]|\d+)/g, '$1-$2').toLowerCase();
const flagSpec = (spec: InputSpec) => `--${flagOf(spec.name)}${spec.kind === 'boolean' ? '' : ` <${spec.choices ? spec.choices.join('|') : spec.kind}>`}`;

const USAGE = [
  'usage: npm run --silent calc -- <name> [--json] [--date YYYY-MM-DD] --<input> <value> …',
  ...CALCULATORS.map((c) => `  ${c.name.padEnd(13)} ${c.inputs.map((i) => (i.required ? flagSpec(i) : `[${flagSpec(i)}]`)).join(' ')}`),
].join('\n');

const inputOptions: Record<string, { type: 'string' | 'boolean' }> = {};
for (const c of CALCULATORS) for (const i of c.inputs) inputOptions[flagOf(i.name)] = { type: i.kind === 'boolean' ? 'boolean' : 'string' };

const { values: flags, positionals } = parseCommandLine('calc', USAGE, {
  options: { json: { type: 'boolean' }, date: { type: 'string' }, help: { type: 'boolean' }, ...inputOptions },
  allowPositionals: true,
});

function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

function usageError(problem: string): never {
  process.stderr.write(`calc: ${problem}\n${USAGE}\n`);
  process.exit(2);
}

if (flags.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const [name, ...extra] = positionals;
if (!name) usageError('name a calculator');
if (extra.length) usageError(`unexpected argument "${extra[0]}"`);
const calculator = calculatorNamed(name) ?? usageError(`unknown calculator "${name}"`);
const own = new Set(calculator.inputs.map((i) => flagOf(i.name)));
for (const key of Object.keys(flags)) {
  if (key in inputOptions && !own.has(key)) usageError(`${calculator.name} takes no option --${key}`);
}

const config = loadConfig();
const dateArg = flags.date ?? (config.clock || undefined);
if (dateArg !== undefined && !isDay(dateArg)) usageError(`--date: "${dateArg}" is not a day (YYYY-MM-DD)`);
const date = vietnamDay((dateArg ? frozenClock(dateArg) : systemClock).now());

const { kb, problems } = loadKnowledgeBase(config.kbDir, { day: date });
const figureProblems = problems.filter((p) => p.file.startsWith('figures'));
if (figureProblems.length) {
  for (const p of figureProblems) process.stderr.write(`${p.file}:${p.line}: ${p.message}\n`);
  process.stderr.write('calc: the figures table has problems; run npm run kb:validate\n');
  process.exit(2);
}

const raw: Record<string, string | boolean | undefined> = {};
for (const spec of calculator.inputs) raw[spec.name] = flags[flagOf(spec.name) as keyof typeof flags];

let result: CalculationResult;
try {
  result = calculate(calculator, raw, { date, figures: kb.figures });
} catch (err) {
  // The calculators name inputs in camelCase; on the command line they are flags.
  if (err instanceof CalculatorInputError) usageError(err.input ? err.message.replace(new RegExp(`^${err.input}\\b`), `--${flagOf(err.input)}`) : err.message);
  if (err instanceof MissingFigureError) {
    process.stderr.write(`calc: ${err.message} (knowledge-base/figures)\n`);
    process.exit(1);
  }
  throw err;
}

/** The documented fields in a fixed order, then the optional ones that apply. */
function toJson(r: CalculationResult): string {
  return JSON.stringify({
    amount: r.amount,
    unit: r.unit,
    formula: r.formula,
    inputs: r.inputs,
    citations: r.citations,
    asOf: r.asOf,
    ...(r.months !== undefined ? { months: r.months } : {}),
    ...(r.firstDay ? { firstDay: r.firstDay } : {}),
    ...(r.fileBy ? { fileBy: r.fileBy } : {}),
    ...(r.date ? { date: r.date } : {}),
  });
}

function toText(r: CalculationResult): string {
  const amount = r.unit.startsWith('đồng')
    ? `${vnd(r.amount)} ${r.unit}`
    : r.unit === 'tháng tuổi'
      ? `${age(r.amount)}, nghỉ hưu hết ngày ${viDate(r.date ?? r.asOf)}, hưởng lương hưu từ ${viDate(r.firstDay ?? r.asOf)}`
      : `${num(r.amount)} ${r.unit}`;
  return [
    calculator.title,
    `Kết quả: ${amount}${r.months !== undefined ? `, ${r.months} tháng` : ''}`,
    '',
    r.formula,
    '',
    `Căn cứ: ${r.citations.map((c) => `${c.law}, Điều ${c.article}`).join('; ')}`,
    `Số liệu áp dụng ngày ${viDate(r.asOf)}.`,
  ].join('\n');
}

process.stdout.write(`${flags.json ? toJson(result) : toText(result)}\n`);
