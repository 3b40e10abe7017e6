/**
 * "tính trợ cấp thôi việc giúp em", "tinh giup em tien lam them gio": a worker asking the bot to compute
 * something the calculators cover. Asking *about* it ("trợ cấp thôi việc là gì") is a question for the
 * knowledge base; asking to *compute* needs the verb in a request ("tính giúp em…", or "tính trợ cấp…" to
 * open the message). Unaccented "tinh" is also "tỉnh" (province): the same rule keeps "em ở tinh…" out.
 */
import { foldKey } from './normalise.js';

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

// A request to compute: "tính giúp/hộ/dùm/thử/xem", "giúp em tính", or a message that starts with "tính" and
// the thing to compute. Not "… tính thế nào / ra sao / cách tính" (how it is calculated: the knowledge base
// answers that, with a "Tính giúp tôi" button), nor "em tính …" (the worker's own sum, to be checked).
const HELP_VERB = /\btinh (giup|ho|dum|gium|thu|xem)\b|\b(giup|ho|dum|gium) (em|toi|minh|con|e|t|chau) tinh\b/;
const STARTS_WITH_VERB = /^((ad|admin|anh|chi) oi,? |chao (ad|admin),? )?tinh (tro cap|tien|luong|tuoi|ngay|so ngay|bhxh|bao hiem|che do|phep)\b/;
const ASKING_HOW = /\b(the nao|ntn|nhu the nao|ra sao|cach tinh|la gi|co dung khong|dung khong)\b/;

/** The calculator the worker asks to run, or undefined. */
export function calculatorRequested(text: string): string | undefined {
  const folded = foldKey(text);
  if (ASKING_HOW.test(folded)) return undefined;
  if (!HELP_VERB.test(folded) && !STARTS_WITH_VERB.test(folded)) return undefined;
  return TOPICS.find(([, pattern]) => pattern.test(folded))?.[0];
}
