/**
 * Vietnamese amounts and durations as workers type them, to numbers.
 *   parseAmount:   "8 triệu", "8tr", "8tr5", "8.000.000", "8,5 triệu", "tám triệu rưỡi", "8 trieu 500", "8000k" → VND
 *   parseDuration: "5 năm 3 tháng", "3 năm rưỡi", "18 tháng", "từ 3/2021 đến nay" (relative to a given today) → months
 * Text is folded first (no diacritics, đ → d), so typing without accents gives the same number. Anything the
 * function cannot read for sure gives undefined — a dialog asks again rather than guess (e.g. "8tr50": 8,05 or
 * 8,5 million?).
 */
import { foldKey } from '../matching/normalise.js';
import { monthIndex } from './dates.js';

// ───────────── numbers written as words (after folding: "năm" and "nam" are the same word) ─────────────

const DIGIT_WORDS: Record<string, number> = {
  khong: 0,
  mot: 1,
  hai: 2,
  ba: 3,
  bon: 4,
  tu: 4,
  nam: 5,
  lam: 5,
  sau: 6,
  bay: 7,
  tam: 8,
  chin: 9,
};

const DIGIT_NAMES = ['khong', 'mot', 'hai', 'ba', 'bon', 'nam', 'sau', 'bay', 'tam', 'chin'];

/** A number below 1000 written in words ("hai mươi lăm", "ba trăm linh năm", "mười"), or undefined. */
function wordsBelowThousand(words: string[]): number | undefined {
  if (words.length === 0) return undefined;
  let hundreds = 0;
  let tens = 0;
  let units = 0;
  let pending: number | undefined; // a digit waiting for "trăm" or "mươi"
  let sawTens = false;
  for (const w of words) {
    if (w in DIGIT_WORDS) {
      if (pending !== undefined) return undefined;
      pending = DIGIT_WORDS[w];
    } else if (w === 'tram') {
      if (pending === undefined || hundreds) return undefined;
      hundreds = pending;
      pending = undefined;
    } else if (w === 'muoi' || w === 'chuc') {
      if (sawTens) return undefined;
      tens = pending ?? 1; // "mười" alone is ten; "hai mươi" twenty
      pending = undefined;
      sawTens = true;
    } else if (w === 'linh' || w === 'le') {
      if (sawTens) return undefined;
      sawTens = true;
    } else return undefined;
  }
  if (pending !== undefined) units = pending;
  return hundreds * 100 + tens * 10 + units;
}

// ───────────── amounts ─────────────

const MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  nghin: 1e3,
  ngan: 1e3,
  ng: 1e3,
  tr: 1e6,
  trieu: 1e6,
  cu: 1e6,
  m: 1e6,
  ty: 1e9,
  ti: 1e9,
};
const CURRENCY = new Set(['d', 'dong', 'vnd', 'vnđ']);

/** "8.000.000" → 8000000, "25.500" → 25500, "8,5" → 8.5, "8.5" → 8.5, "1,500,000" → 1500000; undefined if not a number. */
export function parseNumeral(raw: string): number | undefined {
  // A dot between groups of three digits is the Vietnamese thousands separator ("25.500" is 25500); a comma is
  // the decimal mark ("8,5"), unless there are at least two groups of three ("1,500,000", English style).
  if (/^\d{1,3}(\.\d{3})+$/.test(raw)) return Number(raw.replace(/\./g, ''));
  if (/^\d{1,3}(,\d{3}){2,}$/.test(raw)) return Number(raw.replace(/,/g, ''));
  if (/^\d+([.,]\d+)?$/.test(raw)) return Number(raw.replace(',', '.'));
  return undefined;
}

type Token = { kind: 'number'; value: number; digits?: string } | { kind: 'word'; text: string };

