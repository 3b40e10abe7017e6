/**
 * One-off social-insurance payment (bảo hiểm xã hội một lần), Social Insurance Law 41/2024 art. 70(3):
 * 1.5 months of the average social-insurance wage per year paid before 2014, 2 months per year from 2014; odd
 * months of the years before 2014 move to the period from 2014 when both exist; odd months count as half a
 * year (1–6) or a year (7–11) (art. 5(6)). The average is over the whole period, adjusted by the consumer price
 * index (art. 72–73) — the worker's input, named as such. Less than one year of contributions is paid back
 * what was contributed (70(3)(c)): not computed here. Whether the worker may withdraw at all (art. 70(1)) is
 * stated, not checked.
 */
import { num, vnd, yearsMonths } from './format.js';
import { LAW } from './laws.js';
import { CalculatorInputError, type CalculationResult } from './types.js';

export interface SiLumpSumInput {
  /** Average monthly social-insurance wage over the whole period, CPI-adjusted (art. 72–73), VND. */
  averageWage: number;
  monthsBefore2014: number;
  monthsFrom2014: number;
}

/** Months in years as art. 5(6) counts them: odd 1–6 months = ½ year, 7–11 = 1 year. */
export function siYears(months: number): number {
  const whole = Math.floor(months / 12);
  const odd = months - whole * 12;
  return whole + (odd === 0 ? 0 : odd <= 6 ? 0.5 : 1);
}

export function siLumpSum(input: SiLumpSumInput, asOf: string): CalculationResult {
  if (!(input.averageWage > 0)) throw new CalculatorInputError('averageWage must be a positive amount', 'averageWage');
  for (const key of ['monthsBefore2014', 'monthsFrom2014'] as const) {
    if (!(Number.isInteger(input[key]) && input[key] >= 0)) throw new CalculatorInputError(`${key} must be a whole number of months, 0 or more`, key);
  }
  const total = input.monthsBefore2014 + input.monthsFrom2014;
  if (total < 12) {
    throw new CalculatorInputError(
      'under one year of contributions the payment is what was contributed, at most 2 months of the average wage (art. 70(3)(c)); not computed',
      'monthsFrom2014',
    );
  }
  const both = input.monthsBefore2014 > 0 && input.monthsFrom2014 > 0;
  const oddBefore = both ? input.monthsBefore2014 % 12 : 0;
  const yearsBefore = both ? Math.floor(input.monthsBefore2014 / 12) : siYears(input.monthsBefore2014);
  const monthsAfter = input.monthsFrom2014 + oddBefore;
  const yearsAfter = siYears(monthsAfter);
  const multiple = 1.5 * yearsBefore + 2 * yearsAfter;
  const amount = Math.round(multiple * input.averageWage);

  const lines = [
    'Mức hưởng BHXH một lần = 1,5 tháng lương bình quân cho mỗi năm đóng trước năm 2014 + 02 tháng cho mỗi năm đóng từ năm 2014 (Luật BHXH 2024, Điều 70 khoản 3).',
  ];
  if (input.monthsBefore2014 > 0) {
    lines.push(
      `Trước 2014: ${yearsMonths(input.monthsBefore2014)} → ${num(yearsBefore)} năm${oddBefore ? ` (${oddBefore} tháng lẻ chuyển sang giai đoạn từ 2014)` : ''}.`,
    );
  }
  if (monthsAfter > 0) {
    lines.push(`Từ 2014: ${yearsMonths(monthsAfter)} → ${num(yearsAfter)} năm (tháng lẻ 01–06 tháng tính nửa năm, 07–11 tháng tính một năm, Điều 5 khoản 6).`);
  }
  lines.push(
    `= (1,5 × ${num(yearsBefore)} + 2 × ${num(yearsAfter)}) × ${vnd(input.averageWage)} = ${num(multiple)} × ${vnd(input.averageWage)} = ${vnd(amount)} đồng.`,
    'Lương bình quân là bình quân tiền lương đóng BHXH của toàn bộ thời gian, đã điều chỉnh theo chỉ số giá tiêu dùng (Điều 72, 73); mức hưởng tính tại thời điểm cơ quan BHXH ra quyết định (Điều 70 khoản 5).',
    'Chỉ được rút một lần khi thuộc một trường hợp của Điều 70 khoản 1: đủ tuổi hưu mà chưa đủ 15 năm đóng; ra nước ngoài định cư; mắc bệnh hiểm nghèo theo luật; suy giảm khả năng lao động từ 81%; hoặc có thời gian đóng trước 01/7/2025, sau 12 tháng không đóng BHXH và đóng chưa đủ 20 năm.',
  );
  return {
    amount,
    unit: 'đồng',
    formula: lines.join('\n'),
    inputs: { averageWage: input.averageWage, monthsBefore2014: input.monthsBefore2014, monthsFrom2014: input.monthsFrom2014 },
    citations: [
      { law: LAW.socialInsuranceLaw, article: '70' },
      { law: LAW.socialInsuranceLaw, article: '5 khoản 6' },
    ],
    asOf,
  };
}
