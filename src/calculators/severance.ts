/**
 * Severance allowance (trợ cấp thôi việc, Labour Code art. 46) and job-loss allowance (trợ cấp mất việc làm,
 * art. 47), with the counting rules of Decree 145/2020 art. 8. The law fixes the wage basis — the average
 * contract wage of the 6 months before leaving (46(3), 47(3)) — so that is the input, and the formula says so.
 */
import { num, vnd, yearsMonths } from './format.js';
import { LAW } from './laws.js';
import { CalculatorInputError, type CalculationResult } from './types.js';

export interface SeveranceInput {
  /** Average monthly contract wage of the 6 months before leaving (art. 46(3) / 47(3)), VND. */
  monthlyWage: number;
  /** Total time actually worked for this employer, months (probation, paid leave, sick and maternity leave included: D145 art. 8(3)(a)). */
  monthsWorked: number;
  /** Time covered by unemployment insurance with this employer, months (art. 46(2)). */
  monthsWithUnemploymentInsurance?: number;
  /** Time for which severance or job-loss allowance was already paid, months (art. 46(2)). */
  monthsAlreadyCompensated?: number;
}

export interface CountedTime {
  /** Months left after the deductions of art. 46(2) / 47(2). */
  months: number;
  /** Those months in years as Decree 145 art. 8(3)(c) counts them (odd months ≤ 6 → ½ year, > 6 → 1 year). */
  years: number;
}

/** Working time for the allowance: worked − insured − already compensated, in years rounded as D145 art. 8(3)(c) says. */
export function countedTime(input: SeveranceInput): CountedTime {
  const months = Math.max(0, input.monthsWorked - (input.monthsWithUnemploymentInsurance ?? 0) - (input.monthsAlreadyCompensated ?? 0));
  const whole = Math.floor(months / 12);
  const odd = months - whole * 12;
  return { months, years: whole + (odd === 0 ? 0 : odd <= 6 ? 0.5 : 1) };
}

function check(input: SeveranceInput): void {
  if (!(input.monthlyWage > 0)) throw new CalculatorInputError('monthlyWage must be a positive amount', 'monthlyWage');
  for (const key of ['monthsWorked', 'monthsWithUnemploymentInsurance', 'monthsAlreadyCompensated'] as const) {
    const v = input[key];
    if (v !== undefined && !(v >= 0 && Number.isFinite(v))) throw new CalculatorInputError(`${key} must be a number of months, 0 or more`, key);
  }
  const deducted = (input.monthsWithUnemploymentInsurance ?? 0) + (input.monthsAlreadyCompensated ?? 0);
  if (deducted > input.monthsWorked) {
    throw new CalculatorInputError(
      'the months with unemployment insurance (and already compensated) cannot exceed the months worked',
      'monthsWithUnemploymentInsurance',
    );
  }
}

function inputsOf(input: SeveranceInput): CalculationResult['inputs'] {
  return {
    monthlyWage: input.monthlyWage,
    monthsWorked: input.monthsWorked,
    monthsWithUnemploymentInsurance: input.monthsWithUnemploymentInsurance ?? 0,
    ...(input.monthsAlreadyCompensated ? { monthsAlreadyCompensated: input.monthsAlreadyCompensated } : {}),
  };
}

function timeLine(input: SeveranceInput, time: CountedTime): string {
  const minus = [
    input.monthsWithUnemploymentInsurance ? ` − ${yearsMonths(input.monthsWithUnemploymentInsurance)} đã đóng bảo hiểm thất nghiệp` : '',
    input.monthsAlreadyCompensated ? ` − ${yearsMonths(input.monthsAlreadyCompensated)} đã được trả trợ cấp` : '',
  ].join('');
  const odd = time.months % 12;
  const rounding =
    odd === 0
      ? ''
      : odd <= 6
        ? `; tháng lẻ ${num(odd)} tháng (từ 06 tháng trở xuống) tính là 1/2 năm`
        : `; tháng lẻ ${num(odd)} tháng (trên 06 tháng) tính là 01 năm`;
  return `Thời gian tính trợ cấp = ${yearsMonths(input.monthsWorked)} làm việc thực tế${minus ? `${minus} = ${yearsMonths(time.months)}` : ''} → ${num(time.years)} năm${rounding} (Nghị định 145/2020/NĐ-CP, Điều 8 khoản 3).`;
}

