/**
 * Working days for the unemployment-benefit start (the 11th working day after filing, Employment Law art. 39(3)).
 * Counted Monday to Friday — the days the public employment service offices work — skipping only the public
 * holidays with a fixed solar date in Labour Code art. 112(1): 1/1, 30/4, 1/5, 2/9. The lunar holidays (Tết,
 * Hùng Kings' Day), the second National Day holiday and make-up days change every year and are not in any
 * table here, so a result that crosses them says so instead of guessing.
 */
import { addDays, weekday } from './dates.js';

const FIXED_HOLIDAYS = ['01-01', '04-30', '05-01', '09-02'];

export function isWorkingDay(day: string): boolean {
  return isWeekday(day) && !FIXED_HOLIDAYS.includes(day.slice(5));
}

/** The n-th working day after `day` (the day itself not counted). */
export function nthWorkingDayAfter(day: string, n: number): string {
  let current = day;
  for (let counted = 0; counted < n;) {
    current = addDays(current, 1);
    if (isWorkingDay(current)) counted++;
  }
  return current;
}

/**
 * Whether the working days after `from` up to `to` may include a day off this module cannot see: Tết (late
 * January to mid-February), Hùng Kings' Day (March–April), the second National Day holiday (1/9 or 3/9), a
 * make-up day after a fixed holiday on a weekend, or 24/11 (a paid day off from 2026 under Resolution
 * 28/2026/QH16 — corroborated only, not read in the text).
 */
export function mayCrossMovableHoliday(from: string, to: string): boolean {
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
    const md = d.slice(5);
    if ((md >= '01-15' && md <= '02-25') || (md >= '03-25' && md <= '04-30') || md === '09-01' || md === '09-03' || md === '11-24') return true;
    if (FIXED_HOLIDAYS.includes(md) && !isWeekday(d)) return true;
  }
  return false;
}

function isWeekday(day: string): boolean {
  const wd = weekday(day);
  return wd !== 0 && wd !== 6;
}
