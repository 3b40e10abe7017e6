/**
 * Sickness benefit for the worker's own illness (Social Insurance Law 41/2024): 75% of the social-insurance
 * wage of the month before the leave (art. 45(1)–(2)); a day is the monthly amount ÷ 24, less than half a day
 * counts as half, half a day or more as a whole day (45(5)); at most 30/40/60 working days a year by years of
 * contributions (under 15 / 15 to under 30 / 30+), 40/50/70 in heavy, toxic or dangerous jobs or very hard
 * areas (art. 43(1)). The lower rates for long-term illnesses after that (43(2), 45(3)) and the benefit for
 * caring for a sick child (art. 44) are not computed.
 */
import { num, vnd } from './format.js';
import { LAW } from './laws.js';
import { CalculatorInputError, type CalculationResult } from './types.js';

export interface SickPayInput {
  /** Social-insurance wage of the month before the sick leave (art. 45(1)(a)), VND. */
  monthlyWage: number;
  /** Working days off sick this year (halves allowed). */
  days: number;
  /** Years of compulsory social-insurance contributions. */
  contributionYears: number;
  /** Heavy, toxic or dangerous job, or a very hard area (art. 43(1)(b)). */
  heavyJob?: boolean;
}

/** Art. 45(5): part of a day under half counts as half a day; half a day or more counts as a whole day. */
export function countedDays(days: number): number {
  const whole = Math.floor(days);
  const part = days - whole;
  return part === 0 ? whole : part < 0.5 ? whole + 0.5 : whole + 1;
}

/** The most sick days a year the fund pays (art. 43(1)). */
export function maxSickDays(contributionYears: number, heavyJob = false): number {
  const normal = contributionYears < 15 ? 30 : contributionYears < 30 ? 40 : 60;
  return heavyJob ? normal + 10 : normal;
}

export function sickPay(input: SickPayInput, asOf: string): CalculationResult {
  if (!(input.monthlyWage > 0)) throw new CalculatorInputError('monthlyWage must be a positive amount', 'monthlyWage');
  if (!(input.days > 0 && Number.isFinite(input.days))) throw new CalculatorInputError('days must be a positive number', 'days');
  if (!(input.contributionYears >= 0)) throw new CalculatorInputError('contributionYears must be 0 or more', 'contributionYears');
  const heavyJob = input.heavyJob ?? false;
  const counted = countedDays(input.days);
  const max = maxSickDays(input.contributionYears, heavyJob);
  const paidDays = Math.min(counted, max);
  const monthly = 0.75 * input.monthlyWage;
  const amount = Math.round((monthly / 24) * paidDays);
  const lines = [
    `Trợ cấp ốm đau một tháng = 75% tiền lương đóng BHXH của tháng liền trước tháng nghỉ = 75% × ${vnd(input.monthlyWage)} = ${vnd(monthly)} đồng; một ngày = mức tháng ÷ 24 (Luật BHXH 2024, Điều 45 khoản 1, 2, 5).`,
    counted !== input.days
      ? `Số ngày nghỉ ${num(input.days)} → ${num(counted)} ngày (dưới nửa ngày tính nửa ngày, từ nửa ngày tính một ngày).`
      : `Số ngày nghỉ: ${num(counted)} ngày làm việc.`,
    `Tối đa trong năm: ${max} ngày làm việc (đóng BHXH ${num(input.contributionYears)} năm${heavyJob ? ', nghề nặng nhọc, độc hại, nguy hiểm hoặc vùng đặc biệt khó khăn' : ''}; Điều 43 khoản 1).`,
    `= ${vnd(monthly)} ÷ 24 × ${num(paidDays)} = ${vnd(amount)} đồng.`,
  ];
  if (counted > max) {
    lines.push(
      `${num(counted - max)} ngày vượt mức tối đa không được tính; nếu mắc bệnh thuộc danh mục cần chữa trị dài ngày thì được hưởng tiếp ở mức thấp hơn (Điều 43 khoản 2, Điều 45 khoản 3) — máy chưa tính phần này.`,
    );
  }
  return {
    amount,
    unit: 'đồng',
    formula: lines.join('\n'),
    inputs: { monthlyWage: input.monthlyWage, days: input.days, contributionYears: input.contributionYears, heavyJob },
    citations: [
      { law: LAW.socialInsuranceLaw, article: '45' },
      { law: LAW.socialInsuranceLaw, article: '43 khoản 1' },
    ],
    asOf,
  };
}
