/**
 * The staff console: /console (page) and /console/api/* (JSON). Every API route checks sign-in and
 * role; every state-changing one checks the CSRF token. Workers' text is only ever sent as JSON data,
 * and the page inserts it as text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { replyWindow } from '../channels/messenger/window.js';
import { vietnamDay } from '../clock.js';
import type { Config } from '../config.js';
import { composeAnswer } from '../conversation/compose.js';
import type { ConversationEvent } from '../conversation/service.js';
import { EscalationError, type EscalationService } from '../escalation/escalations.js';
import { SendError } from '../escalation/senders.js';
import { localeResources, translator } from '../i18n.js';
import type { KnowledgeBaseProvider } from '../knowledge-base/provider.js';
import { API_ERRORS, ApiError } from '../server/errors.js';
import { jsonBody, parseBody } from '../server/json-body.js';
import type { AuditStore, ConversationRecord, DeadInboxStore, SignalStore, StaffAccount, StaffStore } from '../storage/types.js';
import { ConsoleAuth, newStaffId, type Role } from './auth.js';
import { hashPassword, passwordProblem } from './passwords.js';

const publicDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

export interface ConsoleOptions {
  escalations: EscalationService;
  /** the console's own records: staff accounts and sessions, the audit log, the dead inbox, editors' signals */
  storage: StaffStore & AuditStore & DeadInboxStore & SignalStore;
  kb: KnowledgeBaseProvider;
  config: Config;
  /** called after an admin puts a dead inbox event back (so it is claimed at once, not at the next poll) */
  onInboxRevived?: () => void;
}

// Request bodies, read through parseBody: a missing or wrong field is a 400 BAD_REQUEST naming it.
/** A string field, with messages that say what to give. */
const text = (what: string) => z.string({ required_error: `give ${what}`, invalid_type_error: `${what} must be a string` });
const loginBody = z.object({ username: text('the username').min(1, 'give the username'), password: text('the password').min(1, 'give the password') });
const assignBody = z.object({ staffId: text('the staff id').min(1, 'give the staff id') });
// The limit counts what staff typed; surrounding spaces are then cut and an empty reply refused.
const replyBody = z.object({ text: text('the text').max(4000, 'at most 4000 characters').trim().min(1, 'give the text') });
const newStaffBody = z.object({
  username: text('a username')
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,40}$/, '3–40 of a-z 0-9 . _ -'),
  role: z.enum(['staff', 'editor', 'admin'], { errorMap: () => ({ message: 'staff, editor or admin' }) }),
  password: text('a password').superRefine((password, ctx) => {
    const problem = passwordProblem(password);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  }),
  displayName: text('the display name').optional(),
});
const deadItemBody = z.object({ eventId: text('the event id').min(1, 'give the event id').max(300, 'at most 300 characters') }).strict();

export function publicAccount(a: StaffAccount) {
  return { id: a.id, username: a.username, displayName: a.displayName, role: a.role };
}

function mapEscalationError(err: unknown): never {
  if (err instanceof EscalationError) throw new ApiError(err.code === 'NOT_FOUND' ? API_ERRORS.NOT_FOUND : API_ERRORS.CONFLICT, err.message);
  if (err instanceof SendError && err.reason === 'window_closed') throw new ApiError(API_ERRORS.WINDOW_CLOSED, `Closed at ${err.closedAt}.`);
  if (err instanceof SendError) throw new ApiError(API_ERRORS.SEND_FAILED, err.message);
  throw err;
}

