/**
 * Maternity benefit for a mother giving birth (Social Insurance Law 41/2024): each month of leave is paid 100%
 * of the average social-insurance wage of the 6 months before the leave (art. 59(1)); the leave lasts as
 * Labour Code art. 139(1) says — 6 months, 7 for a second child born from 01/07/2026 (the figure
 * maternity_leave_months_second_child, by the day of birth), +1 month per child from the second in a multiple
 * birth; and a lump sum of 2 × the reference level of the month of birth per child (art. 58(4), the figure
 * childbirth_allowance, by the day of birth). Eligibility (art. 50) is the worker's to meet and is stated, not
 * checked. Only births under Law 41/2024 (from 01/07/2025) are computed.
 */
import { checkDay } from './dates.js';
import { citationOfSource, figureOn } from './figures.js';
import { vnd, viDate } from './format.js';
import { LAW } from './laws.js';
import { CalculatorInputError, type CalculationResult, type Figures } from './types.js';

/** Law 41/2024 took effect on this day (art. 140(1)). */
export const SI_LAW_IN_FORCE = '2025-07-01';

export interface MaternityInput {
  /** Average monthly social-insurance wage of the 6 months before the leave (art. 59(1)), VND. */
  averageWage: number;
  /** The child's birth date, YYYY-MM-DD: it decides which figures apply (art. 58(4), LC art. 139(1)). */
  birthDate: string;
  /** Children born at this birth (twins: 2). */
  children?: number;
  /** This is the mother's second child (LC art. 139(1) as amended by Law 113/2025). */
  secondChild?: boolean;
}

export function maternityBenefit(input: MaternityInput, ctx: { figures: Figures }): CalculationResult {
  if (!(input.averageWage > 0)) throw new CalculatorInputError('averageWage must be a positive amount', 'averageWage');
  const birthDate = checkDay(input.birthDate, 'birthDate');
  const children = input.children ?? 1;
  if (!(Number.isInteger(children) && children >= 1 && children <= 10))
    throw new CalculatorInputError('children must be a whole number, 1 or more', 'children');
  if (birthDate < SI_LAW_IN_FORCE) {
    throw new CalculatorInputError(`births before ${SI_LAW_IN_FORCE} fall under the earlier Social Insurance Law 58/2014; not covered`, 'birthDate');
  }
  const secondChild = input.secondChild ?? false;
  const leave = secondChild ? figureOn(ctx.figures, 'maternity_leave_months_second_child', birthDate) : undefined;
  const baseMonths = leave ? leave.value : 6;
  const months = baseMonths + (children - 1);
  const lumpFigure = figureOn(ctx.figures, 'childbirth_allowance', birthDate);
  const monthly = Math.round(input.averageWage);
  const leavePay = monthly * months;
  const lumpSum = lumpFigure.value * children;
  const amount = leavePay + lumpSum;

  const lines = [
    `Trợ cấp thai sản một tháng = 100% mức bình quân tiền lương đóng BHXH của 06 tháng gần nhất trước khi nghỉ = ${vnd(monthly)} đồng (Luật BHXH 2024, Điều 59 khoản 1).`,
    `Thời gian nghỉ sinh con: ${baseMonths} tháng${secondChild ? ` (sinh con thứ hai, sinh ngày ${viDate(birthDate)}: ${leave?.source})` : ' (Bộ luật Lao động 2019, Điều 139 khoản 1)'}${children > 1 ? ` + ${children - 1} tháng vì sinh ${children} con (từ con thứ hai, mỗi con thêm 01 tháng)` : ''} = ${months} tháng.`,
    `Trợ cấp một lần khi sinh con = 02 lần mức tham chiếu tại tháng sinh, mỗi con = ${vnd(lumpFigure.value)} đồng${children > 1 ? ` × ${children}` : ''} (${lumpFigure.source}).`,
    `Tổng = ${vnd(monthly)} × ${months} + ${vnd(lumpSum)} = ${vnd(amount)} đồng.`,
    'Điều kiện: đóng BHXH bắt buộc từ đủ 06 tháng trong 12 tháng trước khi sinh (Điều 50 khoản 2; có trường hợp chỉ cần 03 tháng, Điều 50 khoản 3). Nghỉ việc trước khi sinh vẫn được hưởng nếu đủ điều kiện (Điều 50 khoản 4).',
  ];
  if (secondChild)
    lines.push(
      '"Sinh con thứ hai" theo Nghị định 168/2026/NĐ-CP là khi lúc sinh đang có một con đẻ còn sống (theo nguồn thứ cấp, chưa đối chiếu văn bản gốc).',
    );
  const lumpCitation = citationOfSource(lumpFigure.source);
  return {
    amount,
    unit: 'đồng',
    formula: lines.join('\n'),
    inputs: { averageWage: input.averageWage, birthDate, children, secondChild },
    citations: [
      { law: LAW.socialInsuranceLaw, article: '59 khoản 1' },
      { law: LAW.socialInsuranceLaw, article: '58' },
      { law: LAW.labourCode, article: '139 khoản 1' },
      ...(lumpCitation && lumpCitation.article !== '58' ? [lumpCitation] : []),
    ],
    asOf: birthDate,
    months,
  };
}
