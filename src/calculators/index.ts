/**
 * The calculators, one registry: what each one needs (in the order a dialog would ask), how a typed answer is
 * read, and the pure function that computes. The CLI (src/cli/calc.ts) and, later, the chat dialog use only this.
 */
import { foldKey } from '../matching/normalise.js';
import { annualLeave, JOB_TYPES, type JobType } from './annual-leave.js';
import { maternityBenefit } from './maternity.js';
import { OVERTIME_DAYS, overtimePay, type OvertimeDay } from './overtime.js';
import { parseAmount, parseDuration } from './parse.js';
import { retirement, SEXES, type Sex } from './retirement.js';
import { jobLossAllowance, severanceAllowance } from './severance.js';
import { sickPay } from './sick-pay.js';
import { siLumpSum } from './si-lump-sum.js';
import { CalculatorInputError, type CalculationResult, type Figures, type InputValue } from './types.js';
import { REGIONS, unemploymentBenefit, type Region } from './unemployment.js';

export { CalculatorInputError } from './types.js';
export type { CalculationResult, Figures, InputValue, LawCitation } from './types.js';
export { parseAmount, parseDuration } from './parse.js';

export type InputKind = 'amount' | 'months' | 'number' | 'day' | 'month' | 'choice' | 'boolean';

export interface InputSpec {
  /** camelCase, as in the result's `inputs`. */
  name: string;
  kind: InputKind;
  required: boolean;
  /** For 'choice': the canonical values; typed aliases are read by readChoice. */
  choices?: readonly string[];
  /** What a dialog would ask, in Vietnamese. */
  question: string;
}

export interface CalculationContext {
  /** The day asked (YYYY-MM-DD): figures in force that day unless the law names another day. */
  date: string;
  figures: Figures;
}

export interface Calculator {
  name: string;
  title: string;
  inputs: InputSpec[];
  compute(values: Record<string, InputValue>, ctx: CalculationContext): CalculationResult;
}

const n = (v: InputValue | undefined) => v as number;
const s = (v: InputValue | undefined) => v as string;
const opt = <T>(v: InputValue | undefined) => (v === undefined ? undefined : (v as T));

const severanceInputs: InputSpec[] = [
  { name: 'monthlyWage', kind: 'amount', required: true, question: 'Tiền lương bình quân theo hợp đồng của 06 tháng trước khi nghỉ là bao nhiêu?' },
  { name: 'monthsWorked', kind: 'months', required: true, question: 'Bạn đã làm việc cho công ty này bao lâu (ví dụ "5 năm 3 tháng")?' },
  { name: 'monthsWithUnemploymentInsurance', kind: 'months', required: false, question: 'Trong thời gian đó, bạn được đóng bảo hiểm thất nghiệp bao lâu?' },
  {
    name: 'monthsAlreadyCompensated',
    kind: 'months',
    required: false,
    question: 'Có khoảng thời gian nào công ty đã trả trợ cấp thôi việc hoặc mất việc rồi không? Bao lâu?',
  },
];
const severanceValues = (v: Record<string, InputValue>) => ({
  monthlyWage: n(v.monthlyWage),
  monthsWorked: n(v.monthsWorked),
  monthsWithUnemploymentInsurance: opt<number>(v.monthsWithUnemploymentInsurance),
  monthsAlreadyCompensated: opt<number>(v.monthsAlreadyCompensated),
});