export function consoleRouter(options: ConsoleOptions): Router {
  const { escalations, storage, kb, config } = options;
  const service = escalations.conversations;
  const clock = service.clock;
  const auth = new ConsoleAuth(storage, clock);
  const router = express.Router();
  const json = jsonBody('32kb');
  const need = (role: Role) => auth.require(role);

  router.use('/console', cookieParser(), auth.load());
  router.use('/console/static', express.static(publicDir, { index: false, maxAge: '1h' }));
  router.get('/console', (_req, res) => {
    res.type('html').send(fs.readFileSync(path.join(publicDir, 'index.html'), 'utf8'));
  });
  router.get('/console/api/i18n', (req, res) => {
    const locale = req.query.lang === 'en' ? 'en' : 'vi';
    res.json({ locale, strings: localeResources(locale).console ?? {} });
  });

  router.post('/console/api/login', json, async (req, res) => {
    const { username, password } = parseBody(loginBody, req.body);
    const { account, session } = await auth.signIn(req, res, username, password);
    res.json({ account: publicAccount(account), csrfToken: session.csrfToken });
  });
  router.post('/console/api/logout', need('staff'), async (req, res) => {
    await auth.signOut(req, res);
    res.json({ ok: true });
  });
  router.get('/console/api/me', need('staff'), (req, res) => {
    res.json({ account: publicAccount(req.staff!.account), csrfToken: req.staff!.session.csrfToken });
  });

  const view = (c: ConversationRecord, lastWorkerText?: string) => ({
    id: c.id,
    channel: c.channel,
    userId: c.userId,
    owner: c.owner,
    urgent: c.urgent,
    handoffReason: c.handoffReason ?? null,
    assignedTo: c.assignedTo ?? null,
    waitingSince: c.waitingSince ?? null,
    lastUserMessageAt: c.lastUserMessageAt ?? null,
    window: c.channel === 'messenger' ? replyWindow(c.lastUserMessageAt, clock.now()) : { kind: 'web' },
    ...(lastWorkerText !== undefined ? { preview: lastWorkerText } : {}),
  });

  router.get('/console/api/queue', need('staff'), async (_req, res) => {
    const items = await escalations.queue();
    const out = [];
    for (const item of items) {
      const last = (await service.transcript(item.conversation.id, 20)).filter((m) => m.author === 'worker').at(-1);
      out.push({ ...view(item.conversation, last?.text ?? ''), waitingMs: item.waitingMs });
    }
    res.json({ now: clock.now().toISOString(), items: out });
  });

  router.get('/console/api/conversations/:id', need('staff'), async (req, res) => {
    const id = String(req.params.id);
    const conversation = await service.conversation(id);
    if (!conversation) throw new ApiError(API_ERRORS.NOT_FOUND);
    const messages = await service.transcript(id, 1000);
    const snapshot = kb.current();
    const matched = [...new Set(messages.map((m) => m.entryId).filter((e): e is string => Boolean(e)))].map((entryId) => ({
      entryId,
      title: snapshot.kb.byId.get(entryId)?.title ?? entryId,
    }));
    res.json({
      conversation: view(conversation),
      messages: messages.map((m) => ({
        author: m.author,
        text: m.text,
        at: m.at,
        outcome: m.outcome ?? null,
        entryId: m.entryId ?? null,
        confidence: m.confidence ?? null,
        staffId: m.staffId ?? null,
      })),
      matched,
      ownership: await service.ownershipHistory(id),
    });
  });

  const act = (name: string, run: (req: Request, id: string) => Promise<unknown>) =>
    router.post(`/console/api/conversations/:id/${name}`, need('staff'), json, async (req, res) => {
      try {
        const result = await run(req, String(req.params.id));
        res.json(result ?? { ok: true });
      } catch (err) {
        mapEscalationError(err);
      }
    });
  act('take', async (req, id) => ({ conversation: view(await escalations.take(id, req.staff!.account)) }));
  act('assign', async (req, id) => {
    const { staffId } = parseBody(assignBody, req.body);
    const assignee = await storage.getStaff(staffId);
    if (!assignee) throw new ApiError(API_ERRORS.BAD_REQUEST, 'staffId: no such account');
    return { conversation: view(await escalations.assign(id, assignee, req.staff!.account)) };
  });
  act('reply', async (req, id) => {
    const { text } = parseBody(replyBody, req.body);
    const { conversation, via } = await escalations.reply(id, req.staff!.account, text);
    return { conversation: view(conversation), via };
  });
  act('resolve', async (req, id) => ({ conversation: view(await escalations.resolve(id, req.staff!.account)) }));

  router.get('/console/api/staff', need('staff'), async (_req, res) => {
    res.json({ staff: (await storage.listStaff()).filter((s) => !s.disabled).map(publicAccount) });
  });
  router.post('/console/api/staff', need('admin'), json, async (req, res) => {
    const { username, role, password, displayName } = parseBody(newStaffBody, req.body);
    if (await storage.getStaffByUsername(username)) throw new ApiError(API_ERRORS.CONFLICT, 'That username exists.');
    const account: StaffAccount = {
      id: newStaffId(),
      username,
      displayName: displayName?.trim() ? displayName.trim().slice(0, 80) : username,
      role,
      passwordHash: await hashPassword(password),
      createdAt: clock.now().toISOString(),
    };
    await storage.createStaff(account);
    await storage.audit({
      at: clock.now().toISOString(),
      staffId: req.staff!.account.id,
      action: 'create_staff',
      target: account.id,
      detail: `${username} (${role})`,
    });
    res.status(201).json({ account: publicAccount(account) });
  });
  router.get('/console/api/audit', need('admin'), async (_req, res) => {
    res.json({ events: await storage.listAudit(500) });
  });
  /** Messenger events that failed for good (admins): see why, then retry or drop each. */
  router.get('/console/api/inbox/dead', need('admin'), async (_req, res) => {
    const items = await storage.listDeadInbound(500);
    res.json({
      count: await storage.countDeadInbound(),
      items: items.map((d) => ({
        eventId: d.eventId,
        conversationId: d.conversationId,
        receivedAt: d.receivedAt,
        failedAt: d.failedAt,
        attempts: d.attempts,
        error: d.error,
        payload: d.payload.slice(0, 4000),
      })),
    });
  });
  const deadAction = (name: 'retry' | 'drop', run: (eventId: string) => Promise<boolean>) =>
    router.post(`/console/api/inbox/dead/${name}`, need('admin'), json, async (req, res) => {
      const { eventId } = parseBody(deadItemBody, req.body);
      if (!(await run(eventId))) throw new ApiError(API_ERRORS.NOT_FOUND, 'No dead event with that id.');
      await storage.audit({ at: clock.now().toISOString(), staffId: req.staff!.account.id, action: `inbox_${name}`, target: eventId });
      res.json({ ok: true });
    });
  deadAction('retry', async (eventId) => {
    const revived = await storage.reviveDeadInbound(eventId);
    if (revived) options.onInboxRevived?.();
    return revived;
  });
  deadAction('drop', (eventId) => storage.dropDeadInbound(eventId));

  router.get('/console/api/unanswered', need('editor'), async (_req, res) => {
    res.json({ questions: await storage.listUnanswered(500), feedback: await storage.listFeedback(500) });
  });

  /** Knowledge-base answers staff can start a reply from. */
  router.get('/console/api/kb/search', need('staff'), (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 500) : '';
    const snapshot = kb.current();
    const ctx = { day: vietnamDay(clock.now()), figures: snapshot.kb.figures, organisation: config.organisation, locale: 'vi' as const, t: translator('vi') };
    const hits = q
      ? snapshot.matcher
          .match(q)
          .candidates.slice(0, 5)
          .map((c) => c.entryId)
      : [];
    res.json({
      entries: hits.map((id) => {
        const entry = snapshot.kb.byId.get(id)!;
        return { id, title: entry.title, text: composeAnswer(entry, ctx).text };
      }),
    });
  });

  /** Server-sent events: new escalations, new worker messages, owner changes — no reload needed. */
  router.get('/console/api/events', need('staff'), (req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    const send = (event: ConversationEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    service.events.on('event', send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      service.events.off('event', send);
    });
  });
  return router;
}
