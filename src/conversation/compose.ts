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

export function composeAnswer(entry: Entry, ctx: ComposeContext): { text: string; citations: string[] } {
  const useEnglish = ctx.locale === 'en' && entry.en;
  const body = renderTemplate(useEnglish ? entry.en!.answer : entry.answer, ctx);
  const citations = entry.citations.map((c) => citationLabel(c, ctx.locale));
  const lines = [body, '', `${ctx.t('sourcesLabel')}: ${citations.join('; ')}.`, `${ctx.t('checkedLabel')}: ${displayDate(entry.lastChecked)}.`];
  if (entry.citations.some((c) => c.status === 'corroborated')) lines.push(ctx.t('corroboratedNote'));
  if (entry.personalNote) lines.push(ctx.t('personalNote'));
  return { text: lines.join('\n'), citations };
}

export function composeMore(entry: Entry, ctx: ComposeContext): string | undefined {
  const template = ctx.locale === 'en' && entry.en?.more ? entry.en.more : entry.more;
  return template ? renderTemplate(template, ctx) : undefined;
}
