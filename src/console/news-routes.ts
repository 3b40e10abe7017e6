/**
 * News and programmes in the console (issue 16 item 5), for the role `editor` and above: list, create,
 * update, publish, withdraw, delete, and a preview of how the current list reads in the chat. Each change
 * is audited. The rules (validity, limits, https-only links, what is current) live in src/news; the bot and
 * the public page (/tin-tuc) show only what is published and current today — and only when a worker asks.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { vietnamDay, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { newsChatText } from '../news/chat.js';
import { cleanNewsFields, currentNews, NEWS_KINDS, NEWS_LIMITS, newsProblems, newsState, type NewsFields } from '../news/rules.js';
import { API_ERRORS, ApiError } from '../server/errors.js';
import { jsonBody, parseBody } from '../server/json-body.js';
import type { AuditStore, NewsItem, NewsStore } from '../storage/types.js';
import type { ConsoleAuth } from './auth.js';

export interface NewsRouterOptions {
  auth: ConsoleAuth;
  storage: NewsStore & AuditStore;
  clock: Clock;
  config: Config;
}

const field = (what: string) => z.string({ required_error: `give ${what}`, invalid_type_error: `${what} must be a string` });
/** The item's shape (zod); its rules (lengths, days, link) are newsProblems', so the page and the tests see one wording. */
const newsBody = z.object({
  kind: z.enum(NEWS_KINDS, { errorMap: () => ({ message: 'news or programme' }) }),
  title: field('the title').max(NEWS_LIMITS.title * 4),
  body: field('the text').max(NEWS_LIMITS.body * 4),
  link: field('the link')
    .max(NEWS_LIMITS.link * 4)
    .optional(),
  validFrom: field('the first day (YYYY-MM-DD)'),
  validUntil: field('the last day (YYYY-MM-DD)').optional(),
});
const previewBody = z.object({ lang: z.enum(['vi', 'en']).optional().catch(undefined), item: newsBody.optional() });

/** The fields, cleaned, or a 400 naming every problem ("title: at most 80 characters; link: only https:// addresses"). */
function validFields(body: unknown): NewsFields {
  const fields = cleanNewsFields(parseBody(newsBody, body));
  const problems = newsProblems(fields);
  if (problems.length > 0) throw new ApiError(API_ERRORS.BAD_REQUEST, problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  return fields;
}

export function newsRouter(options: NewsRouterOptions): Router {
  const { auth, storage, clock, config } = options;
  const router = express.Router();
  const json = jsonBody('16kb');
  const editor = auth.require('editor');
  const today = () => vietnamDay(clock.now());
  const view = (item: NewsItem) => ({ ...item, state: newsState(item, today()) });
  const audit = (req: Request, action: string, item: NewsItem) =>
    storage.audit({ at: clock.now().toISOString(), staffId: req.staff!.account.id, action, target: item.id, detail: item.title });
  const found = async (id: string) => {
    const item = await storage.getNewsItem(id);
    if (!item) throw new ApiError(API_ERRORS.NOT_FOUND, 'No such news item.');
    return item;
  };

  router.get('/console/api/news', editor, async (_req, res) => {
    res.json({ today: today(), items: (await storage.listNewsItems()).map(view) });
  });

  router.post('/console/api/news', editor, json, async (req, res) => {
    const fields = validFields(req.body);
    const now = clock.now().toISOString();
    // A new item is a draft: nothing reaches workers until an editor publishes it.
    const item: NewsItem = { id: randomUUID(), ...fields, status: 'draft', createdBy: req.staff!.account.id, createdAt: now, updatedAt: now };
    await storage.saveNewsItem(item);
    await audit(req, 'news_create', item);
    res.status(201).json({ item: view(item) });
  });

  /** How the bot would answer "có tin gì mới" today; with `item`, as if that item were the only one. */
  router.post('/console/api/news/preview', editor, json, async (req, res) => {
    const { lang, item } = parseBody(previewBody, req.body);
    const locale = lang ?? 'vi';
    let items: NewsItem[];
    if (item) {
      const fields = validFields(item);
      const now = clock.now().toISOString();
      items = [{ id: 'preview', ...fields, status: 'published', createdBy: req.staff!.account.id, createdAt: now, updatedAt: now }];
    } else items = currentNews(await storage.listNewsItems(), today());
    const base = config.publicBaseUrl;
    const listUrl = base && items.length > 0 ? `${base}${locale === 'en' ? '/news' : '/tin-tuc'}` : undefined;
    res.json({ text: newsChatText(items, { locale, organisation: config.organisation, ...(listUrl ? { listUrl } : {}) }) });
  });

  router.post('/console/api/news/:id', editor, json, async (req, res) => {
    const current = await found(String(req.params.id));
    const fields = validFields(req.body);
    // Replaces every field the form has: an optional one left empty is removed.
    const { link: _link, validUntil: _until, ...kept } = current;
    const item: NewsItem = { ...kept, ...fields, updatedAt: clock.now().toISOString() };
    await storage.saveNewsItem(item);
    await audit(req, 'news_update', item);
    res.json({ item: view(item) });
  });

  router.post('/console/api/news/:id/publish', editor, json, async (req, res) => {
    const current = await found(String(req.params.id));
    if (current.validUntil !== undefined && current.validUntil < today())
      throw new ApiError(API_ERRORS.BAD_REQUEST, `validUntil: the item ended on ${current.validUntil}; change its days first.`);
    const now = clock.now().toISOString();
    const item: NewsItem = { ...current, status: 'published', publishedBy: req.staff!.account.id, publishedAt: now, updatedAt: now };
    await storage.saveNewsItem(item);
    await audit(req, 'news_publish', item);
    res.json({ item: view(item) });
  });

  router.post('/console/api/news/:id/withdraw', editor, json, async (req, res) => {
    const current = await found(String(req.params.id));
    if (current.status !== 'published') throw new ApiError(API_ERRORS.CONFLICT, 'Only a published item can be withdrawn.');
    const item: NewsItem = { ...current, status: 'withdrawn', updatedAt: clock.now().toISOString() };
    await storage.saveNewsItem(item);
    await audit(req, 'news_withdraw', item);
    res.json({ item: view(item) });
  });

  router.post('/console/api/news/:id/delete', editor, json, async (req, res) => {
    const current = await found(String(req.params.id));
    await storage.deleteNewsItem(current.id);
    await audit(req, 'news_delete', current);
    res.json({ ok: true });
  });

  return router;
}
