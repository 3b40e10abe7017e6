/**
 * When union staff are at work, from OFFICE_HOURS: "1-5 07:30-17:00" (ISO weekdays, Monday = 1) or several
 * rules separated by ";" ("1-5 07:30-11:30; 1-5 13:30-17:00; 6 08:00-11:00"). Times are Vietnam time.
 */
export interface OfficeRule {
  fromDay: number;
  toDay: number;
  start: number; // minutes after midnight
  end: number;
}

export class OfficeHoursError extends Error {
  override name = 'OfficeHoursError';
}

export function parseOfficeHours(spec: string): OfficeRule[] {
  if (!spec.trim()) return [];
  return spec.split(';').map((part) => {
    const m = /^\s*([1-7])(?:-([1-7]))?\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})\s*$/.exec(part);
    if (!m) throw new OfficeHoursError(`OFFICE_HOURS: cannot read "${part.trim()}" (write e.g. "1-5 07:30-17:00")`);
    const rule = { fromDay: Number(m[1]), toDay: Number(m[2] ?? m[1]), start: Number(m[3]) * 60 + Number(m[4]), end: Number(m[5]) * 60 + Number(m[6]) };
    if (rule.fromDay > rule.toDay || rule.start >= rule.end || rule.end > 24 * 60)
      throw new OfficeHoursError(`OFFICE_HOURS: "${part.trim()}" is not a valid range`);
    return rule;
  });
}

function vietnamParts(date: Date): { day: number; minutes: number } {
  const local = new Date(date.getTime() + 7 * 3600_000);
  const day = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  return { day, minutes: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

/** Open now? With no rules configured, the bot does not claim anything about hours. */
export function isOpen(rules: OfficeRule[], date: Date): boolean | undefined {
  if (rules.length === 0) return undefined;
  const { day, minutes } = vietnamParts(date);
  return rules.some((r) => day >= r.fromDay && day <= r.toDay && minutes >= r.start && minutes < r.end);
}

/**
 * Office minutes between two instants (for response times: a hand-off at 16:50 answered at 07:40 next morning
 * took 20 office minutes, not 15 hours). Without rules every minute counts, as the bot claims no hours then.
 * Pure arithmetic, walked day by day in Vietnam time; overlapping rules on one day are merged so no minute counts twice.
 */
export function officeMinutesBetween(rules: OfficeRule[], from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return 0;
  if (rules.length === 0) return Math.round((end - start) / 60_000);
  const offset = 7 * 3600_000;
  const dayMs = 24 * 3600_000;
  let total = 0;
  // Midnight (Vietnam) of the day holding `from`, as a UTC instant.
  for (let midnight = Math.floor((start + offset) / dayMs) * dayMs - offset; midnight < end; midnight += dayMs) {
    const { day } = vietnamParts(new Date(midnight));
    const spans = rules
      .filter((r) => day >= r.fromDay && day <= r.toDay)
      .map((r) => [r.start, r.end] as [number, number])
      .sort((a, b) => a[0] - b[0]);
    let covered = 0; // minutes of the day already counted (merging overlaps)
    for (const [s, e] of spans) {
      const lo = Math.max(s, covered);
      if (e <= lo) continue;
      covered = e;
      const a = Math.max(start, midnight + lo * 60_000);
      const b = Math.min(end, midnight + e * 60_000);
      if (b > a) total += b - a;
    }
  }
  return Math.round(total / 60_000);
}
