/**
 * The public list of the union's current news and programmes (issue 16 item 5): /tin-tuc in Vietnamese,
 * /news (or ?lang=en) in English, for the union's Facebook Page to link to. Rendered on the server as
 * escaped HTML — no script, no inline style (the CSP forbids both), nothing from another site, no
 * tracking — and cacheable for a minute, so a link shared on the Page costs one read a minute at most.
 */
import express, { type Router } from 'express';
import { vietnamDay, type Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { translator, type Locale } from '../../i18n.js';
import { formatDay } from '../../news/chat.js';
import { currentNews } from '../../news/rules.js';
import type { NewsItem, NewsStore } from '../../storage/types.js';

export const NEWS_PAGE_PATHS: Record<Locale, string> = { vi: '/tin-tuc', en: '/news' };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** The page for these (current) items. */
export function renderNewsPage(items: NewsItem[], locale: Locale, orgName: string): string {
  const t = translator(locale);
  const e = escapeHtml;
  const other: Locale = locale === 'vi' ? 'en' : 'vi';
  const list = items.map((item) => {
    const dates = item.validUntil
      ? t('news.page.fromUntil', { from: formatDay(item.validFrom), until: formatDay(item.validUntil) })
      : t('news.page.from', { from: formatDay(item.validFrom) });
    // Links are https only (news/rules.ts); they open without telling the other site where the reader came from.
    const link = item.link ? `\n      <p><a href="${e(item.link)}" rel="noopener noreferrer nofollow">${e(t('news.page.more'))}</a></p>` : '';
    return `    <li class="item ${e(item.kind)}">
      <p class="kind">${e(t(`news.kind.${item.kind}`))} · ${e(dates)}</p>
      <h2>${e(item.title)}</h2>
      <p class="body">${e(item.body)}</p>${link}
    </li>`;
  });
  const body = list.length ? `  <ol class="items">\n${list.join('\n')}\n  </ol>` : `  <p class="none">${e(t('news.page.none'))}</p>`;
  return `<!doctype html>
<html lang="${locale}">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>${e(t('news.page.title'))} · ${e(orgName)}</title>
  <link rel="stylesheet" href="/static/news.css" />
</head>
<body>
<main class="news">
  <header>
    <h1>${e(t('news.page.title'))}</h1>
    <p>${e(t('news.page.intro', { orgName }))}</p>
    <p class="lang"><a href="${NEWS_PAGE_PATHS[other]}" hreflang="${other}">${e(t('news.page.otherLanguage'))}</a></p>
  </header>
${body}
  <footer><a href="/${locale === 'en' ? '?lang=en' : ''}">${e(t('news.page.chat'))}</a></footer>
</main>
</body>
</html>
`;
}

export function newsPageRouter(options: { news: Pick<NewsStore, 'listNewsItems'>; clock: Clock; config: Config }): Router {
  const { news, clock, config } = options;
  const router = express.Router();
  const page = (fixed?: Locale) =>
    (async (req, res) => {
      const locale: Locale = fixed ?? (req.query.lang === 'en' ? 'en' : 'vi');
      const items = currentNews(await news.listNewsItems(), vietnamDay(clock.now()));
      // A minute in any cache: a new item shows within a minute; the same for a withdrawn one.
      res.setHeader('Cache-Control', 'public, max-age=60');
      res.type('html').send(renderNewsPage(items, locale, config.organisation.name));
    }) satisfies express.RequestHandler;
  router.get(NEWS_PAGE_PATHS.vi, page());
  router.get(NEWS_PAGE_PATHS.en, page('en'));
  return router;
}
