/**
 * The web chat: anyone can talk to the bot in a browser, without Facebook.
 * Same conversation core as Messenger; the visitor is recognised by an HttpOnly cookie.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, type Router } from 'express';
import { localeResources, type Locale } from '../../i18n.js';
import type { ConversationService } from '../../conversation/service.js';
import { API_ERRORS, ApiError } from '../../server/errors.js';
import { jsonBody } from '../../server/json-body.js';

const publicDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const COOKIE = 'tlcd_chat';
const MAX_TEXT = 2000;

function visitorId(req: Request, res: Response): string {
  const raw = req.headers.cookie ?? '';
  const match = raw.split(/;\s*/).map((c) => c.split('=')).find(([k]) => k === COOKIE);
  const id = match?.[1];
  if (id && /^[0-9a-f-]{36}$/.test(id)) return id;
  const fresh = randomUUID();
  res.append('Set-Cookie', `${COOKIE}=${fresh}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000${req.secure ? '; Secure' : ''}`);
  return fresh;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderChatPage(locale: Locale): string {
  const web = (localeResources(locale).web ?? {}) as Record<string, string>;
  const template = fs.readFileSync(path.join(publicDir, 'index.html'), 'utf8');
  return template.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => escapeHtml(key === 'lang' ? locale : web[key] ?? ''));
}

export function webChatRouter(service: ConversationService, defaultLocale: Locale): Router {
  const router = express.Router();
  const page = { vi: renderChatPage('vi'), en: renderChatPage('en') };
  router.use('/static', express.static(publicDir, { index: false, maxAge: '1h' }));
  router.get('/', (req, res) => {
    visitorId(req, res);
    const locale: Locale = req.query.lang === 'en' ? 'en' : req.query.lang === 'vi' ? 'vi' : defaultLocale;
    res.type('html').send(page[locale]);
  });

  router.post('/api/chat/message', jsonBody('16kb'), async (req, res) => {
    if (!req.is('application/json')) throw new ApiError(API_ERRORS.UNSUPPORTED_MEDIA_TYPE);
    const body = req.body as { text?: unknown; payload?: unknown; lang?: unknown };
    const text = typeof body.text === 'string' ? body.text.slice(0, MAX_TEXT) : undefined;
    const payload = typeof body.payload === 'string' ? body.payload.slice(0, 1000) : undefined;
    if (!text && !payload) throw new ApiError(API_ERRORS.BAD_REQUEST, 'Give "text" or "payload".');
    const userId = visitorId(req, res);
    const locale: Locale | undefined = body.lang === 'en' || body.lang === 'vi' ? body.lang : undefined;
    const { result, conversation } = await service.handle({ channel: 'web', userId, ...(text ? { text } : {}), ...(payload ? { payload } : {}), ...(locale ? { locale } : {}) });
    const total = (await service.storage.listMessages(conversation.id, 100_000)).length;
    res.json({ ...result, text: result.messages.map((m) => m.text).join('\n\n'), owner: conversation.owner, total });
  });

  router.get('/api/chat/messages', async (req, res) => {
    const userId = visitorId(req, res);
    const after = Math.max(0, Number(req.query.after) || 0);
    const id = `web:${userId}`;
    const all = await service.storage.listMessages(id, 100_000);
    const conversation = await service.storage.getConversation(id);
    res.json({
      owner: conversation?.owner ?? 'bot',
      total: all.length,
      messages: all.slice(after).map((m) => ({ author: m.author, text: m.text, at: m.at })),
    });
  });
  return router;
}
