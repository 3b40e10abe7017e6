/**
 * The web chat: anyone can talk to the bot in a browser, without Facebook.
 * Same conversation core as Messenger; the visitor is recognised by an HttpOnly cookie.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { localeResources, type Locale } from '../../i18n.js';
import type { WebChatLimits } from '../../config.js';
import { conversationId } from '../../conversation/ids.js';
import type { Inbound } from '../../conversation/respond.js';
import type { ConversationService } from '../../conversation/service.js';
import { RateLimiter, type RateDecision } from '../../server/rate-limit.js';
import { API_ERRORS, ApiError } from '../../server/errors.js';
import { jsonBody, parseBody } from '../../server/json-body.js';

const publicDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const COOKIE = 'tlcd_chat';
const MAX_TEXT = 2000;

/**
 * A message from the page: typed text or a quick reply's payload (at least one), in the page's language.
 * Over-long text is cut rather than refused (a pasted letter still gets an answer); a language this
 * server does not know falls back to the default, as an unknown field is ignored.
 */
const messageBody = z
  .object({
    text: z
      .string({ invalid_type_error: 'text must be a string' })
      .transform((t) => t.slice(0, MAX_TEXT))
      .optional(),
    payload: z
      .string({ invalid_type_error: 'payload must be a string' })
      .transform((p) => p.slice(0, 1000))
      .optional(),
    lang: z.enum(['vi', 'en']).optional().catch(undefined),
  })
  .refine((b) => b.text || b.payload, { message: 'give "text" or "payload"', path: ['text'] });

/** The visitor id from the cookie (parsed by cookie-parser), when there is a well-formed one; anything else counts as no cookie. */
function knownVisitor(req: Request): string | undefined {
  const id: unknown = req.cookies?.[COOKIE];
  return typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id) ? id : undefined;
}

function visitorId(req: Request, res: Response): string {
  const known = knownVisitor(req);
  if (known) return known;
  const fresh = randomUUID();
  res.cookie(COOKIE, fresh, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600_000, secure: req.secure });
  return fresh;
}

