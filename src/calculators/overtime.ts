/**
 * Overtime pay (Labour Code art. 98; Decree 145/2020 art. 55 and, at night, art. 57), for a worker paid by time.
 * Day-time overtime = hourly wage × at least 150% (normal day) / 200% (weekly rest day) / 300% (public holiday,
 * Tết, paid day off) × hours (D145 55(1)). At night (22:00–06:00, LC art. 106) D145 57(1) adds, per hour:
 * + 30% of the hourly wage + 20% × the day-time hourly wage of that kind of day — 100% of the hourly wage on a
 * normal day without day-time overtime before it, 150% with it, 200% on the rest day, 300% on a holiday
 * (57(1)(b1)–(b3)). So at least 200% (210%), 270% and 390%. The hourly wage is the one D145 55(1)(a) defines
 * (the actual pay for the normal hours, without overtime, night pay, bonuses, meal and other allowances).
 */
import { num, vnd } from './format.js';
import { LAW } from './laws.js';
import { CalculatorInputError, type CalculationResult } from './types.js';

export const OVERTIME_DAYS = ['normal', 'rest', 'holiday'] as const;
export type OvertimeDay = (typeof OVERTIME_DAYS)[number];

export interface OvertimeInput {
  /** Actual hourly wage of the job on a normal working day (D145 art. 55(1)(a)), VND. */
  hourlyWage: number;
  hours: number;
  day: OvertimeDay;
  /** The overtime hours fall between 22:00 and 06:00. */
  night?: boolean;
  /** Normal day only: the worker already did overtime in the day-time of that day, before the night hours. */
  daytimeOvertime?: boolean;
}

/** The minimum rate for day-time overtime (LC 98(1)). */
const OVERTIME_RATE: Record<OvertimeDay, number> = { normal: 1.5, rest: 2, holiday: 3 };
const DAY_NAME: Record<OvertimeDay, string> = { normal: 'ngày thường', rest: 'ngày nghỉ hằng tuần', holiday: 'ngày nghỉ lễ, tết, ngày nghỉ có hưởng lương' };
const NIGHT_EXTRA = 0.3;
const NIGHT_OVERTIME_EXTRA = 0.2;

/** The day-time hourly wage of that day, as a multiple of the normal hourly wage (D145 art. 57(1)(b)). */
export function daytimeRate(day: OvertimeDay, daytimeOvertime = false): number {
  return day === 'normal' ? (daytimeOvertime ? 1.5 : 1) : OVERTIME_RATE[day];
}

/** The total minimum rate per overtime hour, as a multiple of the hourly wage. */
export function overtimeRate(day: OvertimeDay, night = false, daytimeOvertime = false): number {
  const rate = OVERTIME_RATE[day];
  if (!night) return rate;
  return Math.round((rate + NIGHT_EXTRA + NIGHT_OVERTIME_EXTRA * daytimeRate(day, daytimeOvertime)) * 100) / 100;
}

const pct = (rate: number) => `${num(rate * 100)}%`;

export function overtimePay(input: OvertimeInput, asOf: string): CalculationResult {
  if (!(input.hourlyWage > 0)) throw new CalculatorInputError('hourlyWage must be a positive amount', 'hourlyWage');
  if (!(input.hours > 0 && Number.isFinite(input.hours))) throw new CalculatorInputError('hours must be a positive number', 'hours');
  if (!OVERTIME_DAYS.includes(input.day)) throw new CalculatorInputError('day must be normal, rest or holiday', 'day');
  const night = input.night ?? false;
  const daytimeOvertime = input.day === 'normal' && (input.daytimeOvertime ?? false);
  const rate = overtimeRate(input.day, night, daytimeOvertime);
  const amount = Math.round(input.hourlyWage * rate * input.hours);
  const w = vnd(input.hourlyWage);

  const lines: string[] = [];
  if (!night) {
    lines.push(
      `Tiền lương làm thêm giờ = tiền lương giờ thực trả ngày thường × mức ít nhất ${pct(OVERTIME_RATE[input.day])} (${DAY_NAME[input.day]}) × số giờ làm thêm (Bộ luật Lao động 2019, Điều 98 khoản 1; Nghị định 145/2020/NĐ-CP, Điều 55 khoản 1).`,
      `= ${w} × ${pct(rate)} × ${num(input.hours)} = ${vnd(amount)} đồng.`,
    );
  } else {
    const dr = daytimeRate(input.day, daytimeOvertime);
    const drWhy =
      input.day === 'normal'
        ? daytimeOvertime
          ? 'ngày thường, ban ngày đã làm thêm: 150%'
          : 'ngày thường, ban ngày không làm thêm: 100%'
        : `${DAY_NAME[input.day]}: ${pct(dr)}`;
    lines.push(
      `Tiền lương làm thêm giờ vào ban đêm (22 giờ đến 06 giờ) = lương giờ × ${pct(OVERTIME_RATE[input.day])} + lương giờ × 30% + 20% × lương giờ ban ngày của ngày đó, nhân số giờ (Bộ luật Lao động 2019, Điều 98 khoản 1–3; Nghị định 145/2020/NĐ-CP, Điều 57 khoản 1).`,
      `Lương giờ ban ngày của ngày đó = ${pct(dr)} lương giờ (${drWhy}; Điều 57 khoản 1 điểm b).`,
      `Mỗi giờ: ${pct(OVERTIME_RATE[input.day])} + 30% + 20% × ${pct(dr)} = ${pct(rate)} lương giờ.`,
      `= ${w} × ${pct(rate)} × ${num(input.hours)} = ${vnd(amount)} đồng.`,
    );
  }
  lines.push(
    'Lương giờ là tiền lương giờ thực trả của công việc vào ngày làm việc bình thường, không gồm tiền làm thêm giờ, tiền làm đêm, tiền thưởng, tiền ăn giữa ca và các khoản hỗ trợ (Nghị định 145/2020/NĐ-CP, Điều 55 khoản 1 điểm a). Đây là mức tối thiểu; công ty có thể trả cao hơn.',
  );
  if (input.day === 'holiday') {
    lines.push(
      'Người hưởng lương theo ngày còn được trả thêm tiền lương của chính ngày lễ, tết đó (Điều 98 khoản 1 điểm c). Làm thêm vào ngày lễ trùng ngày nghỉ hằng tuần vẫn tính mức ngày lễ (Nghị định 145/2020/NĐ-CP, Điều 55 khoản 3).',
    );
  }
  if (input.day !== 'normal' && input.hours > 12) {
    lines.push('Lưu ý: làm thêm vào ngày nghỉ hằng tuần, ngày lễ, tết không được quá 12 giờ trong một ngày (Nghị định 145/2020/NĐ-CP, Điều 60 khoản 4).');
  }

  const citations = [
    { law: LAW.labourCode, article: night ? '98' : '98 khoản 1' },
    { law: LAW.decree145, article: '55' },
    ...(night
      ? [
          { law: LAW.decree145, article: '57' },
          { law: LAW.labourCode, article: '106' },
        ]
      : []),
  ];
  return {
    amount,
    unit: 'đồng',
    formula: lines.join('\n'),
    inputs: { hourlyWage: input.hourlyWage, hours: input.hours, day: input.day, night, ...(daytimeOvertime ? { daytimeOvertime } : {}) },
    citations,
    asOf,
  };
}