export const CALCULATORS: Calculator[] = [
  {
    name: 'severance',
    title: 'Trợ cấp thôi việc (Bộ luật Lao động, Điều 46)',
    inputs: severanceInputs,
    compute: (v, ctx) => severanceAllowance(severanceValues(v), ctx.date),
  },
  {
    name: 'job-loss',
    title: 'Trợ cấp mất việc làm (Bộ luật Lao động, Điều 47)',
    inputs: severanceInputs,
    compute: (v, ctx) => jobLossAllowance(severanceValues(v), ctx.date),
  },
  {
    name: 'unemployment',
    title: 'Trợ cấp thất nghiệp (Luật Việc làm 2025, Điều 38–39)',
    inputs: [
      { name: 'averageWage', kind: 'amount', required: true, question: 'Bình quân tiền lương tháng đóng bảo hiểm thất nghiệp của 06 tháng cuối là bao nhiêu?' },
      {
        name: 'contributionMonths',
        kind: 'months',
        required: true,
        question: 'Bạn đã đóng bảo hiểm thất nghiệp được bao lâu (chưa hưởng trợ cấp thất nghiệp)?',
      },
      { name: 'region', kind: 'choice', choices: ['1', '2', '3', '4'], required: true, question: 'Công ty ở vùng lương tối thiểu nào (I, II, III, IV)?' },
      { name: 'lastContributionMonth', kind: 'month', required: true, question: 'Tháng cuối cùng bạn đóng bảo hiểm thất nghiệp là tháng nào (ví dụ 02/2026)?' },
      { name: 'contractEnded', kind: 'day', required: true, question: 'Hợp đồng lao động chấm dứt ngày nào?' },
      { name: 'filedOn', kind: 'day', required: false, question: 'Bạn đã (hoặc sẽ) nộp đủ hồ sơ ngày nào?' },
    ],
    compute: (v, ctx) =>
      unemploymentBenefit(
        {
          averageWage: n(v.averageWage),
          contributionMonths: n(v.contributionMonths),
          region: Number(v.region) as Region,
          lastContributionMonth: s(v.lastContributionMonth),
          contractEnded: s(v.contractEnded),
          filedOn: opt<string>(v.filedOn),
        },
        ctx,
      ),
  },
  {
    name: 'overtime',
    title: 'Tiền lương làm thêm giờ (Bộ luật Lao động, Điều 98; Nghị định 145/2020, Điều 55, 57)',
    inputs: [
      { name: 'hourlyWage', kind: 'amount', required: true, question: 'Tiền lương một giờ làm việc bình thường của bạn là bao nhiêu?' },
      { name: 'hours', kind: 'number', required: true, question: 'Bạn làm thêm bao nhiêu giờ?' },
      { name: 'day', kind: 'choice', choices: OVERTIME_DAYS, required: true, question: 'Làm thêm vào ngày thường, ngày nghỉ hằng tuần hay ngày lễ, tết?' },
      { name: 'night', kind: 'boolean', required: false, question: 'Giờ làm thêm có rơi vào ban đêm (22 giờ đến 6 giờ) không?' },
      { name: 'daytimeOvertime', kind: 'boolean', required: false, question: 'Ban ngày hôm đó bạn đã làm thêm giờ chưa?' },
    ],
    compute: (v, ctx) =>
      overtimePay(
        { hourlyWage: n(v.hourlyWage), hours: n(v.hours), day: s(v.day) as OvertimeDay, night: v.night === true, daytimeOvertime: v.daytimeOvertime === true },
        ctx.date,
      ),
  },
  {
    name: 'annual-leave',
    title: 'Số ngày nghỉ hằng năm (Bộ luật Lao động, Điều 113–114)',
    inputs: [
      {
        name: 'jobType',
        kind: 'choice',
        choices: JOB_TYPES,
        required: true,
        question: 'Công việc bình thường, nặng nhọc độc hại, hay đặc biệt nặng nhọc độc hại?',
      },
      { name: 'monthsWithEmployer', kind: 'months', required: true, question: 'Bạn đã làm cho công ty này bao lâu?' },
    ],
    compute: (v, ctx) => annualLeave({ jobType: s(v.jobType) as JobType, monthsWithEmployer: n(v.monthsWithEmployer) }, ctx.date),
  },
  {
    name: 'retirement',
    title: 'Tuổi và thời điểm nghỉ hưu (Bộ luật Lao động, Điều 169)',
    inputs: [
      { name: 'birthDate', kind: 'day', required: true, question: 'Bạn sinh ngày nào (ngày/tháng/năm)?' },
      { name: 'sex', kind: 'choice', choices: SEXES, required: true, question: 'Bạn là lao động nam hay nữ?' },
    ],
    compute: (v, ctx) => retirement({ birthDate: s(v.birthDate), sex: s(v.sex) as Sex }, ctx.date),
  },
  {
    name: 'maternity',
    title: 'Chế độ thai sản khi sinh con (Luật BHXH 2024, Điều 58–59)',
    inputs: [
      { name: 'averageWage', kind: 'amount', required: true, question: 'Bình quân tiền lương đóng BHXH của 06 tháng trước khi nghỉ sinh là bao nhiêu?' },
      { name: 'birthDate', kind: 'day', required: false, question: 'Em bé sinh (hoặc dự sinh) ngày nào?' },
      { name: 'children', kind: 'number', required: false, question: 'Sinh mấy bé?' },
      { name: 'secondChild', kind: 'boolean', required: false, question: 'Đây là con thứ hai của bạn phải không?' },
    ],
    compute: (v, ctx) =>
      maternityBenefit(
        {
          averageWage: n(v.averageWage),
          birthDate: opt<string>(v.birthDate) ?? ctx.date,
          children: opt<number>(v.children),
          secondChild: v.secondChild === true,
        },
        ctx,
      ),
  },
  {
    name: 'si-lump-sum',
    title: 'Bảo hiểm xã hội một lần (Luật BHXH 2024, Điều 70)',
    inputs: [
      { name: 'averageWage', kind: 'amount', required: true, question: 'Bình quân tiền lương tháng đóng BHXH của cả quá trình (đã điều chỉnh) là bao nhiêu?' },
      { name: 'monthsBefore2014', kind: 'months', required: false, question: 'Bạn đóng BHXH trước năm 2014 bao lâu?' },
      { name: 'monthsFrom2014', kind: 'months', required: true, question: 'Bạn đóng BHXH từ năm 2014 trở đi bao lâu?' },
    ],
    compute: (v, ctx) =>
      siLumpSum({ averageWage: n(v.averageWage), monthsBefore2014: opt<number>(v.monthsBefore2014) ?? 0, monthsFrom2014: n(v.monthsFrom2014) }, ctx.date),
  },
  {
    name: 'sick-pay',
    title: 'Trợ cấp ốm đau (Luật BHXH 2024, Điều 43, 45)',
    inputs: [
      { name: 'monthlyWage', kind: 'amount', required: true, question: 'Tiền lương đóng BHXH của tháng trước khi nghỉ ốm là bao nhiêu?' },
      { name: 'days', kind: 'number', required: true, question: 'Bạn nghỉ ốm bao nhiêu ngày làm việc?' },
      { name: 'contributionYears', kind: 'number', required: true, question: 'Bạn đã đóng BHXH bao nhiêu năm?' },
      { name: 'heavyJob', kind: 'boolean', required: false, question: 'Bạn làm nghề nặng nhọc, độc hại, nguy hiểm hoặc ở vùng đặc biệt khó khăn không?' },
    ],
    compute: (v, ctx) =>
      sickPay({ monthlyWage: n(v.monthlyWage), days: n(v.days), contributionYears: n(v.contributionYears), heavyJob: v.heavyJob === true }, ctx.date),
  },
];

