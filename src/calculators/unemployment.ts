/**
 * Unemployment benefit (trợ cấp thất nghiệp), Employment Law 74/2025/QH15 (in force 01/01/2026), art. 38–39:
 * 60% of the average monthly wage on which unemployment insurance was paid in the last 6 months of
 * contributions, at most 5 × the regional monthly minimum wage applied in the LAST month of contributions
 * (39(1)) — so the cap is read from the figures table for that month, not for today; 3 months of benefit for
 * 12–36 months of contributions, +1 per further full 12 months, at most 12 (39(2)); the benefit starts on the
 * 11th working day after a complete claim is filed (39(3)); the claim must be filed within 3 months of the
 * contract ending (38(1)(c)).
 */
import { addMonths, checkDay, checkMonth, firstDayOfMonth, monthIndex } from './dates.js';
import { citationOfSource, figureOn } from './figures.js';
import { vnd, viDate, yearsMonths } from './format.js';
import { LAW } from './laws.js';
import { CalculatorInputError, type CalculationResult, type Figures } from './types.js';
import { mayCrossMovableHoliday, nthWorkingDayAfter } from './working-days.js';

export const REGIONS = [1, 2, 3, 4] as const;
export type Region = (typeof REGIONS)[number];
const ROMAN: Record<Region, string> = { 1: 'I', 2: 'II', 3: 'III', 4: 'IV' };

/** The day Employment Law 74/2025 took effect (art. 54(1)); claims decided earlier followed Law 38/2013. */
export const EMPLOYMENT_LAW_IN_FORCE = '2026-01-01';

export interface UnemploymentInput {
  /** Average monthly wage on which unemployment insurance was paid, last 6 months of contributions (VND). */
  averageWage: number;
  /** Months of unemployment-insurance contributions not yet used for a benefit (art. 35(1)). */
  contributionMonths: number;
  /** Minimum-wage region of the employer (1–4, Decree 293/2025 art. 3(3)). */
  region: Region;
  /** The last month unemployment insurance was paid, YYYY-MM. */
  lastContributionMonth: string;
  /** The day the labour contract ended, YYYY-MM-DD. */
  contractEnded: string;
  /** The day a complete claim was (or will be) filed; default: the day asked, or the day the contract ended if later. */
  filedOn?: string;
}

/** Months of benefit for months of contributions (art. 39(2)); 0 below the 12 months art. 38(1)(b) requires. */
export function benefitMonths(contributionMonths: number): number {
  if (contributionMonths < 12) return 0;
  return Math.min(12, 3 + Math.max(0, Math.floor((contributionMonths - 36) / 12)));
}

