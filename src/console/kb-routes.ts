/**
 * The knowledge-base editor's API (issue 16 items 1, 2, 4): documents, live validation, preview, drafts,
 * review, publish, history, diff, rollback, and the learning loop's "add as phrasing" / "new entry". The
 * contract is in the README ("Editing the knowledge base"); the rules are knowledge-base/editing-rules.ts.
 * A preview builds the edited knowledge base's matcher in a worker thread, never on the answering thread.
 */
import { createHash } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import { vietnamDay, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { composeAnswer } from '../conversation/compose.js';
import { translator } from '../i18n.js';
import { buildMatcherInWorker } from '../knowledge-base/build-matcher.js';
import { figurePath, kindOf } from '../knowledge-base/documents.js';
import { EditingError, KbEditing, type Actor } from '../knowledge-base/editing.js';
import { fieldsOf, textWith, type Fields } from '../knowledge-base/entry-form.js';
import { vietnameseProblem } from '../knowledge-base/problem-text.js';
import type { KnowledgeBaseProvider } from '../knowledge-base/provider.js';
import { TOPICS, type KnowledgeBase } from '../knowledge-base/types.js';
import type { Matcher } from '../matching/matcher.js';
import { understand } from '../matching/understand.js';
import { API_ERRORS, ApiError } from '../server/errors.js';
import { jsonBody, parseBody } from '../server/json-body.js';
import type { AuditStore, KbDraft, KbRevision, KbStore, StaffAccount, StaffStore } from '../storage/types.js';
import { hasRole, type ConsoleAuth } from './auth.js';
import { lineDiff } from './line-diff.js';

export interface KbRoutesOptions {
  auth: ConsoleAuth;
  storage: KbStore & AuditStore & Pick<StaffStore, 'listStaff'>;
  kb: KnowledgeBaseProvider;
  config: Config;
  clock: Clock;
}

const PATH = /^(entries\/[a-z0-9-]+\/[a-z0-9-]+\.yaml|figures\/[A-Za-z0-9_-]+\.yaml#[a-z0-9_]+)$/;
const docPath = z.string({ required_error: 'give the path' }).regex(PATH, 'a document path: entries/<topic>/<id>.yaml or figures/<file>.yaml#<id>');
const fields = z.record(z.unknown());
const source = { path: docPath.optional(), fields: fields.optional(), text: z.string().max(100_000).optional() };
const origin = z
  .object({ kind: z.enum(['unanswered', 'officer_reply', 'rollback', 'phrasing']), ref: z.string().max(300).optional(), text: z.string().max(4000).optional() })
  .strict()
  .optional();
const checkBody = z.object({ ...source, path: docPath }).refine((b) => b.fields || b.text !== undefined, { message: 'give fields or text', path: ['fields'] });
const previewBody = z.object({ ...source, question: z.string().trim().min(1, 'give the question').max(2000) });
const draftBody = z
  .object({ ...source, eTag: z.string().max(100).optional(), note: z.string().max(2000).optional(), origin })
  .refine((b) => b.fields || b.text !== undefined, { message: 'give fields or text', path: ['fields'] });
const stepBody = z.object({ path: docPath, eTag: z.string().min(1).max(100), note: z.string().trim().max(2000).optional() });
const returnBody = z.object({ path: docPath, eTag: z.string().min(1).max(100), note: z.string().trim().min(1, 'say why it goes back').max(2000) });
const rollbackBody = z.object({ path: docPath, rev: z.number().int().min(1) });
const phrasingBody = z.object({ entryId: z.string().regex(/^[a-z0-9-]+$/), text: z.string().trim().min(1).max(1000), origin });
const newEntryBody = z.object({
  topic: z.enum(TOPICS),
  title: z.string().trim().min(1).max(80),
  question: z.string().trim().min(1).max(2000),
  answer: z.string().trim().max(4000).optional(),
  id: z.string().max(80).optional(),
  origin,
});

function mapError(err: unknown): never {
  if (err instanceof EditingError) {
    const spec = { NOT_FOUND: API_ERRORS.NOT_FOUND, FORBIDDEN: API_ERRORS.FORBIDDEN, CONFLICT: API_ERRORS.CONFLICT, INVALID: API_ERRORS.BAD_REQUEST }[err.code];
    throw new ApiError(spec, err.message);
  }
  throw err;
}

/** For a new entry the path comes from its topic and id. */
function pathFor(body: { path?: string | undefined; fields?: Fields | undefined }): string {
  if (body.path) return body.path;
  const topic = String(body.fields?.topic ?? '');
  const id = String(body.fields?.id ?? '');
  const path = `entries/${topic}/${id}.yaml`;
  if (!PATH.test(path) || !(TOPICS as readonly string[]).includes(topic))
    throw new ApiError(API_ERRORS.BAD_REQUEST, 'path: give the path, or a topic and an id (lower-case ascii words joined by "-")');
  return path;
}

export function kbRouter(options: KbRoutesOptions): Router {
  const { auth, storage, kb, config, clock } = options;
  const editing = new KbEditing(storage, clock);
  const router = express.Router();
  const json = jsonBody('256kb');
  const need = (role: StaffAccount['role']) => auth.require(role);
  const actor = (req: express.Request): Actor => req.staff!.account;
  const names = async () => new Map((await storage.listStaff()).map((s) => [s.id, s.displayName || s.username]));
  const who = (map: Map<string, string>, id: string) => ({ id, name: id === 'import' ? 'kb:import' : (map.get(id) ?? id) });

  /** The text being edited: given, or the fields written into the draft's (else the published) text. */
  const textOf = async (path: string, body: { text?: string | undefined; fields?: Fields | undefined }): Promise<string> => {
    if (body.text !== undefined) return body.text;
    const current = await editing.document(path).catch(() => ({ published: undefined, draft: undefined }));
    const base = current.draft?.text ?? current.published?.text ?? '';
    return textWith(base, kindOf(path), body.fields ?? {});
  };

  const draftView = (d: KbDraft, map: Map<string, string>) => ({
    path: d.path,
    kind: d.kind,
    text: d.text,
    fields: d.text === null ? null : (fieldsOf(d.text, d.kind) ?? null),
    state: d.state,
    authors: d.authors.map((a) => who(map, a)),
    baseRev: d.baseRev,
    eTag: d.eTag,
    updatedAt: d.updatedAt,
    ...(d.submittedAt ? { submittedAt: d.submittedAt } : {}),
    ...(d.note ? { note: d.note } : {}),
    ...(d.origin ? { origin: d.origin } : {}),
  });
  const revisionView = (r: KbRevision, map: Map<string, string>) => ({
    rev: r.rev,
    publishedAt: r.publishedAt,
    authors: r.authors.map((a) => who(map, a)),
    reviewer: who(map, r.reviewer),
    ...(r.note ? { note: r.note } : {}),
    removed: r.text === null,
  });
  const canPublish = (account: StaffAccount, draft: KbDraft | undefined, publishedRev: number) =>
    !!draft && hasRole(account, 'reviewer') && draft.state === 'in_review' && !draft.authors.includes(account.id) && draft.baseRev === publishedRev;

  router.get('/console/api/kb/documents', need('editor'), async (req, res) => {
    const map = await names();
    const docs = await editing.documents();
    res.json({
      topics: TOPICS,
      canPublish: hasRole(req.staff!.account, 'reviewer'),
      documents: docs.map(({ path, kind, published, draft }) => {
        const f = fieldsOf((published?.text ?? draft?.text) || '', kind) ?? {};
        return {
          path,
          kind,
          id: kind === 'figure' ? figurePath(path).id : String(f.id ?? ''),
          title: String((kind === 'figure' ? f.label : f.title) ?? ''),
          ...(kind === 'entry' ? { topic: f.topic ?? null, status: f.status ?? null, lastChecked: f.last_checked ?? null } : {}),
          rev: published?.text === null ? 0 : (published?.rev ?? 0),
          ...(published ? { publishedAt: published.publishedAt } : {}),
          draft: draft
            ? { state: draft.state, authors: draft.authors.map((a) => who(map, a)), updatedAt: draft.updatedAt, ...(draft.note ? { note: draft.note } : {}) }
            : null,
        };
      }),
    });
  });

  router.get('/console/api/kb/document', need('editor'), async (req, res) => {
    const path = parseBody(docPath, req.query.path);
    const { published, draft } = await editing.document(path).catch(mapError);
    const map = await names();
    const rev = published?.rev ?? 0;
    res.json({
      path,
      kind: kindOf(path),
      rev,
      published:
        published && published.text !== null
          ? { text: published.text, fields: fieldsOf(published.text, kindOf(path)) ?? null, ...revisionView(published, map) }
          : null,
      draft: draft ? draftView(draft, map) : null,
      canPublish: canPublish(req.staff!.account, draft, rev),
    });
  });

  router.post('/console/api/kb/check', need('editor'), json, async (req, res) => {
    const body = parseBody(checkBody, req.body);
    const text = await textOf(body.path, body);
    const { problems } = await editing.check(body.path, text);
    // `message` as kb:validate says it; `text` in Vietnamese for the editors' page (problem-text.ts).
    res.json({ ok: problems.length === 0, problems: problems.map((p) => ({ ...p, text: vietnameseProblem(p.message) })), text });
  });

  // The edited knowledge base's matcher takes seconds to train: built in a worker thread, and the last few
  // kept by the text they were built from, so that asking a second question about the same edit is instant.
  const previews = new Map<string, Promise<{ kb: KnowledgeBase; matcher: Matcher }>>();
  const previewOf = (path: string, text: string) => {
    const key = createHash('sha256').update(`${kb.current().kb.version}\0${path}\0${text}`).digest('hex');
    let built = previews.get(key);
    if (!built) {
      built = editing.check(path, text).then(async ({ kb: edited }) => ({ kb: edited, matcher: await buildMatcherInWorker(edited, vietnamDay(clock.now())) }));
      previews.set(key, built);
      built.catch(() => previews.delete(key));
      while (previews.size > 4) previews.delete(previews.keys().next().value!);
    }
    return built;
  };
  const answerWith = (snapshot: { kb: KnowledgeBase; matcher: Matcher }, question: string) => {
    const understood = understand(question, snapshot.matcher, { situations: snapshot.kb.situations });
    const entryId = understood.decision.entryId ?? null;
    const entry = entryId ? snapshot.kb.byId.get(entryId) : undefined;
    const ctx = { day: vietnamDay(clock.now()), figures: snapshot.kb.figures, organisation: config.organisation, locale: 'vi' as const, t: translator('vi') };
    let text: string | null = null;
    try {
      text = entry && understood.decision.outcome === 'answer' ? composeAnswer(entry, ctx).text : null;
    } catch {
      text = null; // a figure missing on this day: the draft's problems say so
    }
    return {
      outcome: understood.decision.outcome,
      entryId,
      confidence: understood.decision.confidence,
      candidates: understood.match.candidates
        .slice(0, 5)
        .map((c) => ({ entryId: c.entryId, title: snapshot.kb.byId.get(c.entryId)?.title ?? c.entryId, score: c.score })),
      text,
    };
  };
  router.post('/console/api/kb/preview', need('editor'), json, async (req, res) => {
    const body = parseBody(previewBody, req.body);
    const before = answerWith(kb.current(), body.question);
    let after = null;
    if (body.fields || body.text !== undefined) {
      const path = pathFor(body);
      after = answerWith(await previewOf(path, await textOf(path, body)), body.question);
    }
    res.json({ question: body.question, before, after });
  });

  router.post('/console/api/kb/draft', need('editor'), json, async (req, res) => {
    const body = parseBody(draftBody, req.body);
    const path = pathFor(body);
    const draft = await editing
      .save(actor(req), {
        path,
        ...(body.text !== undefined ? { text: body.text } : { fields: body.fields! }),
        ...(body.eTag ? { eTag: body.eTag } : {}),
        ...(body.note !== undefined ? { note: body.note } : {}),
        ...(body.origin ? { origin: body.origin } : {}),
      })
      .catch(mapError);
    res.json({ draft: draftView(draft, await names()) });
  });
  router.post('/console/api/kb/submit', need('editor'), json, async (req, res) => {
    const body = parseBody(stepBody, req.body);
    res.json({ draft: draftView(await editing.submit(actor(req), body.path, body.eTag, body.note).catch(mapError), await names()) });
  });
  router.post('/console/api/kb/return', need('reviewer'), json, async (req, res) => {
    const body = parseBody(returnBody, req.body);
    res.json({ draft: draftView(await editing.sendBack(actor(req), body.path, body.eTag, body.note).catch(mapError), await names()) });
  });
  router.post('/console/api/kb/publish', need('reviewer'), json, async (req, res) => {
    const body = parseBody(stepBody, req.body);
    const revision = await editing.publish(actor(req), body.path, body.eTag, body.note).catch(mapError);
    // This instance reloads now; the others within a second (provider.follow).
    void kb.reload();
    res.json({ revision: { path: revision.path, ...revisionView(revision, await names()) } });
  });
  router.post('/console/api/kb/discard', need('editor'), json, async (req, res) => {
    const body = parseBody(stepBody, req.body);
    await editing.discard(actor(req), body.path, body.eTag).catch(mapError);
    res.json({ ok: true });
  });
  router.get('/console/api/kb/history', need('editor'), async (req, res) => {
    const path = parseBody(docPath, req.query.path);
    const map = await names();
    res.json({ revisions: (await editing.history(path)).map((r) => revisionView(r, map)) });
  });
  router.get('/console/api/kb/diff', need('editor'), async (req, res) => {
    const path = parseBody(docPath, req.query.path);
    const revisions = await editing.history(path);
    const textAt = async (which: unknown): Promise<string> => {
      if (which === 'draft') {
        const draft = await storage.getKbDraft(path);
        if (!draft) throw new ApiError(API_ERRORS.NOT_FOUND, 'No draft.');
        return draft.text ?? '';
      }
      const rev = Number(which);
      const found = revisions.find((r) => r.rev === rev);
      if (!found) throw new ApiError(API_ERRORS.NOT_FOUND, `No revision ${String(which)}.`);
      return found.text ?? '';
    };
    const from = req.query.from ?? String(Math.max(1, (revisions.at(-1)?.rev ?? 1) - 1));
    const to = req.query.to ?? String(revisions.at(-1)?.rev ?? 1);
    res.json({ from, to, lines: lineDiff(await textAt(from), await textAt(to)) });
  });
  router.post('/console/api/kb/rollback', need('editor'), json, async (req, res) => {
    const body = parseBody(rollbackBody, req.body);
    res.json({ draft: draftView(await editing.rollback(actor(req), body.path, body.rev).catch(mapError), await names()) });
  });
  router.get('/console/api/kb/reviews', need('editor'), async (_req, res) => {
    const map = await names();
    res.json({ drafts: (await storage.listKbDrafts()).filter((d) => d.state === 'in_review').map((d) => draftView(d, map)) });
  });
  router.post('/console/api/kb/phrasing', need('editor'), json, async (req, res) => {
    const body = parseBody(phrasingBody, req.body);
    const entry = kb.current().kb.byId.get(body.entryId);
    if (!entry) throw new ApiError(API_ERRORS.NOT_FOUND, 'No such entry.');
    const draft = await editing.addPhrasing(actor(req), entry.file, body.text, body.origin ?? { kind: 'phrasing', text: body.text }).catch(mapError);
    res.json({ draft: draftView(draft, await names()) });
  });
  router.post('/console/api/kb/new-entry', need('editor'), json, async (req, res) => {
    const body = parseBody(newEntryBody, req.body);
    const draft = await editing
      .newEntry(actor(req), {
        topic: body.topic,
        title: body.title,
        question: body.question,
        ...(body.answer ? { answer: body.answer } : {}),
        ...(body.id ? { id: body.id } : {}),
        ...(body.origin ? { origin: body.origin } : {}),
      })
      .catch(mapError);
    res.json({ draft: draftView(draft, await names()) });
  });
  return router;
}
