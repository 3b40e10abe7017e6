/**
 * The staff console: /console (page) and /console/api/* (JSON). Every API route checks sign-in and
 * role; every state-changing one checks the CSRF token. Workers' text is only ever sent as JSON data,
 * and the page inserts it as text.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { HUMAN_AGENT_WINDOW_MS, replyWindow, STANDARD_WINDOW_MS } from '../channels/messenger/window.js';
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
import type {
  AuditStore,
  CannedReply,
  CaseStore,
  ConversationRecord,
  DeadInboxStore,
  KbStore,
  NewsStore,
  Owner,
  SignalStore,
  StaffAccount,
  StaffStore,
  StateStore,
  TranscriptMessage,
} from '../storage/types.js';
import { adminRouter } from './admin-routes.js';
import { unansweredRouter } from './unanswered-routes.js';
import { ConsoleAuth, hasRole, type Role } from './auth.js';
import { fillPlaceholders, placeholderValues, searchCanned } from './canned.js';
import { CASE_FILTERS, caseDocument, caseOrder, isCase, matchesFilter, readMarkKey, searchCases, unreadCount, workerWords, type CaseFilter } from './cases.js';
import { transcriptText } from './export.js';
import { newsRouter } from './news-routes.js';
import { kbChangesRouter } from './kb-changes-routes.js';
import { vendorRouter } from './vendor-routes.js';
import { kbRouter } from './kb-routes.js';

const publicDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
/** The console's other pages: the knowledge-base editor, the unanswered questions, news, administration. */
export const CONSOLE_PAGES = ['kb', 'unanswered', 'news', 'admin'] as const;

export interface ConsoleOptions {
  escalations: EscalationService;
  /**
   * the console's own records: staff accounts and sessions, the audit log, the dead inbox, editors'
   * signals, case notes and canned replies, officers' read marks (key-value state)
   */
  storage: StaffStore & AuditStore & DeadInboxStore & SignalStore & CaseStore & StateStore & NewsStore & KbStore;
  kb: KnowledgeBaseProvider;
  config: Config;
  /** called after an admin puts a dead inbox event back (so it is claimed at once, not at the next poll) */
  onInboxRevived?: () => void;
}

// Request bodies, read through parseBody: a missing or wrong field is a 400 BAD_REQUEST naming it.
/** A string field, with messages that say what to give. */
const text = (what: string) => z.string({ required_error: `give ${what}`, invalid_type_error: `${what} must be a string` });
const loginBody = z.object({ username: text('the username').min(1, 'give the username'), password: text('the password').min(1, 'give the password') });
const assignBody = z.object({
  staffId: text('the staff id').min(1, 'give the staff id'),
  note: text('the note').max(2000, 'at most 2000 characters').trim().optional(),
});
const noteBody = z.object({
  text: text('the text').max(4000, 'at most 4000 characters').trim().min(1, 'give the text'),
  kind: z.enum(['note', 'call'], { errorMap: () => ({ message: 'note or call' }) }).default('note'),
});
const label = (what: string) => text(what).max(120, 'at most 120 characters').trim().optional();
const labelsBody = z
  .object({ topic: label('the topic'), employer: label('the employer'), workerName: label("the worker's name") })
  .refine((b) => b.topic !== undefined || b.employer !== undefined || b.workerName !== undefined, {
    message: 'give topic, employer or workerName',
    path: ['topic'],
  });
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const resolveBody = z
  .object({
    outcome: z.enum(['answered', 'referred', 'follow_up'], { errorMap: () => ({ message: 'answered, referred or follow_up' }) }).optional(),
    followUpOn: text('the follow-up day')
      .regex(DAY, 'a day as YYYY-MM-DD')
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a day in the calendar')
      .optional(),
  })
  .refine((b) => (b.outcome === 'follow_up') === (b.followUpOn !== undefined), {
    message: 'a follow-up day goes with the outcome follow_up, and only with it',
    path: ['followUpOn'],
  });
