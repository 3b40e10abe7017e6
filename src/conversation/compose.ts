/** Turn a knowledge-base entry into what the worker reads: the answer, its legal basis, its date. */
import type { TFunction } from 'i18next';
import type { OrganisationConfig } from '../config.js';
import type { Locale } from '../i18n.js';
import { renderTemplate } from '../knowledge-base/template.js';
import type { Citation, Entry, Figure } from '../knowledge-base/types.js';

export interface ComposeContext {
  day: string;
  figures: Map<string, Figure>;
  organisation: OrganisationConfig;
  locale: Locale;
  t: TFunction;
}

export function citationLabel(c: Citation, locale: Locale): string {
  const parts = [c.law];
  if (locale === 'en') {
    if (c.article) parts.push(`Article ${c.article}${c.clause ? `(${c.clause})` : ''}${c.point ? `(${c.point})` : ''}`);
  } else {
    if (c.article) parts.push(`Điều ${c.article}${c.clause ? ` khoản ${c.clause}` : ''}${c.point ? ` điểm ${c.point}` : ''}`);
  }
  return parts.join(', ');
}

/** 2026-11-26 → 26/11/2026 */
export function displayDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

export function entryTitle(entry: Entry, locale: Locale): string {
  return locale === 'en' && entry.en ? entry.en.title : entry.title;
}

/**
 * The legal basis in one line, each law named once with its articles merged and ranges collapsed:
 * "Bộ luật Lao động 45/2019/QH14: Điều 41, 46; Nghị định 145/2020/NĐ-CP: Điều 8". A law cited for
 * eight clauses of one article used to take eight names; on a phone that pushed the answer off screen.
 */
export function compactCitations(citations: Citation[], locale: Locale): string {
  const byLaw = new Map<string, Set<string>>();
  for (const c of citations) {
    const name = shortLawName(c.law);
    const articles = byLaw.get(name) ?? new Set<string>();
    if (c.article) articles.add(c.article);
    byLaw.set(name, articles);
  }
  const word = locale === 'en' ? (n: number) => (n > 1 ? 'Articles' : 'Article') : () => 'Điều';
  return [...byLaw]
    .map(([law, articles]) => {
      const list = mergeArticles([...articles]);
      return list.length > 0 ? `${law}: ${word(articles.size)} ${list.join(', ')}` : law;
    })
    .join('; ');
}

/** The instruments cited most, by number, and what a worker reads for them. */
const SHORT_NAMES: Record<string, string> = {
  '45/2019/QH14': 'Bộ luật Lao động 2019',
  '41/2024/QH15': 'Luật BHXH 2024',
  '25/2008/QH12': 'Luật BHYT',
  '51/2024/QH15': 'Luật BHYT',
  '84/2015/QH13': 'Luật ATVSLĐ 2015',
  '74/2025/QH15': 'Luật Việc làm 2025',
  '50/2024/QH15': 'Luật Công đoàn 2024',
};
const INSTRUMENT = /(\d+)\/(\d{4})\/([A-ZĐ0-9-]+)/;
const KIND: [RegExp, string][] = [
  [/^Nghị định/i, 'NĐ'],
  [/^Nghị quyết/i, 'NQ'],
  [/^Thông tư/i, 'TT'],
  [/^Quyết định/i, 'QĐ'],
];

/**
 * A law's name as a worker reads it in the one-line legal basis: "Luật BHXH 2024", "NĐ 145/2020".
 * The full name stays in the citation (the JSON output, the console, the knowledge-base files); the
 * different spellings of one law in different entries become one name.
 */
export function shortLawName(law: string): string {
  const m = INSTRUMENT.exec(law);
  if (!m) return law;
  const number = `${m[1]}/${m[2]}/${m[3]}`;
  const known = SHORT_NAMES[number];
  if (known) return known;
  const kind = KIND.find(([re]) => re.test(law.trim()));
  if (kind) return `${kind[1]} ${m[1]}/${m[2]}`;
  if (/^Luật/i.test(law.trim())) return `Luật ${number}`;
  return law.length <= 40 ? law : number;
}

/** ["46", "41", "39", "40", "9"] → ["9", "39–41", "46"]; non-numeric article names kept as written. */
export function mergeArticles(articles: string[]): string[] {
  const numbers = [...new Set(articles.filter((a) => /^\d+$/.test(a)).map(Number))].sort((a, b) => a - b);
  const others = articles.filter((a) => !/^\d+$/.test(a));
  const out: string[] = [];
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    out.push(j - i >= 2 ? `${numbers[i]}–${numbers[j]}` : j > i ? `${numbers[i]}, ${numbers[j]}` : `${numbers[i]}`);
    i = j + 1;
  }
  return [...out.flatMap((x) => x.split(', ')), ...others];
}

export function composeAnswer(entry: Entry, ctx: ComposeContext): { text: string; citations: string[] } {
  const useEnglish = ctx.locale === 'en' && entry.en;
  const body = renderTemplate(useEnglish ? entry.en!.answer : entry.answer, ctx);
  const citations = entry.citations.map((c) => citationLabel(c, ctx.locale));
  const lines = [body, ''];
  // Whom the rule covers, when that is a condition: a freelancer must not read an employee-only rule as theirs.
  if (entry.appliesTo && entry.appliesTo.length > 0) {
    lines.push(`${ctx.t('appliesTo.label')}: ${entry.appliesTo.map((k) => ctx.t(`appliesTo.${k}`)).join(', ')}.`);
  }
  lines.push(`${ctx.t('sourcesLabel')}: ${compactCitations(entry.citations, ctx.locale)}.`, `${ctx.t('checkedLabel')}: ${displayDate(entry.lastChecked)}.`);
  if (entry.citations.some((c) => c.status === 'corroborated')) lines.push(ctx.t('corroboratedNote'));
  if (entry.personalNote) lines.push(ctx.t('personalNote'));
  return { text: lines.join('\n'), citations };
}

export function composeMore(entry: Entry, ctx: ComposeContext): string | undefined {
  const template = ctx.locale === 'en' && entry.en?.more ? entry.en.more : entry.more;
  return template ? renderTemplate(template, ctx) : undefined;
}
