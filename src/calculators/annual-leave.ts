/**
 * Annual leave days (Labour Code art. 113–114; Decree 145/2020 art. 66): 12 working days in normal conditions,
 * 14 for minors, workers with disabilities and heavy, toxic or dangerous jobs, 16 for especially heavy, toxic or
 * dangerous jobs (113(1)); +1 day for each full 5 years with the same employer (114); under 12 months with the
 * employer, (days + seniority days) ÷ 12 × months worked (113(2), D145 66(1)) — the law sets no rounding, so
 * the result keeps two decimals and says so. Extra travel days (113(6)) are not computed.
 */
import { num, yearsMonths } from './format.js';
import { LAW } from './laws.js';
import { CalculatorInputError, type CalculationResult } from './types.js';

export const JOB_TYPES = ['normal', 'heavy', 'very-heavy'] as const;
export type JobType = (typeof JOB_TYPES)[number];

const BASE_DAYS: Record<JobType, number> = { normal: 12, heavy: 14, 'very-heavy': 16 };
const JOB_NAME: Record<JobType, string> = {
  normal: 'công việc trong điều kiện bình thường (điểm a)',
  heavy: 'người chưa thành niên, người khuyết tật, nghề nặng nhọc, độc hại, nguy hiểm (điểm b)',
  'very-heavy': 'nghề đặc biệt nặng nhọc, độc hại, nguy hiểm (điểm c)',
};

export interface AnnualLeaveInput {
  jobType: JobType;
  /** Months worked for this employer (probation, paid leave, maternity leave… count: D145 art. 65). */
  monthsWithEmployer: number;
}

export function annualLeave(input: AnnualLeaveInput, asOf: string): CalculationResult {
  if (!JOB_TYPES.includes(input.jobType)) throw new CalculatorInputError('jobType must be normal, heavy or very-heavy', 'jobType');
  if (!(input.monthsWithEmployer >= 0 && Number.isFinite(input.monthsWithEmployer)))
    throw new CalculatorInputError('monthsWithEmployer must be a number of months, 0 or more', 'monthsWithEmployer');
  const base = BASE_DAYS[input.jobType];
  const seniority = Math.floor(input.monthsWithEmployer / 60);
  const lines = [`Số ngày nghỉ hằng năm: ${base} ngày làm việc — ${JOB_NAME[input.jobType]} (Bộ luật Lao động 2019, Điều 113 khoản 1).`];
  let amount: number;
  if (input.monthsWithEmployer < 12) {
    amount = Math.round(((base + seniority) / 12) * input.monthsWithEmployer * 100) / 100;
    lines.push(
      `Làm việc chưa đủ 12 tháng: ${base} ÷ 12 × ${num(input.monthsWithEmployer)} tháng = ${num(amount)} ngày (Điều 113 khoản 2; Nghị định 145/2020/NĐ-CP, Điều 66 khoản 1). Pháp luật không quy định làm tròn số ngày lẻ.`,
      'Tháng làm việc chưa trọn được tính là 01 tháng nếu số ngày làm việc và ngày nghỉ có hưởng lương từ 50% số ngày làm việc bình thường của tháng (Điều 66 khoản 2).',
    );
  } else {
    amount = base + seniority;
    lines.push(
      seniority > 0
        ? `Làm việc ${yearsMonths(input.monthsWithEmployer)} cho cùng người sử dụng lao động: cứ đủ 05 năm được thêm 01 ngày → thêm ${seniority} ngày (Điều 114). Tổng: ${base} + ${seniority} = ${amount} ngày làm việc mỗi năm.`
        : `Làm việc ${yearsMonths(input.monthsWithEmployer)}: chưa đủ 05 năm nên chưa được cộng ngày thâm niên (Điều 114). Tổng: ${amount} ngày làm việc mỗi năm.`,
    );
  }
  lines.push(
    'Nghỉ hằng năm hưởng nguyên lương theo hợp đồng; nghỉ việc mà chưa nghỉ hết thì được thanh toán tiền lương những ngày chưa nghỉ (Điều 113 khoản 3).',
  );
  return {
    amount,
    unit: 'ngày làm việc',
    formula: lines.join('\n'),
    inputs: { jobType: input.jobType, monthsWithEmployer: input.monthsWithEmployer },
    citations: [
      { law: LAW.labourCode, article: '113' },
      { law: LAW.labourCode, article: '114' },
      ...(input.monthsWithEmployer < 12 ? [{ law: LAW.decree145, article: '66' }] : []),
    ],
    asOf,
  };
}