const cannedBody = z.object({
  title: text('the title').max(120, 'at most 120 characters').trim().min(1, 'give the title'),
  text: text('the text').max(4000, 'at most 4000 characters').trim().min(1, 'give the text'),
});
/** Query strings: the first value of a parameter, cut to a sane length (a list or nothing reads as ''). */
const queryText = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');
/** The default list is the queue: waiting and held conversations (what /console/api/queue lists). */
type ListFilter = CaseFilter | 'open';
const OWNERS_FOR: Record<ListFilter, Owner[]> = {
  open: ['waiting_staff', 'staff'],
  mine: ['waiting_staff', 'staff'],
  unassigned: ['waiting_staff', 'staff'],
  urgent: ['waiting_staff', 'staff'],
  waiting: ['waiting_staff'],
  resolved: ['resolved', 'bot'],
  all: ['waiting_staff', 'staff', 'resolved', 'bot'],
};
/** At most this many cards in one answer; a search looks through the most recent SEARCH_SCOPE cases. */
const LIST_LIMIT = 200;
const SEARCH_SCOPE = 1000;
// The limit counts what staff typed; surrounding spaces are then cut and an empty reply refused.
const replyBody = z.object({ text: text('the text').max(4000, 'at most 4000 characters').trim().min(1, 'give the text') });
const deadItemBody = z.object({ eventId: text('the event id').min(1, 'give the event id').max(300, 'at most 300 characters') }).strict();

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** A case's text as a printable page (its styles in /console/static/print.css: the CSP allows no inline style). */
function printPage(title: string, text: string): string {
  return `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8" /><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/console/static/print.css" /></head>
<body><p class="hint">Để lưu PDF: bấm In (Ctrl+P) rồi chọn “Lưu dưới dạng PDF”.</p><pre>${escapeHtml(text)}</pre></body>
</html>`;
}

export function publicAccount(a: StaffAccount) {
  return { id: a.id, username: a.username, displayName: a.displayName, role: a.role, ...(a.publicName ? { publicName: a.publicName } : {}) };
}

