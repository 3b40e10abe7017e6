/**
 * Retirement age and date in normal working conditions (Labour Code art. 169(2)): from 2021, 60 years 3 months
 * for men and 55 years 4 months for women, then +3 months a year (men, up to 62 in 2028) and +4 months a year
 * (women, up to 60 in 2035). The age that applies is the one of the year in which the worker reaches it — the
 * reading of Decree 135/2020 art. 4 and its annex, checked here against the annex rows quoted by secondary
 * sources (women born 01–08/1970 retire at 57y4m, from 09/1970 at 57y8m; men born from 04/1966 at 62).
 * The retirement day is the end of the month the age is reached, and the pension starts the next day
 * (Decree 135/2020 art. 3, read in secondary sources only: the decree's own text was not found).
 * Earlier retirement (art. 169(3)) and later (169(4)) are not computed.
 */
import { addDays, checkDay, lastDayOfMonth, monthIndex, monthOfIndex } from './dates.js';
import { age as ageText, viDate, yearsMonths } from './format.js';
import { LAW } from './laws.js';
import { CalculatorInputError, type CalculationResult } from './types.js';

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

const ROADMAP_START = 2021;
const ROADMAP: Record<Sex, { first: number; step: number; last: number }> = {
  male: { first: 60 * 12 + 3, step: 3, last: 62 * 12 },
  female: { first: 55 * 12 + 4, step: 4, last: 60 * 12 },
};

/** The retirement age (in months) for those who reach it in `year` (art. 169(2)). */
export function retirementAgeInYear(sex: Sex, year: number): number {
  const r = ROADMAP[sex];
  return Math.min(r.last, r.first + r.step * Math.max(0, year - ROADMAP_START));
}

export interface RetirementInput {
  /** YYYY-MM-DD (only the month matters). */
  birthDate: string;
  sex: Sex;
}

export interface Retirement {
  ageMonths: number;
  /** The month the age is reached, YYYY-MM. */
  month: string;
}

/** The age and the month it is reached; undefined when the worker reached retirement age before 2021 (earlier law). */
export function retirementOf(input: RetirementInput): Retirement | undefined {
  const birth = monthIndex(input.birthDate);
  for (let year = ROADMAP_START; year <= ROADMAP_START + 200; year++) {
    const ageMonths = retirementAgeInYear(input.sex, year);
    const reached = birth + ageMonths;
    const reachedYear = Math.floor(reached / 12);
    if (reachedYear < year) return undefined; // reached before the roadmap began (only possible in 2021)
    if (reachedYear === year) return { ageMonths, month: monthOfIndex(reached) };
  }
  return undefined;
}

export function retirement(input: RetirementInput, asOf: string): CalculationResult {
  const birthDate = checkDay(input.birthDate, 'birthDate');
  if (!SEXES.includes(input.sex)) throw new CalculatorInputError('sex must be male or female', 'sex');
  const found = retirementOf({ birthDate, sex: input.sex });
  if (!found) {
    throw new CalculatorInputError(
      `a ${input.sex === 'male' ? 'man' : 'woman'} born ${birthDate} reached retirement age before 2021, under the earlier Labour Code; not covered`,
      'birthDate',
    );
  }
  const retireOn = lastDayOfMonth(found.month);
  const pensionFrom = addDays(retireOn, 1);
  const who = input.sex === 'male' ? 'lao động nam' : 'lao động nữ';
  const year = Number(found.month.slice(0, 4));
  const left = monthIndex(found.month) - monthIndex(asOf);
  const lines = [
    `Tuổi nghỉ hưu trong điều kiện lao động bình thường: từ năm 2021 là đủ 60 tuổi 03 tháng (nam), 55 tuổi 04 tháng (nữ), sau đó mỗi năm tăng 03 tháng (nam) và 04 tháng (nữ) cho đến 62 tuổi (nam, năm 2028) và 60 tuổi (nữ, năm 2035) (Bộ luật Lao động 2019, Điều 169 khoản 2).`,
    `Sinh ${viDate(birthDate)}, ${who}: đủ ${ageText(found.ageMonths)} vào tháng ${found.month.slice(5)}/${year}, là tuổi nghỉ hưu của năm ${year} (lộ trình theo năm nghỉ hưu, Nghị định 135/2020/NĐ-CP, Điều 4).`,
    `Thời điểm nghỉ hưu: hết ngày ${viDate(retireOn)} (ngày cuối cùng của tháng đủ tuổi); hưởng lương hưu từ ${viDate(pensionFrom)} (Nghị định 135/2020/NĐ-CP, Điều 3, theo nguồn thứ cấp).`,
    left > 0 ? `Tính từ tháng ${asOf.slice(5, 7)}/${asOf.slice(0, 4)} còn ${yearsMonths(left)}.` : `Đến ngày ${viDate(asOf)} đã đủ tuổi nghỉ hưu.`,
    'Để hưởng lương hưu còn phải có từ đủ 15 năm đóng bảo hiểm xã hội. Người bị suy giảm khả năng lao động, làm nghề nặng nhọc, độc hại, nguy hiểm hoặc ở vùng đặc biệt khó khăn có thể nghỉ hưu sớm hơn, không quá 05 tuổi (Điều 169 khoản 3): máy chưa tính trường hợp này.',
  ];
  return {
    amount: found.ageMonths,
    unit: 'tháng tuổi',
    formula: lines.join('\n'),
    inputs: { birthDate, sex: input.sex },
    citations: [
      { law: LAW.labourCode, article: '169 khoản 2' },
      { law: LAW.decree135, article: '4' },
      { law: LAW.decree135, article: '3' },
    ],
    asOf,
    date: retireOn,
    firstDay: pensionFrom,
  };
}