export function calculatorNamed(name: string): Calculator | undefined {
  return CALCULATORS.find((c) => c.name === name);
}

// ───────────── reading a typed answer ─────────────

const CHOICE_ALIASES: Record<string, string> = {
  // regions
  i: '1',
  ii: '2',
  iii: '3',
  iv: '4',
  'vung 1': '1',
  'vung 2': '2',
  'vung 3': '3',
  'vung 4': '4',
  'vung i': '1',
  'vung ii': '2',
  'vung iii': '3',
  'vung iv': '4',
  // sex
  nam: 'male',
  m: 'male',
  man: 'male',
  'lao dong nam': 'male',
  nu: 'female',
  f: 'female',
  woman: 'female',
  'lao dong nu': 'female',
  // overtime day
  thuong: 'normal',
  'ngay thuong': 'normal',
  'ngay lam viec': 'normal',
  'nghi tuan': 'rest',
  'ngay nghi': 'rest',
  'ngay nghi hang tuan': 'rest',
  'chu nhat': 'rest',
  cn: 'rest',
  weekend: 'rest',
  le: 'holiday',
  'ngay le': 'holiday',
  tet: 'holiday',
  'le tet': 'holiday',
  'ngay le tet': 'holiday',
  // job type
  'binh thuong': 'normal',
  'nang nhoc': 'heavy',
  'doc hai': 'heavy',
  'nang nhoc doc hai': 'heavy',
  'dac biet nang nhoc': 'very-heavy',
  'dac biet nang nhoc doc hai': 'very-heavy',
};

