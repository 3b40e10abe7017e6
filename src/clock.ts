/** The bot's notion of "now". A frozen clock lets an editor (or a test) see answers as of another day. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function frozenClock(isoDate: string): Clock {
  const at = new Date(`${isoDate}T12:00:00+07:00`);
  if (Number.isNaN(at.getTime())) throw new Error(`not a date: ${isoDate}`);
  return { now: () => new Date(at) };
}

/** The calendar day in Vietnam (UTC+7) as YYYY-MM-DD: legal figures change at local midnight. */
export function vietnamDay(date: Date): string {
  return new Date(date.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
