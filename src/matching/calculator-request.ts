/**
 * "tính trợ cấp thôi việc giúp em", "tinh giup em tien lam them gio": a worker asking the bot to compute
 * something the calculators cover. Asking *about* it ("trợ cấp thôi việc là gì") is a question for the
 * knowledge base; asking to *compute* needs the verb. Unaccented "tinh" is also "tỉnh" (province), so
 * without diacritics the verb must be followed by a word that makes it "compute" (giúp, hộ, thử, cho…)
 * or by the topic itself.
 */
import { cleanText, foldKey } from './normalise.js';

/** Calculator name (src/calculators) → what a worker calls it, folded (no diacritics). */
const TOPICS: [string, RegExp][] = [
  ['severance', /\btro cap thoi viec\b|\bthoi viec\b.*\bduoc bao nhieu\b/],
  ['job-loss', /\btro cap mat viec( lam)?\b/],
  ['unemployment', /\b(tro cap|bao hiem|bh) that nghiep\b|\bbhtn\b/],
  ['overtime', /\b(luong|tien) (lam them( gio)?|tang ca|ot)\b|\blam them gio\b|\btang ca\b/],
  ['retirement', /\b(tuoi|ngay|thoi diem) (nghi huu|ve huu)\b|\bkhi nao (duoc )?(nghi|ve) huu\b/],
  ['annual-leave', /\b(ngay )?phep nam\b|\bso ngay phep\b/],
  ['maternity', /\b(tien|che do|tro cap) thai san\b/],
  ['si-lump-sum', /\b(bhxh|bao hiem xa hoi) (1|mot) lan\b/],
  ['sick-pay', /\b(tien|che do) om dau\b|\bnghi om\b/],
];

const VERB_ACCENTED = /(^|\s)tính(\s|$)/;
const VERB_FOLDED = /\b(tinh (giup|ho|dum|thu|xem|cho|gium|giu)|tinh (tro cap|tien|luong|tuoi|ngay|so|bhxh|bao hiem|che do))\b|\b(calculate|compute)\b/;

/** The calculator the worker asks to run, or undefined. */
export function calculatorRequested(text: string): string | undefined {
  const clean = cleanText(text);
  const folded = foldKey(text);
  if (!VERB_ACCENTED.test(clean) && !VERB_FOLDED.test(folded)) return undefined;
  return TOPICS.find(([, pattern]) => pattern.test(folded))?.[0];
}
