/**
 * The current news and programmes as the bot says them in a chat (web chat and Messenger alike): at most
 * MAX_CHAT_ITEMS, newest first, each its title, one line of its text and its link; then where to see them
 * all. With nothing current, the bot says so and points only to what the union configured (its Page, its
 * hotline): never an invented address or number.
 */
import type { OrganisationConfig } from '../config.js';
import { translator, type Locale } from '../i18n.js';
import type { NewsItem } from '../storage/types.js';
import { MAX_CHAT_ITEMS, newestFirst } from './rules.js';

/** A chat line is cut here (on a word) so an item takes about three lines of a phone. */
const LINE_LENGTH = 120;

export interface NewsChatContext {
  locale: Locale;
  organisation: OrganisationConfig;
  /** the public list (PUBLIC_BASE_URL + /tin-tuc), when the bot's public address is configured */
  listUrl?: string;
}

/** YYYY-MM-DD as people in Vietnam write it: 31/12/2026. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** The first line of a text, cut on a word to `max` characters with an ellipsis. */
export function oneLine(text: string, max = LINE_LENGTH): string {
  const first = text.trim().split(/\n/)[0]!.replace(/\s+/g, ' ').trim();
  const chars = [...first];
  if (chars.length <= max) return first;
  const cut = chars.slice(0, max - 1).join('');
  const atSpace = cut.lastIndexOf(' ');
  return `${(atSpace >= max / 2 ? cut.slice(0, atSpace) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

/** The chat text for these items (already the current ones); the "nothing current" text for none. */
export function newsChatText(items: NewsItem[], context: NewsChatContext): string {
  const t = translator(context.locale);
  const org = context.organisation;
  const orgName = org.name;
  if (items.length === 0) {
    const where = [org.pageUrl ? t('news.chat.page', { url: org.pageUrl }) : '', org.hotline ? t('news.chat.hotline', { hotline: org.hotline }) : ''].filter(
      Boolean,
    );
    return [t('news.chat.none', { orgName }), ...(where.length ? where : [t('news.chat.askStaff')])].join('\n');
  }
  const shown = newestFirst(items).slice(0, MAX_CHAT_ITEMS);
  const blocks = shown.map((item) => {
    const until = item.validUntil ? ` ${t('news.chat.until', { day: formatDay(item.validUntil) })}` : '';
    const lines = [`• ${t(`news.kind.${item.kind}`)}: ${item.title}${until}`, oneLine(item.body)];
    if (item.link) lines.push(item.link);
    return lines.join('\n');
  });
  const all = context.listUrl ?? (org.pageUrl || undefined);
  const footer = items.length > shown.length || all ? [all ? t('news.chat.all', { url: all }) : t('news.chat.more', { n: items.length - shown.length })] : [];
  return [t('news.chat.header', { orgName }), ...blocks, ...footer].join('\n\n');
}