const publicNameBody = z.object({ publicName: z.string().max(40) }).strict();

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
  router.use(adminRouter({ auth, storage, clock, config })); // accounts, audit log, retention; /console/reset (admin-routes.ts)
  router.use(unansweredRouter({ auth, escalations, storage, kb, clock })); // the learning loop: grouped unanswered questions, usage, mark-wrong
  router.use(kbChangesRouter({ auth, kb, config, clock }), vendorRouter()); // what changes on a date; fuse.js for the editor's search
  router.use(newsRouter({ auth, storage, clock, config })); // news and programmes for editors (news-routes.ts)
  router.use(kbRouter({ auth, storage, kb, config, clock })); // the knowledge-base editor: drafts, review, publish (kb-routes.ts)
  router.use('/console/static', express.static(publicDir, { index: false, maxAge: '1h' }));
  router.get('/console', (_req, res) => {
    res.type('html').send(fs.readFileSync(path.join(publicDir, 'index.html'), 'utf8'));
  });
  // The pages beyond the case inbox (public/<page>.html, scripts sharing public/common.js). Each loads
  // its data from /console/api, where every route checks the role; the page itself holds no data.
  for (const page of CONSOLE_PAGES) {
    router.get(`/console/${page}`, (_req, res) => {
      res.type('html').send(fs.readFileSync(path.join(publicDir, `${page}.html`), 'utf8'));
    });
  }
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
  /** An officer sets (or clears, with "") the name workers see with their replies. */
  router.post('/console/api/me/public-name', need('staff'), json, async (req, res) => {
    const { publicName } = parseBody(publicNameBody, req.body);
    const name = publicName.replace(/\s+/g, ' ').trim();
    const current = (await storage.getStaff(req.staff!.account.id))!;
    const next: StaffAccount = { ...current };
    if (name) next.publicName = name;
    else delete next.publicName;
    await storage.updateStaff(next);
    await storage.audit({ at: clock.now().toISOString(), staffId: current.id, action: 'public_name', target: current.id, detail: name || '(none)' });
    res.json({ account: publicAccount(next) });
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
    // Both of Messenger's deadlines, so the console can count down each (window.ts has the rule).
    windows:
      c.channel === 'messenger' && c.lastUserMessageAt
        ? {
            standardClosesAt: new Date(Date.parse(c.lastUserMessageAt) + STANDARD_WINDOW_MS).toISOString(),
            humanAgentClosesAt: new Date(Date.parse(c.lastUserMessageAt) + HUMAN_AGENT_WINDOW_MS).toISOString(),
          }
        : null,
    labels: c.labels ?? {},
    resolution: c.resolution ?? null,
    // What the worker told the bot while waiting (employer, province, problem, dates; '' = skipped).
    intake: c.intake ?? null,
    updatedAt: c.updatedAt,
    ...(lastWorkerText !== undefined ? { preview: lastWorkerText } : {}),
  });

  router.get('/console/api/queue', need('staff'), async (_req, res) => {
    await escalations.bringBackFollowUps();
    const items = await escalations.queue();
    const out = [];
    for (const item of items) {
      // The worker's own words, not the last button they tapped ("Hỏi cán bộ").
      out.push({ ...view(item.conversation, workerWords(await service.transcript(item.conversation.id, 20))), waitingMs: item.waitingMs });
    }
    res.json({ now: clock.now().toISOString(), items: out });
  });

  /** The dashboard (issue 17 item 5): every role may read it; computed by the escalation service on request. */
  router.get('/console/api/dashboard', need('staff'), async (req, res) => {
    const days = req.query.days === undefined ? 30 : Number(req.query.days);
    if (!Number.isInteger(days) || days < 1 || days > 366) throw new ApiError(API_ERRORS.BAD_REQUEST, 'days: a whole number from 1 to 366');
    res.json(await escalations.dashboard(config.officeHours, days));
  });

  /**
   * The case list: a filter (open — the queue —, mine, unassigned, urgent, waiting, resolved, all) and a
   * search (q) over the worker's words, staff replies and notes, labels and the worker's id; each card
   * with the hand-off reason, the worker's own words and the signed-in officer's unread count.
   */
  router.get('/console/api/conversations', need('staff'), async (req, res) => {
    const filterText = queryText(req.query.filter, 20) || 'open';
    if (!(filterText === 'open' || (CASE_FILTERS as readonly string[]).includes(filterText)))
      throw new ApiError(API_ERRORS.BAD_REQUEST, `filter: one of open, ${CASE_FILTERS.join(', ')}`);
    const filter = filterText as ListFilter;
    const q = queryText(req.query.q, 200).trim();
    const me = req.staff!.account;
    await escalations.bringBackFollowUps();
    const now = clock.now();
    const conversations = (await escalations.conversationsOwnedBy(OWNERS_FOR[filter]))
      .filter((c) => (filter === 'open' ? true : matchesFilter(c, filter, me.id)) && isCase(c))
      .sort(caseOrder(now.getTime()));
    let chosen = conversations.slice(0, LIST_LIMIT);
    const transcripts = new Map<string, TranscriptMessage[]>();
    if (q) {
      const scope = conversations.slice(0, SEARCH_SCOPE);
      const documents = [];
      for (const c of scope) {
        const messages = await service.transcript(c.id, 500);
        transcripts.set(c.id, messages);
        documents.push(caseDocument(c, messages, await storage.listNotes(c.id)));
      }
      const byId = new Map(scope.map((c) => [c.id, c]));
      chosen = searchCases(documents, q, LIST_LIMIT).map((id) => byId.get(id)!);
    }
    const marks = await storage.readState(chosen.map((c) => readMarkKey(me.id, c.id)));
    const items = [];
    for (const c of chosen) {
      const messages = transcripts.get(c.id) ?? (await service.transcript(c.id, 100));
      const readAt = marks[readMarkKey(me.id, c.id)]?.at;
      items.push({
        ...view(c, workerWords(messages)),
        waitingMs: now.getTime() - Date.parse(c.waitingSince ?? c.updatedAt),
        unread: unreadCount(messages.slice(-100), typeof readAt === 'string' ? readAt : undefined),
        lastMessageAt: messages.at(-1)?.at ?? null,
      });
    }
    res.json({ now: now.toISOString(), filter, q, total: q ? items.length : conversations.length, items });
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
      now: clock.now().toISOString(),
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
      notes: await storage.listNotes(id),
    });
  });

  /** The officer has seen the conversation up to now: its unread count starts again from zero. */
  router.post('/console/api/conversations/:id/read', need('staff'), json, async (req, res) => {
    const id = String(req.params.id);
    if (!(await service.conversation(id))) throw new ApiError(API_ERRORS.NOT_FOUND);
    await storage.writeState({ [readMarkKey(req.staff!.account.id, id)]: { at: clock.now().toISOString() } });
    res.json({ ok: true });
  });

  /** The whole case as plain text, for a dispute file: labels, outcome, transcript, staff notes, owners. */
  router.get('/console/api/conversations/:id/export', need('staff'), async (req, res) => {
    const id = String(req.params.id);
    const conversation = await service.conversation(id);
    if (!conversation) throw new ApiError(API_ERRORS.NOT_FOUND);
    const names = new Map((await storage.listStaff()).map((s) => [s.id, s.displayName || s.username]));
    const text = transcriptText({
      conversation,
      messages: await service.transcript(id, 100_000),
      notes: await storage.listNotes(id),
      ownership: await service.ownershipHistory(id),
      staffName: (staffId) => names.get(staffId) ?? staffId,
      organisation: config.organisation.name,
      exportedAt: clock.now(),
      exportedBy: req.staff!.account.displayName || req.staff!.account.username,
    });
    await storage.audit({ at: clock.now().toISOString(), staffId: req.staff!.account.id, action: 'export', target: id });
    const file = `ho-so-${id.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
    if (req.query.format === 'print') {
      // The PDF: the same text on a page styled for A4, which the officer's browser prints or saves as PDF
      // (no PDF library on the server; every browser the console supports has "Save as PDF").
      res.type('text/html; charset=utf-8').send(printPage(file, text));
      return;
    }
    res.type('text/plain; charset=utf-8').attachment(`${file}.txt`).send(text);
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
    const { staffId, note } = parseBody(assignBody, req.body);
    const assignee = await storage.getStaff(staffId);
    if (!assignee) throw new ApiError(API_ERRORS.BAD_REQUEST, 'staffId: no such account');
    return { conversation: view(await escalations.assign(id, assignee, req.staff!.account, note || undefined)) };
  });
  act('notes', async (req, id) => {
    const { text, kind } = parseBody(noteBody, req.body);
    return { note: await escalations.addNote(id, req.staff!.account, kind, text) };
  });
  act('labels', async (req, id) => {
    const labels = parseBody(labelsBody, req.body);
    return { conversation: view(await escalations.label(id, req.staff!.account, labels)) };
  });
  act('reopen', async (req, id) => ({ conversation: view(await escalations.reopen(id, req.staff!.account)) }));
  act('reply', async (req, id) => {
    const { text } = parseBody(replyBody, req.body);
    const { conversation, via } = await escalations.reply(id, req.staff!.account, text);
    return { conversation: view(conversation), via };
  });
  act('resolve', async (req, id) => {
    const { outcome, followUpOn } = parseBody(resolveBody, req.body);
    if (followUpOn && followUpOn <= vietnamDay(clock.now())) throw new ApiError(API_ERRORS.BAD_REQUEST, 'followUpOn: a day after today');
    const resolution = outcome ? { outcome, ...(followUpOn ? { followUpOn } : {}) } : undefined;
    return { conversation: view(await escalations.resolve(id, req.staff!.account, resolution)) };
  });

  /**
   * Canned replies, team-wide: every officer reads, searches and adds them; the author or an editor
   * changes or deletes one. With a conversation id, each comes with its placeholders filled in.
   */
  const cannedView = (r: CannedReply, values?: Record<string, string>) => ({
    id: r.id,
    title: r.title,
    text: r.text,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt,
    ...(values ? { filled: fillPlaceholders(r.text, values) } : {}),
  });
  router.get('/console/api/canned', need('staff'), async (req, res) => {
    const q = queryText(req.query.q, 200);
    const conversationId = queryText(req.query.conversationId, 300);
    let values: Record<string, string> | undefined;
    if (conversationId) {
      const c = await service.conversation(conversationId);
      if (!c) throw new ApiError(API_ERRORS.NOT_FOUND);
      const me = req.staff!.account;
      values = placeholderValues({ workerName: c.labels?.workerName, officerName: me.displayName || me.username, organisation: config.organisation });
    }
    res.json({ replies: searchCanned(await storage.listCannedReplies(), q).map((r) => cannedView(r, values)) });
  });
  router.post('/console/api/canned', need('staff'), json, async (req, res) => {
    const { title, text } = parseBody(cannedBody, req.body);
    const at = clock.now().toISOString();
    const reply: CannedReply = { id: randomUUID(), title, text, createdBy: req.staff!.account.id, createdAt: at, updatedAt: at };
    await storage.saveCannedReply(reply);
    await storage.audit({ at, staffId: req.staff!.account.id, action: 'canned_create', target: reply.id, detail: title });
    res.status(201).json({ reply: cannedView(reply) });
  });
  /** The reply, when the signed-in officer may change it (its author, or an editor). */
  const ownCanned = async (req: Request): Promise<CannedReply> => {
    const id = String(req.params.id);
    const reply = (await storage.listCannedReplies()).find((r) => r.id === id);
    if (!reply) throw new ApiError(API_ERRORS.NOT_FOUND);
    if (reply.createdBy !== req.staff!.account.id && !hasRole(req.staff!.account, 'editor')) throw new ApiError(API_ERRORS.FORBIDDEN);
    return reply;
  };
  router.post('/console/api/canned/:id', need('staff'), json, async (req, res) => {
    const { title, text } = parseBody(cannedBody, req.body);
    const reply = { ...(await ownCanned(req)), title, text, updatedAt: clock.now().toISOString() };
    await storage.saveCannedReply(reply);
    await storage.audit({ at: reply.updatedAt, staffId: req.staff!.account.id, action: 'canned_update', target: reply.id, detail: title });
    res.json({ reply: cannedView(reply) });
  });
  router.post('/console/api/canned/:id/delete', need('staff'), json, async (req, res) => {
    const reply = await ownCanned(req);
    await storage.deleteCannedReply(reply.id);
    await storage.audit({ at: clock.now().toISOString(), staffId: req.staff!.account.id, action: 'canned_delete', target: reply.id, detail: reply.title });
    res.json({ ok: true });
  });

  router.get('/console/api/staff', need('staff'), async (_req, res) => {
    res.json({ staff: (await storage.listStaff()).filter((s) => !s.disabled).map(publicAccount) });
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
    // Each event and heartbeat first re-checks the session, in order: a stream opened before the account
    // was disabled, signed out or its password reset ends at the next one instead of carrying workers' words on.
    const session = req.staff!.session;
    let queue = Promise.resolve();
    const stop = () => {
      clearInterval(heartbeat);
      service.events.off('event', send);
      if (!res.writableEnded) res.end();
    };
    const write = (text: string) => {
      queue = queue
        .then(async () => {
          if (res.writableEnded) return;
          if (await auth.stillValid(session)) res.write(text);
          else stop();
        })
        .catch(stop);
    };
    const send = (event: ConversationEvent) => write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    service.events.on('event', send);
    const heartbeat = setInterval(() => write(': keep-alive\n\n'), 25_000);
    req.on('close', stop);
  });
  return router;
}