function readChoice(raw: string, choices: readonly string[]): string | undefined {
  const key = foldKey(raw);
  if (choices.includes(key)) return key;
  const alias = CHOICE_ALIASES[key];
  return alias !== undefined && choices.includes(alias) ? alias : undefined;
}

/** "2026-03-15", "15/3/2026", "15-03-2026" → "2026-03-15". */
function readDay(raw: string): string | undefined {
  const t = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : undefined;
}

/** "2026-02", "2/2026", "02/2026" → "2026-02". */
function readMonth(raw: string): string | undefined {
  const t = raw.trim();
  if (/^\d{4}-\d{2}$/.test(t)) return t;
  const m = /^(\d{1,2})[/.-](\d{4})$/.exec(t);
  return m ? `${m[2]}-${m[1]!.padStart(2, '0')}` : undefined;
}

/** One typed answer → the value a calculator takes; throws CalculatorInputError naming the input. */
export function readInput(spec: InputSpec, raw: string | boolean, date: string): InputValue {
  const fail = (what: string): never => {
    throw new CalculatorInputError(`${spec.name}: cannot read "${String(raw)}" as ${what}`, spec.name);
  };
  if (spec.kind === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    const key = foldKey(raw);
    if (['co', 'yes', 'true', '1', 'roi', 'da'].includes(key)) return true;
    if (['khong', 'no', 'false', '0', 'chua'].includes(key)) return false;
    return fail('yes or no');
  }
  const text = String(raw);
  switch (spec.kind) {
    case 'amount':
      return parseAmount(text) ?? fail('an amount (e.g. "8 triệu", "8tr5", "8.000.000")');
    case 'months':
      return parseDuration(text, date) ?? fail('a duration (e.g. "5 năm 3 tháng", "18 tháng", "từ 3/2021 đến nay")');
    case 'number': {
      const v = Number(text.trim().replace(',', '.'));
      return Number.isFinite(v) && text.trim() !== '' ? v : fail('a number');
    }
    case 'day':
      return readDay(text) ?? fail('a day (YYYY-MM-DD or dd/mm/yyyy)');
    case 'month':
      return readMonth(text) ?? fail('a month (YYYY-MM or mm/yyyy)');
    case 'choice':
      return readChoice(text, spec.choices ?? []) ?? fail(`one of ${(spec.choices ?? []).join(', ')}`);
  }
}

/** Read every answer given, check the required ones, compute. */
export function calculate(calculator: Calculator, raw: Record<string, string | boolean | undefined>, ctx: CalculationContext): CalculationResult {
  const values: Record<string, InputValue> = {};
  for (const spec of calculator.inputs) {
    const given = raw[spec.name];
    if (given === undefined || given === '') {
      if (spec.required) throw new CalculatorInputError(`${spec.name} is required`, spec.name);
      continue;
    }
    values[spec.name] = readInput(spec, given, ctx.date);
  }
  return calculator.compute(values, ctx);
}

export { REGIONS, OVERTIME_DAYS, SEXES, JOB_TYPES };
