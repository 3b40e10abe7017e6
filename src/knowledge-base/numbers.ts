/**
 * The figure check: every number a worker reads in an answer must come from the figures table
 * or appear in the entry's own citations (law number, article, clause, quoted text).
 */
import { PLACEHOLDER } from './template.js';
import type { Citation } from './types.js';

/** "5.310.000" → "5310000"; "06" → "6"; "0,5" and "0.5" → "0.5". */
export function canonicalNumber(raw: string): string {
  let s = raw;
  if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, ''); // Vietnamese thousands
  else if (/^\d{1,3}(,\d{3})+$/.test(s)) s = s.replace(/,/g, ''); // English thousands
  s = s.replace(',', '.');
  if (s.includes('.')) {
    const [w = '', f = ''] = s.split('.');
    const frac = f.replace(/0+$/, '');
    return `${w.replace(/^0+(?=\d)/, '')}${frac ? '.' + frac : ''}`;
  }
  return s.replace(/^0+(?=\d)/, '');
}

export function numbersIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\d+(?:[.,]\d+)*/g)) {
    const raw = m[0];
    // "45/2019/QH14" is three numbers; "1.5" or "5.310.000" is one.
    out.push(canonicalNumber(raw));
  }
  return out;
}

export function numbersAllowedBy(citations: Citation[]): Set<string> {
  const allowed = new Set<string>();
  for (const c of citations) {
    for (const part of [c.law, c.article, c.clause, c.point, c.quote]) {
      if (part) for (const n of numbersIn(part)) allowed.add(n);
    }
  }
  return allowed;
}

/** Numbers in a template (placeholders removed) that no citation supports. */
export function unsupportedNumbers(template: string, citations: Citation[]): string[] {
  const allowed = numbersAllowedBy(citations);
  const text = template.replace(PLACEHOLDER, ' ');
  return [...new Set(numbersIn(text).filter((n) => !allowed.has(n)))];
}