function tokens(folded: string): Token[] {
  const out: Token[] = [];
  for (const m of folded.matchAll(/\d+(?:[.,]\d+)*|[a-z]+/g)) {
    const raw = m[0];
    if (/^\d/.test(raw)) {
      const value = parseNumeral(raw);
      if (value === undefined) return [];
      out.push({ kind: 'number', value, digits: /^\d+$/.test(raw) ? raw : undefined });
    } else out.push({ kind: 'word', text: raw });
  }
  return out;
}

/** A remainder after the last unit: "8tr5" = 8.5 million, "8 triệu 500" = 8.5 million; two digits are ambiguous. */
function remainderValue(value: number, digits: string | undefined, unit: number): number | undefined {
  const width = digits ? digits.length : value < 10 ? 1 : value < 100 ? 2 : 3;
  if (width === 1) return value * (unit / 10);
  if (width === 3) return value * (unit / 1000);
  return undefined;
}

/** A Vietnamese amount of money → đồng, or undefined when it cannot be read for sure. */
export function parseAmount(text: string): number | undefined {
  const folded = foldKey(text)
    .replace(/^(?:(?:muc|tien)\s+)?luong(?:\s+(?:thang|gio|ngay))?(?:\s+la)?\s+/, '') // "lương tháng là 8tr"
    .replace(/(?:\/\s*|\s+(?:mot|1|moi)\s+)(?:thang|gio|ngay)$/, ''); // "30k/giờ", "8 triệu một tháng"
  const toks = tokens(folded).filter((t) => !(t.kind === 'word' && CURRENCY.has(t.text)));
  if (toks.length === 0) return undefined;

  let total = 0;
  let lastUnit: number | undefined;
  let current: { value: number; digits?: string } | undefined;
  let words: string[] = [];
  const flushWords = (): boolean => {
    if (words.length === 0) return true;
    const v = wordsBelowThousand(words);
    words = [];
    if (v === undefined || current) return false;
    current = { value: v };
    return true;
  };
  for (const t of toks) {
    if (t.kind === 'number') {
      if (current || words.length) return undefined;
      current = { value: t.value, digits: t.digits };
    } else if (t.text in MULTIPLIERS) {
      if (!flushWords()) return undefined;
      const unit = MULTIPLIERS[t.text]!;
      if (!current) return undefined;
      if (lastUnit !== undefined && unit >= lastUnit) return undefined; // "5 triệu 3 triệu"
      total += current.value * unit;
      lastUnit = unit;
      current = undefined;
    } else if (t.text === 'ruoi') {
      if (!flushWords()) return undefined;
      if (current || lastUnit === undefined) return undefined;
      total += lastUnit / 2;
      lastUnit = lastUnit / 10; // nothing smaller may follow "rưỡi" of the same unit
    } else if (t.text in DIGIT_WORDS || ['tram', 'muoi', 'chuc', 'linh', 'le'].includes(t.text)) {
      // "5 trăm" is "năm trăm": a digit written as a numeral, then a word that multiplies it
      if (current && words.length === 0 && ['tram', 'muoi', 'chuc'].includes(t.text) && current.digits?.length === 1) {
        words.push(DIGIT_NAMES[current.value]!);
        current = undefined;
      }
      if (current) return undefined;
      words.push(t.text);
    } else return undefined;
  }
  if (!flushWords()) return undefined;
  if (current) {
    if (lastUnit === undefined) return current.value;
    const rest = remainderValue(current.value, current.digits, lastUnit);
    if (rest === undefined) return undefined;
    total += rest;
  }
  return Math.round(total);
}

// ───────────── durations ─────────────

const YEAR_WORDS = new Set(['nam', 'n', 'y']);
const MONTH_WORDS = new Set(['thang', 'th', 'thg', 't']);
/** Words that make a duration approximate ("hơn 5 năm", "gần 2 năm"): the law needs it exact, so ask again. */
const APPROXIMATE = new Set(['hon', 'gan', 'khoang', 'chung', 'ngoai', 'tren', 'duoi']);