export function unemploymentBenefit(input: UnemploymentInput, ctx: { date: string; figures: Figures }): CalculationResult {
  if (!(input.averageWage > 0)) throw new CalculatorInputError('averageWage must be a positive amount', 'averageWage');
  if (!(input.contributionMonths >= 0 && Number.isFinite(input.contributionMonths)))
    throw new CalculatorInputError('contributionMonths must be a number of months, 0 or more', 'contributionMonths');
  if (!REGIONS.includes(input.region)) throw new CalculatorInputError('region must be 1, 2, 3 or 4 (I–IV)', 'region');
  const lastMonth = checkMonth(input.lastContributionMonth, 'lastContributionMonth');
  const ended = checkDay(input.contractEnded, 'contractEnded');
  if (monthIndex(lastMonth) > monthIndex(ended))
    throw new CalculatorInputError('the last contribution month cannot be after the contract ended', 'lastContributionMonth');
  const fileBy = addMonths(ended, 3);
  if (fileBy < EMPLOYMENT_LAW_IN_FORCE) {
    throw new CalculatorInputError(
      `a contract that ended on ${ended} had its claim deadline (${fileBy}) before Employment Law 74/2025 took effect (${EMPLOYMENT_LAW_IN_FORCE}); this calculator does not cover Law 38/2013`,
      'contractEnded',
    );
  }

  const minWage = figureOn(ctx.figures, `min_wage_region_${input.region}_monthly`, firstDayOfMonth(lastMonth));
  const cap = 5 * minWage.value;
  const sixtyPercent = Math.round(0.6 * input.averageWage);
  const amount = Math.min(sixtyPercent, cap);
  const months = benefitMonths(input.contributionMonths);

  const inputs = {
    averageWage: input.averageWage,
    contributionMonths: input.contributionMonths,
    region: input.region,
    lastContributionMonth: lastMonth,
    contractEnded: ended,
    ...(input.filedOn ? { filedOn: input.filedOn } : {}),
  };
  const minWageCitation = citationOfSource(minWage.source);
  const citations = [
    { law: LAW.employmentLaw, article: '38 khoản 1' },
    { law: LAW.employmentLaw, article: '39' },
    ...(minWageCitation ? [minWageCitation] : []),
  ];
  const result: CalculationResult = { amount, unit: 'đồng/tháng', formula: '', inputs, citations, asOf: firstDayOfMonth(lastMonth), months, fileBy };

  const lines: string[] = [];
  if (months === 0) {
    result.amount = 0;
    lines.push(
      `Chưa đủ điều kiện hưởng trợ cấp thất nghiệp: phải đóng bảo hiểm thất nghiệp từ đủ 12 tháng trở lên trong 24 tháng trước khi nghỉ việc (36 tháng với hợp đồng từ đủ 01 đến dưới 12 tháng) — Luật Việc làm 2025, Điều 38 khoản 1 điểm b; bạn nhập ${yearsMonths(input.contributionMonths)}.`,
    );
  } else {
    lines.push(
      'Mức hưởng hằng tháng = 60% × bình quân tiền lương tháng đóng bảo hiểm thất nghiệp của 06 tháng đóng gần nhất, tối đa 05 lần lương tối thiểu tháng theo vùng áp dụng tại tháng cuối cùng đóng (Luật Việc làm 2025, Điều 39 khoản 1).',
      `60% × ${vnd(input.averageWage)} = ${vnd(sixtyPercent)} đồng; mức tối đa vùng ${ROMAN[input.region]} tháng ${lastMonth.slice(5)}/${lastMonth.slice(0, 4)} = 5 × ${vnd(minWage.value)} = ${vnd(cap)} đồng (${minWage.source}).`,
      sixtyPercent > cap ? `→ ${vnd(amount)} đồng/tháng (bị giới hạn bởi mức tối đa).` : `→ ${vnd(amount)} đồng/tháng.`,
      `Số tháng hưởng: ${yearsMonths(input.contributionMonths)} đóng → ${months} tháng (đóng đủ 12 đến đủ 36 tháng: 03 tháng; thêm mỗi 12 tháng đủ: 01 tháng; tối đa 12 tháng — Điều 39 khoản 2). Tổng cộng ${months} × ${vnd(amount)} = ${vnd(amount * months)} đồng.`,
    );
  }

  lines.push(
    `Hạn nộp đủ hồ sơ: trong 03 tháng kể từ ngày chấm dứt hợp đồng (${viDate(ended)}), tức đến hết ngày ${viDate(fileBy)} (Điều 38 khoản 1 điểm c; ngày tương ứng của tháng thứ ba — cách tính thời hạn theo tháng của Bộ luật Dân sự 2015, Điều 148, theo nguồn thứ cấp). Nên nộp sớm.`,
  );

  const filed = input.filedOn ? checkDay(input.filedOn, 'filedOn') : ctx.date > ended ? ctx.date : ended;
  if (filed < ended) throw new CalculatorInputError('filedOn cannot be before the contract ended', 'filedOn');
  if (filed > fileBy) {
    lines.push(
      input.filedOn
        ? `Bạn nộp ngày ${viDate(filed)}, sau hạn: không đủ điều kiện hưởng cho lần nghỉ việc này (Điều 38 khoản 1 điểm c).`
        : `Tính đến ngày ${viDate(ctx.date)} hạn nộp đã qua: nộp sau hạn thì không đủ điều kiện hưởng cho lần nghỉ việc này (Điều 38 khoản 1 điểm c).`,
    );
  } else if (months > 0) {
    const firstDay = nthWorkingDayAfter(filed, 11);
    result.firstDay = firstDay;
    const caveat = mayCrossMovableHoliday(filed, firstDay)
      ? ' Trong khoảng này có thể có ngày nghỉ Tết, Giỗ Tổ, nghỉ lễ liền kề hoặc nghỉ bù mà máy không biết; khi đó ngày bắt đầu lùi thêm tương ứng.'
      : '';
    lines.push(
      `Ngày bắt đầu hưởng: ngày làm việc thứ 11 kể từ ngày nộp đủ hồ sơ (Điều 39 khoản 3). ${input.filedOn ? 'Nộp' : 'Nếu nộp'} ngày ${viDate(filed)} → ${viDate(firstDay)} (đếm từ thứ Hai đến thứ Sáu, không tính ngày nộp, trừ các ngày lễ 1/1, 30/4, 1/5, 2/9).${caveat}`,
    );
  }
  if (ended < EMPLOYMENT_LAW_IN_FORCE) {
    lines.push('Hợp đồng chấm dứt trước 01/01/2026: hồ sơ chưa có quyết định hưởng vào ngày đó được giải quyết theo Luật Việc làm 2025 (Điều 55 khoản 4).');
  }
  lines.push(
    'Điều kiện khác: không tự ý nghỉ việc trái pháp luật, không nghỉ khi đã đủ điều kiện hưởng lương hưu; trong 10 ngày làm việc sau khi nộp chưa có việc làm mới thuộc diện đóng BHXH bắt buộc (Điều 38 khoản 1).',
  );
  result.formula = lines.join('\n');
  return result;
}
