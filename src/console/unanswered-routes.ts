/**
 * The learning loop's API (issue 16 item 4): the unanswered questions grouped for editors, an editor's
 * "handled" mark on a group, the per-entry usage the knowledge-base list shows, and an officer's "this
 * answer was wrong" from the conversation view. The grouping itself is pure (learning/groups.ts); this
 * file reads the stores and keeps the work bounded.
 */
import { createHash } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { EscalationService } from '../escalation/escalations.js';
import type { KnowledgeBaseProvider } from '../knowledge-base/provider.js';
import { buildAbbreviationTable, type AbbreviationTable } from '../matching/abbreviations.js';
import { DEFAULT_THRESHOLDS } from '../matching/decide.js';
import { featuresOf, groupSignals, kindOfOutcome, messageKey, SIGNAL_KINDS, type Signal, type UnansweredGroup } from '../learning/groups.js';
import { entryUsage, transcriptSignals } from '../learning/usage.js';
import { API_ERRORS, ApiError } from '../server/errors.js';
import { jsonBody, parseBody } from '../server/json-body.js';
import type { AuditStore, Feedback, SignalStore, StateStore, TranscriptMessage } from '../storage/types.js';
import type { ConsoleAuth } from './auth.js';

/** State keys: an editor's "handled" mark per message key, and a message an officer marked wrong (hashed: no worker id in a key). */
export const HANDLED_PREFIX = 'learning:handled:';
const MARKED_PREFIX = 'learning:marked:';

/**
 * Bounds, so the page costs the same with a year of data as with a week:
 * - the newest SIGNAL_SCOPE unanswered questions and feedback records are read (a busy month is a few
 *   hundred; 5,000 covers 90 days with room);
 * - transcripts are read for the TRANSCRIPT_SCOPE most recently active conversations (plus those with a 👎,
 *   at most THUMBS_SCOPE), TRANSCRIPT_MESSAGES messages each, and kept for CACHE_MS: at 500 × 300 that is
 *   about a quarter of a second of SQLite reads, done at most once a minute however often editors reload.
 *   Usage numbers ("served 120 times") are therefore counts over those conversations, not all time — the
 *   list compares entries with each other, which a recent sample does well.
 */
const SIGNAL_SCOPE = 5_000;
const TRANSCRIPT_SCOPE = 500;
const THUMBS_SCOPE = 200;
const TRANSCRIPT_MESSAGES = 300;
/** Measured in real time, not the app's clock: it bounds CPU work, not a rule about days. */
const CACHE_MS = 60_000;
const DAY_MS = 24 * 3600_000;
const WINDOWS = [30, 90] as const;

const text = (what: string) => z.string({ required_error: `give ${what}`, invalid_type_error: `${what} must be a string` });
const dismissBody = z.object({
  key: text('the group key').min(1, 'give the group key').max(40, 'at most 40 characters'),
  days: z.union([z.literal(30), z.literal(90)], { errorMap: () => ({ message: '30 or 90' }) }).default(90),
});
const markWrongBody = z.object({
  conversationId: text('the conversation id').min(1, 'give the conversation id').max(300, 'at most 300 characters'),
  at: text("the message's time").min(1, "give the message's time").max(40, 'at most 40 characters'),
  note: text('the note').max(1000, 'at most 1000 characters').trim().optional(),
});

export interface UnansweredRouterOptions {
  auth: ConsoleAuth;
  escalations: EscalationService;
  storage: SignalStore & StateStore & AuditStore;
  kb: KnowledgeBaseProvider;
  clock: Clock;
}

interface Scan {
  /** Date.now() when read */
  readAt: number;
  /** transcripts by conversation id: the recent ones and those with a 👎 */
  transcripts: Map<string, TranscriptMessage[]>;
  /** the recently active conversations (usage counts these only) */
  recent: Set<string>;
  feedback: Feedback[];
}

