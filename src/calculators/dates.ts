/**
 * Calendar arithmetic on ISO days (YYYY-MM-DD), in plain UTC dates so no time zone can shift a day.
 * Pure functions; the calculators never read the clock.
 */
import { CalculatorInputError } from './types.js';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

function utc(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d));
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A valid calendar day, or a CalculatorInputError naming the input. */
export function checkDay(value: string, input: string): string {
  const m = ISO_DAY.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (iso(utc(y, mo, d)) === value) return value;
  }
  throw new CalculatorInputError(`${input}: "${value}" is not a day (YYYY-MM-DD)`, input);
}

/** A valid month "YYYY-MM", or a CalculatorInputError naming the input. */
export function checkMonth(value: string, input: string): string {
  const m = ISO_MONTH.exec(value);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return value;
  throw new CalculatorInputError(`${input}: "${value}" is not a month (YYYY-MM)`, input);
}

/** Months since year 0 for a "YYYY-MM" or "YYYY-MM-DD": month arithmetic without dates. */
export function monthIndex(value: string): number {
  return Number(value.slice(0, 4)) * 12 + Number(value.slice(5, 7)) - 1;
}

/** The inverse of monthIndex: "YYYY-MM". */
export function monthOfIndex(index: number): string {
  const y = Math.floor(index / 12);
  return `${String(y).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function daysInMonth(month: string): number {
  return utc(Number(month.slice(0, 4)), Number(month.slice(5, 7)) + 1, 0).getUTCDate();
}

export function firstDayOfMonth(month: string): string {
  return `${month.slice(0, 7)}-01`;
}

export function lastDayOfMonth(month: string): string {
  return `${month.slice(0, 7)}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

/**
 * The same day of the month `months` later; the last day of that month when it has no such day
 * (31/01 + 1 month → 28 or 29/02). This is how a period counted in months ends.
 */
export function addMonths(day: string, months: number): string {
  const target = monthOfIndex(monthIndex(day) + months);
  const d = Math.min(Number(day.slice(8, 10)), daysInMonth(target));
  return `${target}-${String(d).padStart(2, '0')}`;
}

export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return iso(utc(y, m, d + days));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return utc(y, m, d).getUTCDay();
}

/** Whole months from one day to a later one (15/03 → 14/06 is 2 months; → 15/06 is 3). */
export function wholeMonthsBetween(from: string, to: string): number {
  const months = monthIndex(to) - monthIndex(from) - (Number(to.slice(8, 10)) < Number(from.slice(8, 10)) ? 1 : 0);
  return Math.max(0, months);
}
