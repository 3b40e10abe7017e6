/**
 * Metamorphic checks: wrapping a question the way workers do — a polite opener or closer, where they
 * work, a greeting line, doubled punctuation — must not change what the bot does with it, and must
 * never turn it into a "needs your own records" hand-off. No labels needed: the bot is compared with
 * itself, so every in-scope question of every evaluation set can be used.
 */
import type { Matcher } from '../matching/matcher.js';
import { understand, type UnderstandOptions } from '../matching/understand.js';

/** Each wrapping in the question's own language (an English question gets English courtesy). */
export const WRAPPINGS: { name: string; wrap: (q: string, lang: 'vi' | 'en') => string }[] = [
  { name: 'polite opener', wrap: (q, lang) => (lang === 'en' ? `hi admin, can I ask: ${q}` : `ad ơi cho e hỏi ${q}`) },
  { name: 'polite closer', wrap: (q, lang) => `${q.replace(/[.!?\s]+$/, '')}${lang === 'en' ? '? thank you so much' : ' vậy ad, em cảm ơn ạ'}` },
  { name: 'workplace clause', wrap: (q, lang) => (lang === 'en' ? `I work in a factory in Binh Duong. ${q}` : `e lam cong nhan o binh duong, ${q}`) },
  { name: 'greeting line', wrap: (q, lang) => (lang === 'en' ? `Hello.\n${q}` : `Em chào anh chị ạ.\n${q}`) },
  { name: 'doubled punctuation', wrap: (q) => (/[?!]\s*$/.test(q) ? q.replace(/([?!])\s*$/, '$1$1') : `${q}??`) },
];

export interface MetamorphicResult {
  checked: number;
  kept: number;
  /** turned into a personal-record hand-off by the wrapping */
  madePersonal: number;
  byWrapping: { name: string; checked: number; kept: number }[];
  changed: { wrapping: string; text: string; before: string; after: string }[];
}

const key = (d: { outcome: string; entryId?: string; handoffReason?: string }) =>
  `${d.outcome}${d.entryId ? `:${d.entryId}` : ''}${d.handoffReason ? `:${d.handoffReason}` : ''}`;

export function metamorphic(matcher: Matcher, questions: { q: string; lang: 'vi' | 'en' }[], options: UnderstandOptions = {}): MetamorphicResult {
  const result: MetamorphicResult = {
    checked: 0,
    kept: 0,
    madePersonal: 0,
    byWrapping: WRAPPINGS.map((w) => ({ name: w.name, checked: 0, kept: 0 })),
    changed: [],
  };
  for (const { q, lang } of questions) {
    const before = understand(q, matcher, options).decision;
    WRAPPINGS.forEach((w, i) => {
      const after = understand(w.wrap(q, lang), matcher, options).decision;
      const same = key(before) === key(after);
      result.checked++;
      result.byWrapping[i]!.checked++;
      if (same) {
        result.kept++;
        result.byWrapping[i]!.kept++;
      } else result.changed.push({ wrapping: w.name, text: q, before: key(before), after: key(after) });
      if (after.handoffReason === 'personal_record' && before.handoffReason !== 'personal_record') result.madePersonal++;
    });
  }
  return result;
}

export function metamorphicSummary(r: MetamorphicResult): string {
  const pct = (a: number, b: number) => `${((a / Math.max(1, b)) * 100).toFixed(1)}%`;
  return `${pct(r.kept, r.checked)} of ${r.checked} wrapped questions keep their outcome and entry (${r.byWrapping.map((w) => `${w.name} ${pct(w.kept, w.checked)}`).join(', ')}); turned into a personal-record hand-off: ${r.madePersonal}`;
}