const WAGE_LINE = (wage: number) =>
  `Tiền lương tính trợ cấp: ${vnd(wage)} đồng — luật lấy tiền lương bình quân của 06 tháng liền kề theo hợp đồng lao động trước khi nghỉ việc`;

/** Labour Code art. 46: half a month's wage per counted year, for a worker who worked regularly 12 months or more. */
export function severanceAllowance(input: SeveranceInput, asOf: string): CalculationResult {
  check(input);
  const time = countedTime(input);
  const citations = [
    { law: LAW.labourCode, article: '46' },
    { law: LAW.decree145, article: '8 khoản 3' },
  ];
  const base = { unit: 'đồng', inputs: inputsOf(input), citations, asOf };
  if (input.monthsWorked < 12) {
    return {
      ...base,
      amount: 0,
      formula: `Chưa có trợ cấp thôi việc: Điều 46 khoản 1 chỉ áp dụng cho người đã làm việc thường xuyên từ đủ 12 tháng trở lên; bạn nhập ${yearsMonths(input.monthsWorked)}.`,
    };
  }
  const amount = Math.round(0.5 * input.monthlyWage * time.years);
  const lines = [
    'Trợ cấp thôi việc = 1/2 tháng tiền lương × số năm làm việc tính trợ cấp (Bộ luật Lao động 2019, Điều 46).',
    timeLine(input, time),
    `${WAGE_LINE(input.monthlyWage)} (Điều 46 khoản 3).`,
    `= 1/2 × ${vnd(input.monthlyWage)} × ${num(time.years)} = ${vnd(amount)} đồng.`,
  ];
  if (time.months === 0)
    lines.push(
      'Toàn bộ thời gian đã đóng bảo hiểm thất nghiệp nên không còn thời gian tính trợ cấp thôi việc; bạn có thể được trợ cấp thất nghiệp nếu đủ điều kiện.',
    );
  lines.push(
    'Chỉ áp dụng khi hợp đồng chấm dứt theo khoản 1, 2, 3, 4, 6, 7, 9, 10 Điều 34; không áp dụng khi đủ điều kiện hưởng lương hưu hoặc tự ý bỏ việc từ 05 ngày làm việc liên tục (Điều 36 khoản 1 điểm e).',
  );
  return { ...base, amount, formula: lines.join('\n') };
}

/** Labour Code art. 47: one month's wage per counted year, at least two months' wage (and D145 art. 8(2)). */
export function jobLossAllowance(input: SeveranceInput, asOf: string): CalculationResult {
  check(input);
  const time = countedTime(input);
  const citations = [
    { law: LAW.labourCode, article: '47' },
    { law: LAW.decree145, article: '8 khoản 2, khoản 3' },
  ];
  const base = { unit: 'đồng', inputs: inputsOf(input), citations, asOf };
  if (input.monthsWorked < 12) {
    return {
      ...base,
      amount: 0,
      formula: `Chưa có trợ cấp mất việc làm: Điều 47 khoản 1 chỉ áp dụng cho người đã làm việc thường xuyên từ đủ 12 tháng trở lên; bạn nhập ${yearsMonths(input.monthsWorked)}.`,
    };
  }
  const byYears = Math.round(input.monthlyWage * time.years);
  const floor = 2 * input.monthlyWage;
  const amount = Math.max(byYears, floor);
  const lines = [
    'Trợ cấp mất việc làm = 01 tháng tiền lương × số năm làm việc tính trợ cấp, ít nhất bằng 02 tháng tiền lương (Bộ luật Lao động 2019, Điều 47).',
    timeLine(input, time),
    `${WAGE_LINE(input.monthlyWage)} (Điều 47 khoản 3).`,
    byYears >= floor
      ? `= ${vnd(input.monthlyWage)} × ${num(time.years)} = ${vnd(amount)} đồng.`
      : `${vnd(input.monthlyWage)} × ${num(time.years)} = ${vnd(byYears)} đồng, thấp hơn mức tối thiểu 02 tháng lương, nên được 2 × ${vnd(input.monthlyWage)} = ${vnd(amount)} đồng (Nghị định 145/2020/NĐ-CP, Điều 8 khoản 2).`,
    'Áp dụng khi bị cho thôi việc vì thay đổi cơ cấu, công nghệ, lý do kinh tế, hoặc chia, tách, hợp nhất, sáp nhập, bán, cho thuê, chuyển đổi doanh nghiệp (Điều 34 khoản 11, Điều 42, 43).',
  ];
  return { ...base, amount, formula: lines.join('\n') };
}