/** 429 with a message the page shows as is, in the page's language, and Retry-After. */
function tooMany(res: Response, locale: Locale, key: 'rateLimited' | 'handoffLimited', decision: RateDecision): void {
  const web = (localeResources(locale).web ?? {}) as Record<string, string>;
  res.setHeader('Retry-After', String(decision.retryAfterSeconds));
  res.status(429).json({
    error: {
      code: key === 'rateLimited' ? 'RATE_LIMITED' : 'HANDOFF_LIMITED',
      message: web[key] ?? 'Too many requests; try again later.',
      retryAfterSeconds: decision.retryAfterSeconds,
    },
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A hand-off refused by the per-address limit, before anything was stored. */
class HandoffLimited extends Error {
  constructor(readonly decision: RateDecision) {
    super('hand-off limit reached');
  }
}

export function renderChatPage(locale: Locale): string {
  const strings = localeResources(locale);
  const web = (strings.web ?? {}) as Record<string, string>;
  const template = fs.readFileSync(path.join(publicDir, 'index.html'), 'utf8');
  // {{key}}: a string of the page ("web"); {{group.key}}: one from elsewhere in the locale (the news button).
  const lookup = (key: string): string => {
    if (key === 'lang') return locale;
    if (!key.includes('.')) return web[key] ?? '';
    const [group, name] = key.split('.', 2) as [string, string];
    const value = (strings[group] as Record<string, unknown> | undefined)?.[name];
    return typeof value === 'string' ? value : '';
  };
  return template.replace(/\{\{([\w.]+)\}\}/g, (_m, key: string) => escapeHtml(lookup(key)));
}

export function webChatRouter(service: ConversationService, defaultLocale: Locale, limits: WebChatLimits): Router {
  const router = express.Router();
  // Per visitor cookie and per address; new conversations and hand-offs to staff per address.
  const perVisitor = new RateLimiter(limits.messagesPerMinute, 60_000);
  const perAddress = new RateLimiter(limits.messagesPerMinutePerAddress, 60_000);
  const pollsPerAddress = new RateLimiter(limits.messagesPerMinutePerAddress * 5, 60_000);
  const newConversations = new RateLimiter(limits.newConversationsPerHour, 3600_000);
  const handoffs = new RateLimiter(limits.handoffsPerHour, 3600_000);
  const address = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const page = { vi: renderChatPage('vi'), en: renderChatPage('en') };
  router.use(cookieParser());
  router.use('/static', express.static(publicDir, { index: false, maxAge: '1h' }));
  router.get('/', (req, res) => {
    visitorId(req, res);
    const locale: Locale = req.query.lang === 'en' ? 'en' : req.query.lang === 'vi' ? 'vi' : defaultLocale;
    res.type('html').send(page[locale]);
  });

  router.post('/api/chat/message', jsonBody('16kb'), async (req, res) => {
    if (!req.is('application/json')) throw new ApiError(API_ERRORS.UNSUPPORTED_MEDIA_TYPE);
    const { text, payload, lang: locale } = parseBody(messageBody, req.body);
    const pageLocale = locale ?? defaultLocale;
    const ip = address(req);
    const known = knownVisitor(req);
    const rate = known ? perVisitor.hitAll([`v:${known}`, `a:${ip}`], [perVisitor, perAddress]) : perAddress.hit(`a:${ip}`);
    if (!rate.ok) return tooMany(res, pageLocale, 'rateLimited', rate);
    const stored = known ? await service.conversation(conversationId('web', known)) : undefined;
    if (!stored) {
      // Nothing stored yet for a refused visitor: no cookie, no conversation.
      const fresh = newConversations.hit(`a:${ip}`);
      if (!fresh.ok) return tooMany(res, pageLocale, 'rateLimited', fresh);
    }
    const userId = visitorId(req, res);
    if (!known) perVisitor.hit(`v:${userId}`); // a new visitor's first message counts too
    const inbound: Inbound = { channel: 'web', userId, ...(text ? { text } : {}), ...(payload ? { payload } : {}), ...(locale ? { locale } : {}) };
    let handled: Awaited<ReturnType<typeof service.handle>>;
    try {
      handled = await service.handle(
        inbound,
        {},
        {
          // This message would put the conversation in the staff queue: at most so many per address.
          beforeHandoff: () => {
            const handoff = handoffs.hit(`a:${ip}`);
            if (!handoff.ok) throw new HandoffLimited(handoff);
          },
        },
      );
    } catch (err) {
      if (err instanceof HandoffLimited) return tooMany(res, pageLocale, 'handoffLimited', err.decision);
      throw err;
    }
    const { result, conversation } = handled;
    const total = (await service.transcript(conversation.id, 100_000)).length;
    res.json({ ...result, text: result.messages.map((m) => m.text).join('\n\n'), owner: conversation.owner, total });
  });

  router.get('/api/chat/messages', async (req, res) => {
    const poll = pollsPerAddress.hit(`a:${address(req)}`);
    if (!poll.ok) return tooMany(res, req.query.lang === 'en' ? 'en' : defaultLocale, 'rateLimited', poll);
    const userId = visitorId(req, res);
    const after = Math.max(0, Number(req.query.after) || 0);
    const id = conversationId('web', userId);
    const all = await service.transcript(id, 100_000);
    const conversation = await service.conversation(id);
    res.json({
      owner: conversation?.owner ?? 'bot',
      total: all.length,
      // An officer's public name goes with their replies when they chose one (never their account name).
      messages: all.slice(after).map((m) => ({
        author: m.author,
        text: m.text,
        at: m.at,
        ...(m.author === 'staff' && m.staffName ? { staffName: m.staffName } : {}),
        // buttons that came with a bot message sent outside a turn (the rating after a resolve)
        ...(m.author === 'bot' && m.quickReplies?.length ? { quickReplies: m.quickReplies } : {}),
      })),
    });
  });
  return router;
}