export function unansweredRouter(options: UnansweredRouterOptions): Router {
  const { auth, escalations, storage, kb, clock } = options;
  const service = escalations.conversations;
  const router = express.Router();
  const json = jsonBody('8kb');

  let scan: Scan | undefined;
  let reading: Promise<Scan> | undefined;
  /** The bounded transcript read, shared by the routes and by concurrent requests (see the bounds above). */
  const transcripts = async (): Promise<Scan> => {
    if (scan && Date.now() - scan.readAt < CACHE_MS) return scan;
    reading ??= (async () => {
      try {
        const conversations = await escalations.conversationsOwnedBy(['bot', 'waiting_staff', 'staff', 'resolved']);
        const recent = conversations
          .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
          .slice(0, TRANSCRIPT_SCOPE)
          .map((c) => c.id);
        const feedback = await storage.listFeedback(SIGNAL_SCOPE);
        const thumbsDown = [...new Set(feedback.filter((f) => !f.helpful).map((f) => f.conversationId))].slice(0, THUMBS_SCOPE);
        const read = new Map<string, TranscriptMessage[]>();
        for (const id of new Set([...recent, ...thumbsDown])) read.set(id, await service.transcript(id, TRANSCRIPT_MESSAGES));
        scan = { readAt: Date.now(), transcripts: read, recent: new Set(recent), feedback };
        return scan;
      } finally {
        reading = undefined;
      }
    })();
    return reading;
  };

  let table: { abbreviations: Map<string, string>; table: AbbreviationTable } | undefined;
  /** The knowledge base's chat abbreviations, built again only when the knowledge base changes. */
  const abbreviations = (): AbbreviationTable => {
    const current = kb.current().kb.abbreviations;
    if (table?.abbreviations !== current) table = { abbreviations: current, table: buildAbbreviationTable(current) };
    return table.table;
  };

  /** Every signal of the last `days` days: the unanswered log, and what the transcripts and feedback add. */
  const signalsSince = async (days: number): Promise<Signal[]> => {
    const since = new Date(clock.now().getTime() - days * DAY_MS).toISOString();
    const logged = (await storage.listUnanswered(SIGNAL_SCOPE)).filter((q) => q.at >= since);
    const { transcripts: read, feedback } = await transcripts();
    const loggedAt = new Set(logged.map((q) => `${q.conversationId} ${q.at}`));
    return [
      ...logged.map((q): Signal => ({
        kind: kindOfOutcome(q.outcome, q.confidence, DEFAULT_THRESHOLDS.clarify),
        conversationId: q.conversationId,
        text: q.text,
        at: q.at,
        candidates: q.candidates,
      })),
      ...transcriptSignals(read, feedback, loggedAt).filter((s) => s.at >= since),
    ];
  };

  const groupsFor = async (days: number) => {
    const signals = await signalsSince(days);
    const keys = [...new Set(signals.map((s) => messageKey(featuresOf(s.text, abbreviations()), s.text)))];
    const marks = await storage.readState(keys.map((k) => HANDLED_PREFIX + k));
    const handled: Record<string, string> = {};
    for (const [key, value] of Object.entries(marks)) if (typeof value.at === 'string') handled[key.slice(HANDLED_PREFIX.length)] = value.at;
    return { signals, ...groupSignals(signals, { now: clock.now(), table: abbreviations(), handled }) };
  };

  const daysOf = (value: unknown): number => {
    if (value === undefined) return 30;
    const days = Number(value);
    if (!(WINDOWS as readonly number[]).includes(days)) throw new ApiError(API_ERRORS.BAD_REQUEST, 'days: 30 or 90');
    return days;
  };

  /** The groups, best first, each with its candidates' titles; totals by kind. */
  router.get('/console/api/unanswered/groups', auth.require('editor'), async (req, res) => {
    const days = daysOf(req.query.days);
    const { signals, groups, hidden } = await groupsFor(days);
    const byId = kb.current().kb.byId;
    const byKind = Object.fromEntries(SIGNAL_KINDS.map((k) => [k, signals.filter((s) => s.kind === k).length]));
    res.json({
      days,
      groups: groups.map(({ messageKeys: _keys, ...g }: UnansweredGroup) => ({
        ...g,
        candidates: g.topCandidates.map((id) => ({ entryId: id, title: byId.get(id)?.title ?? null })),
      })),
      totals: { signals: signals.length, groups: groups.length, handled: hidden, byKind, conversationsRead: (await transcripts()).recent.size },
    });
  });

  /** An editor marks a group handled: it is hidden until a message of its kind comes after the mark. */
  router.post('/console/api/unanswered/dismiss', auth.require('editor'), json, async (req, res) => {
    const { key, days } = parseBody(dismissBody, req.body);
    const group = (await groupsFor(days)).groups.find((g) => g.key === key);
    if (!group) throw new ApiError(API_ERRORS.NOT_FOUND, 'No such group now; reload the list.');
    const at = clock.now().toISOString();
    const by = req.staff!.account.id;
    await storage.writeState(Object.fromEntries(group.messageKeys.map((k) => [HANDLED_PREFIX + k, { at, by }])));
    await storage.audit({ at, staffId: by, action: 'unanswered_handled', target: key, detail: `${group.count} × ${group.label.slice(0, 80)}` });
    res.json({ ok: true, key, handledAt: at });
  });

  /** Per entry: answers served, 👍, 👎 and hand-offs after it, over the recently active conversations (bounds above). */
  router.get('/console/api/kb/usage', auth.require('editor'), async (_req, res) => {
    const read = await transcripts();
    const ids = [...read.recent];
    res.json({
      entries: entryUsage(
        ids.map((id) => read.transcripts.get(id)!),
        read.feedback.filter((f) => read.recent.has(f.conversationId)),
      ),
      conversationsRead: ids.length,
      readAt: new Date(read.readAt).toISOString(),
    });
  });

  /**
   * An officer says the bot's answer at `at` was wrong: the worker's question before it becomes an
   * unanswered question (outcome marked_wrong, the answered entry as its candidate), audited. Marking
   * the same answer again changes nothing.
   */
  router.post('/console/api/messages/mark-wrong', auth.require('staff'), json, async (req, res) => {
    const { conversationId, at, note } = parseBody(markWrongBody, req.body);
    const messages = await service.transcript(conversationId, 1000);
    const index = messages.findIndex((m) => m.author === 'bot' && m.at === at && m.entryId);
    if (index === -1) throw new ApiError(API_ERRORS.NOT_FOUND, 'No answer of the bot at that time in that conversation.');
    const answer = messages[index]!;
    const question = messages
      .slice(0, index)
      .reverse()
      .find((m) => m.author === 'worker');
    if (!question) throw new ApiError(API_ERRORS.CONFLICT, 'No question of the worker before that answer.');
    const markKey = MARKED_PREFIX + createHash('sha256').update(`${conversationId}\n${at}`).digest('base64url');
    if ((await storage.readState([markKey]))[markKey]) {
      res.json({ ok: true, already: true });
      return;
    }
    const now = clock.now().toISOString();
    const staffId = req.staff!.account.id;
    await storage.writeState({ [markKey]: { at: now, by: staffId } });
    await storage.logUnanswered({
      conversationId,
      text: question.text,
      outcome: 'marked_wrong',
      confidence: answer.confidence ?? 0,
      candidates: [answer.entryId!],
      at: now,
    });
    await storage.audit({ at: now, staffId, action: 'mark_wrong', target: conversationId, detail: `${answer.entryId}${note ? `: ${note}` : ''}` });
    res.json({ ok: true, already: false, entryId: answer.entryId });
  });

  return router;
}
