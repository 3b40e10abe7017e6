/**
 * Union news and programmes (issue 16 item 5), the rules as pure functions: which items are current on a
 * day in Vietnam, what an editor's item must satisfy, and the order they are shown in. Storage keeps the
 * items (NewsStore); the console edits them; the bot and the public page show only the current ones, and
 * only when a worker asks (no message is ever pushed: Messenger allows no promotion outside the 24-hour
 * window, and free recurring notifications no longer exist for Vietnamese Pages).
 */
import type { NewsItem } from '../storage/types.js';

export const NEWS_LIMITS = {
  /** a title fits one line of a phone and a quick look at the list */
  title: 80,
  /** short: the chat shows one line of it, the public page all of it */
  body: 600,
  link: 500,
} as const;

/** At most this many items in one chat answer (a phone screen); the public page lists them all. */
export const MAX_CHAT_ITEMS = 4;

export const NEWS_KINDS = ['news', 'programme'] as const;
export type NewsKind = (typeof NEWS_KINDS)[number];

/** What an editor gives for an item (the server adds id, status, authors and times). */
export interface NewsFields {
  kind: NewsKind;
  title: string;
  body: string;
  link?: string;
  validFrom: string;
  validUntil?: string;
}

/** A validation problem: which field, and what to do about it (shown to the editor as is). */
export interface NewsProblem {
  field: keyof NewsFields;
  message: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written YYYY-MM-DD (not 2026-02-30). */
export function isCalendarDay(day: string): boolean {
  if (!DAY.test(day)) return false;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(day);
}

/** Characters as a person counts them (an emoji or a Vietnamese letter is one). */
const length = (s: string) => [...s].length;

/** Everything wrong with an item, in the order of the form's fields; empty when it may be saved. */
export function newsProblems(fields: NewsFields): NewsProblem[] {
  const problems: NewsProblem[] = [];
  if (!NEWS_KINDS.includes(fields.kind)) problems.push({ field: 'kind', message: 'news or programme' });
  const title = fields.title.trim();
  if (!title) problems.push({ field: 'title', message: 'give the title' });
  else if (length(title) > NEWS_LIMITS.title) problems.push({ field: 'title', message: `at most ${NEWS_LIMITS.title} characters` });
  const body = fields.body.trim();
  if (!body) problems.push({ field: 'body', message: 'give the text' });
  else if (length(body) > NEWS_LIMITS.body) problems.push({ field: 'body', message: `at most ${NEWS_LIMITS.body} characters` });
  if (fields.link !== undefined && fields.link.trim() !== '') {
    const problem = linkProblem(fields.link.trim());
    if (problem) problems.push({ field: 'link', message: problem });
  }
  if (!isCalendarDay(fields.validFrom)) problems.push({ field: 'validFrom', message: 'a day as YYYY-MM-DD' });
  if (fields.validUntil !== undefined && fields.validUntil !== '') {
    if (!isCalendarDay(fields.validUntil)) problems.push({ field: 'validUntil', message: 'a day as YYYY-MM-DD' });
    else if (isCalendarDay(fields.validFrom) && fields.validUntil < fields.validFrom)
      problems.push({ field: 'validUntil', message: 'the last day cannot be before the first day' });
  }
  return problems;
}

/**
 * Links only to https pages: a worker taps them in Messenger, where http is refused or warned about, and
 * a javascript: or data: address must never reach the public page.
 */
function linkProblem(link: string): string | undefined {
  if (length(link) > NEWS_LIMITS.link) return `at most ${NEWS_LIMITS.link} characters`;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return 'a full address starting with https://';
  }
  if (url.protocol !== 'https:') return 'only https:// addresses';
  if (url.username || url.password) return 'no user name or password in the address';
  if (!url.hostname.includes('.')) return 'a full address starting with https://';
  return undefined;
}

/** The fields as they are kept: trimmed, empty optional ones left out. */
export function cleanNewsFields(fields: NewsFields): NewsFields {
  const link = fields.link?.trim();
  const validUntil = fields.validUntil?.trim();
  return {
    kind: fields.kind,
    title: fields.title.replace(/\s+/g, ' ').trim(),
    body: fields.body.trim(),
    ...(link ? { link } : {}),
    validFrom: fields.validFrom.trim(),
    ...(validUntil ? { validUntil } : {}),
  };
}

/**
 * Shown on this Vietnam day (YYYY-MM-DD): published, started, and not yet ended. Both ends count as
 * valid days; an item without a last day runs until it is withdrawn.
 */
export function isCurrent(item: Pick<NewsItem, 'status' | 'validFrom' | 'validUntil'>, day: string): boolean {
  return item.status === 'published' && item.validFrom <= day && (item.validUntil === undefined || day <= item.validUntil);
}

/** Newest first: the latest start, then the latest published (or created). */
export function newestFirst<T extends Pick<NewsItem, 'validFrom' | 'createdAt' | 'publishedAt' | 'id'>>(items: T[]): T[] {
  return [...items].sort(
    (a, b) => b.validFrom.localeCompare(a.validFrom) || (b.publishedAt ?? b.createdAt).localeCompare(a.publishedAt ?? a.createdAt) || a.id.localeCompare(b.id),
  );
}

/** The items shown on this day, newest first. */
export function currentNews(items: NewsItem[], day: string): NewsItem[] {
  return newestFirst(items.filter((item) => isCurrent(item, day)));
}

/** Where the item stands on this day, for the editor's list. */
export function newsState(item: NewsItem, day: string): 'draft' | 'withdrawn' | 'scheduled' | 'current' | 'ended' {
  if (item.status !== 'published') return item.status;
  if (day < item.validFrom) return 'scheduled';
  if (item.validUntil !== undefined && day > item.validUntil) return 'ended';
  return 'current';
}