/** "3/2021", "03/2021", "15/3/2021", "thang 3/2021", "thang 3 nam 2021" → YYYY-MM-DD (day 1 when only a month is given). */
function dayOf(text: string): string | undefined {
  const t = text.replace(/^thang\s+/, '').trim();
  let m = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(t);
  if (m) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})\s*(?:[/.-]|\s+nam\s+)\s*(\d{4})$/.exec(t);
  if (m) return iso(Number(m[2]), Number(m[1]), 1);
  return undefined;
}

function iso(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Whole months between two days (a day-less month counts from its 1st). */
function monthsFromTo(from: string, to: string): number | undefined {
  const months = monthIndex(to) - monthIndex(from) - (Number(to.slice(8, 10)) < Number(from.slice(8, 10)) ? 1 : 0);
  return months >= 0 ? months : undefined;
}

/** "từ 3/2021 đến nay", "tu thang 3/2021 den 6/2024", "từ 15/3/2021 tới giờ" → months, relative to `today` (YYYY-MM-DD). */
function parseRange(folded: string, today: string | undefined): number | undefined {
  const m = /^tu\s+(.+?)\s+(?:den|toi|-)\s+(.+)$/.exec(folded);
  if (!m) return undefined;
  const from = dayOf(m[1]!);
  const end = m[2]!.trim();
  const to = /^(nay|bay gio|gio|hien nay|hien tai|hom nay)$/.test(end) ? today : dayOf(end);
  if (!from || !to) return undefined;
  return monthsFromTo(from, to);
}

/**
 * A Vietnamese duration → months, or undefined. A bare number is months ("63"). `today` (YYYY-MM-DD) anchors
 * "đến nay".
 */
export function parseDuration(text: string, today?: string): number | undefined {
  const folded = foldKey(text)
    .replace(/(?<!\d),|,(?!\d)|;|\bva\b/g, ' ') // a comma between digits is a decimal mark ("2,5 năm")
    .replace(/\s+/g, ' ')
    .trim();
  if (!folded) return undefined;
  if (folded.startsWith('tu ')) return parseRange(folded, today);
  if (/^nua nam$/.test(folded)) return 6;

  const parts = folded.match(/\d+(?:[.,]\d+)?|[a-z]+/g) ?? [];
  let months = 0;
  let number: number | undefined;
  let words: string[] = [];
  let lastUnit: 12 | 1 | undefined;
  let any = false;
  const takeNumber = (): number | undefined => {
    if (words.length) {
      const v = wordsBelowThousand(words);
      words = [];
      if (v === undefined || number !== undefined) return undefined;
      return v;
    }
    const v = number;
    number = undefined;
    return v;
  };
  for (const p of parts) {
    if (/^\d/.test(p)) {
      if (number !== undefined || words.length) return undefined;
      number = Number(p.replace(',', '.'));
    } else if (APPROXIMATE.has(p) && number === undefined && words.length === 0 && !any) {
      return undefined;
    } else if ((YEAR_WORDS.has(p) || MONTH_WORDS.has(p)) && (number !== undefined || words.length)) {
      // after a number, "năm" is a year; before one it is the word five ("năm năm" = five years)
      const v = takeNumber();
      if (v === undefined) return undefined;
      const unit = YEAR_WORDS.has(p) ? 12 : 1;
      if (lastUnit !== undefined && unit >= lastUnit) return undefined;
      months += v * unit;
      lastUnit = unit;
      any = true;
    } else if (p === 'ruoi') {
      if (lastUnit === undefined || number !== undefined || words.length) return undefined;
      months += lastUnit / 2;
      lastUnit = 1;
    } else if (p in DIGIT_WORDS || ['tram', 'muoi', 'chuc', 'linh', 'le'].includes(p)) {
      if (number !== undefined) return undefined;
      words.push(p);
    } else return undefined;
  }
  if (number !== undefined || words.length) {
    const v = takeNumber();
    if (v === undefined) return undefined;
    if (!any) return v; // a bare number is months
    if (lastUnit === 12)
      months += v; // "5 năm 3" = 5 years 3 months
    else return undefined;
  }
  return any ? months : undefined;
}
