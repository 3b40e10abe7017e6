/**
 * Editing the knowledge base (issue 16 items 1, 2, 4): drafts, review, publish, history, rollback — one
 * working draft per document over an append-only log of published revisions (storage KbStore). Every
 * change is checked against the rules table (editing-rules.ts) and, before submit and publish, against the
 * same validation as kb:validate with the draft in place. A publish is one append: every instance sees it
 * through the publish mark (provider.follow).
 */
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { vietnamDay, type Clock } from '../clock.js';
import { ConcurrencyError, ETag, type AuditStore, type KbDocumentKind, type KbDraft, type KbRevision, type KbStore, type StaffAccount } from '../storage/types.js';
import { figurePath, kindOf, toFiles, type KbDocument } from './documents.js';
import { fieldsOf, textWith, type Fields } from './entry-form.js';
import { refusal, REFUSAL_MESSAGES, type DraftAction, type Refusal } from './editing-rules.js';
import { loadKnowledgeBaseFiles } from './load.js';
import { publishedDocuments } from './published.js';
import { TOPICS, type KbProblem, type KnowledgeBase } from './types.js';

export class EditingError extends Error {
  override name = 'EditingError';
  constructor(
    readonly code: 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'INVALID',
    message: string,
    readonly refusal?: Refusal,
  ) {
    super(message);
  }
}

export type Actor = Pick<StaffAccount, 'id' | 'role'>;

/** A problem of the knowledge base with a draft in place, placed in the draft's own text when it is there. */
export interface DocumentProblem {
  /** the field it is about ("answer", "citations.0.quote"), when the message names one */
  field: string | null;
  /** line in the document's text (0: elsewhere in the knowledge base) */
  line: number;
  message: string;
  /** another file, when the draft breaks something elsewhere (an entry using a removed figure) */
  file?: string;
}

const ENTRY_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class KbEditing {
  constructor(
    private readonly store: KbStore & AuditStore,
    private readonly clock: Clock,
  ) {}

  private now(): string {
    return this.clock.now().toISOString();
  }

  private async latest(): Promise<Map<string, KbRevision>> {
    return new Map((await this.store.listLatestKbRevisions()).map((r) => [r.path, r]));
  }

  /** Every document editors work on (entries and figures; removed ones left out), with its draft. */
  async documents(): Promise<{ published: KbRevision | undefined; draft: KbDraft | undefined; path: string; kind: KbDocumentKind }[]> {
    const latest = await this.latest();
    const drafts = new Map((await this.store.listKbDrafts()).map((d) => [d.path, d]));
    const paths = new Set([...[...latest.values()].filter((r) => r.text !== null).map((r) => r.path), ...drafts.keys()]);
    return [...paths]
      .filter((p) => kindOf(p) !== 'file')
      .sort()
      .map((path) => ({ path, kind: kindOf(path), published: latest.get(path), draft: drafts.get(path) }));
  }

  async document(path: string): Promise<{ published: KbRevision | undefined; draft: KbDraft | undefined }> {
    const [revisions, draft] = await Promise.all([this.store.listKbRevisions(path), this.store.getKbDraft(path)]);
    const published = revisions.at(-1);
    if (!published && !draft) throw new EditingError('NOT_FOUND', 'No such document.');
    return { published: published?.text === null && !draft ? undefined : published, draft };
  }

  /**
   * The knowledge base as it would be with `text` at `path` (null: without it), and its problems: those in
   * this document (with lines in its own text) and those it causes elsewhere.
   */
  async check(path: string, text: string | null): Promise<{ kb: KnowledgeBase; problems: DocumentProblem[] }> {
    const latest = await this.latest();
    const docs: KbDocument[] = publishedDocuments([...latest.values()]).filter((d) => d.path !== path);
    const kind = kindOf(path);
    const order = latest.get(path)?.order ?? (kind === 'figure' ? nextFigureOrder(path, docs) : undefined);
    if (text !== null) docs.push({ path, kind, text, ...(order !== undefined ? { order } : {}) });
    const { kb, problems } = loadKnowledgeBaseFiles(toFiles(docs), { day: vietnamDay(this.clock.now()) });
    const own = this.ownLines(path, docs);
    const out: DocumentProblem[] = problems.map((p) => this.place(p, own, text, path));
    if (kind === 'figure' && text !== null && fieldsOf(text, 'figure')?.id !== figurePath(path).id) {
      out.unshift({ field: 'id', line: 1, message: `the figure's id must stay "${figurePath(path).id}"` });
    }
    if (kind === 'entry' && text !== null && !kb.entries.some((e) => e.file === path) && !out.some((p) => p.line > 0)) {
      out.unshift({ field: null, line: 1, message: 'this text is not an entry' });
    }
    return { kb, problems: out };
  }

  /** Where this document's lines are in its file (figures share a file). */
  private ownLines(path: string, docs: KbDocument[]): { file: string; first: number; last: number } {
    if (kindOf(path) !== 'figure') return { file: path, first: 1, last: Number.MAX_SAFE_INTEGER };
    const file = figurePath(path).file;
    const inFile = docs.filter((d) => d.kind === 'figure' && figurePath(d.path).file === file).sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    let line = 1;
    for (const d of inFile) {
      const count = d.text.split('\n').length - (d.text.endsWith('\n') ? 1 : 0);
      if (d.path === path) return { file, first: line, last: line + count - 1 };
      line += count;
    }
    return { file, first: 0, last: -1 };
  }

  /**
   * A problem of this document gets its line in the document's own text and the field it is about: the one
   * its message starts with ("citations.0.quote: Required"), else the one written on that line — so that
   * "a published entry needs at least 10 phrasings" or a figure's overlapping dates land at their field in
   * the editor's form too. A figure's fields are named without its id ("values.1.from").
   */
  private place(p: KbProblem, own: { file: string; first: number; last: number }, text: string | null, path: string): DocumentProblem {
    if (p.file !== own.file || p.line < own.first || p.line > own.last) return { field: null, line: 0, message: p.message, file: p.file };
    const line = p.line - own.first + 1;
    const figureId = kindOf(path) === 'figure' ? figurePath(path).id : undefined;
    let field = /^([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*)(?::| has | is )/.exec(p.message)?.[1] ?? null;
    if (field && figureId) field = field.startsWith(`${figureId}.`) ? field.slice(figureId.length + 1) : null;
    field ??= text === null ? null : fieldAtLine(text, line, figureId);
    return { field, line, message: p.message };
  }

  private async situation(actor: Actor, path: string, problems = 0) {
    const [revisions, draft] = await Promise.all([this.store.listKbRevisions(path), this.store.getKbDraft(path)]);
    const publishedRev = revisions.at(-1)?.rev ?? 0;
    return { revisions, draft, publishedRev, situation: { actor, draft, publishedRev, problems } };
  }

  private refuse(action: DraftAction, why: Refusal): never {
    throw new EditingError(why === 'role' || why === 'author' || why === 'not_author' ? 'FORBIDDEN' : why === 'problems' ? 'INVALID' : 'CONFLICT', REFUSAL_MESSAGES[why], why);
  }

  private async audit(actor: Actor, action: string, path: string, detail?: string): Promise<void> {
    await this.store.audit({ at: this.now(), staffId: actor.id, action: `kb_${action}`, target: path, ...(detail ? { detail } : {}) });
  }

  /**
   * Save a draft: `text`, or `fields` written into the draft's (or the published) text. Without `eTag` it
   * creates the draft (refused when one exists); with it, it updates the draft read with that eTag.
   */
  async save(
    actor: Actor,
    input: { path: string; text?: string; fields?: Fields; eTag?: string; note?: string; origin?: KbDraft['origin'] },
  ): Promise<KbDraft> {
    const { draft, publishedRev, situation, revisions } = await this.situation(actor, input.path);
    const why = refusal('save', situation);
    if (why) this.refuse('save', why);
    const kind = kindOf(input.path);
    const base = draft?.text ?? revisions.at(-1)?.text ?? '';
    const text = input.text ?? (input.fields ? textWith(base, kind, input.fields) : undefined);
    if (text === undefined) throw new EditingError('INVALID', 'Give the text or the fields.');
    const at = this.now();
    const next: Omit<KbDraft, 'eTag'> = {
      path: input.path,
      kind,
      text,
      baseRev: draft?.baseRev ?? publishedRev,
      authors: [...new Set([...(draft?.authors ?? []), actor.id])],
      state: 'editing',
      ...(draft?.origin || input.origin ? { origin: (input.origin ?? draft?.origin)! } : {}),
      ...(input.note !== undefined ? { note: input.note } : draft?.note ? { note: draft.note } : {}),
      createdAt: draft?.createdAt ?? at,
      updatedAt: at,
    };
    try {
      const saved = await this.store.saveKbDraft(next, input.eTag ? ETag.match(input.eTag) : ETag.absent);
      await this.audit(actor, draft ? 'draft_save' : 'draft_create', input.path);
      return saved;
    } catch (err) {
      if (err instanceof ConcurrencyError) throw new EditingError('CONFLICT', 'The draft was changed by someone else (or already exists): reload it.');
      throw err;
    }
  }

  private async transition(actor: Actor, action: DraftAction, path: string, eTag: string, change: (d: KbDraft) => Omit<KbDraft, 'eTag'>): Promise<KbDraft> {
    const first = await this.situation(actor, path);
    const problems = action === 'submit' && first.draft ? (await this.check(path, first.draft.text)).problems.length : 0;
    const why = refusal(action, { ...first.situation, problems });
    if (why) this.refuse(action, why);
    if (first.draft!.eTag !== eTag) throw new EditingError('CONFLICT', 'The draft was changed meanwhile: reload it.');
    try {
      const saved = await this.store.saveKbDraft(change(first.draft!), ETag.match(eTag));
      await this.audit(actor, action, path, saved.note);
      return saved;
    } catch (err) {
      if (err instanceof ConcurrencyError) throw new EditingError('CONFLICT', 'The draft was changed meanwhile: reload it.');
      throw err;
    }
  }

  submit(actor: Actor, path: string, eTag: string, note?: string): Promise<KbDraft> {
    // The note is the author's word to the reviewer now: a reviewer's earlier send-back note does not go on.
    return this.transition(actor, 'submit', path, eTag, ({ note: _earlier, ...d }) => ({
      ...d,
      state: 'in_review',
      submittedAt: this.now(),
      updatedAt: this.now(),
      ...(note ? { note } : {}),
    }));
  }

  /** A reviewer sends the draft back to its authors, saying why. */
  sendBack(actor: Actor, path: string, eTag: string, note: string): Promise<KbDraft> {
    return this.transition(actor, 'return', path, eTag, (d) => ({ ...d, state: 'editing', note, updatedAt: this.now() }));
  }

  /** Publish the draft in review: one revision appended (all instances follow), then the draft is gone. */
  async publish(actor: Actor, path: string, eTag: string, note?: string): Promise<KbRevision> {
    const { draft, publishedRev, situation, revisions } = await this.situation(actor, path);
    const problems = draft ? (await this.check(path, draft.text)).problems : [];
    const why = refusal('publish', { ...situation, problems: problems.length });
    if (why) {
      if (why === 'problems') throw new EditingError('INVALID', `${REFUSAL_MESSAGES.problems} ${problems[0]!.message}`, why);
      this.refuse('publish', why);
    }
    if (draft!.eTag !== eTag) throw new EditingError('CONFLICT', 'The draft was changed meanwhile: reload it.');
    const previous = revisions.at(-1);
    const order = previous?.order ?? (draft!.kind === 'figure' ? nextFigureOrder(path, await this.store.listLatestKbRevisions()) : undefined);
    const rolledBack = draft!.origin?.kind === 'rollback' ? `rollback to rev ${draft!.origin.ref}` : undefined;
    const revision: KbRevision = {
      path,
      rev: publishedRev + 1,
      kind: draft!.kind,
      text: draft!.text,
      ...(order !== undefined ? { order } : {}),
      authors: draft!.authors,
      reviewer: actor.id,
      publishedAt: this.now(),
      ...(note || draft!.note || rolledBack ? { note: (note || draft!.note || rolledBack)! } : {}),
    };
    try {
      await this.store.appendKbRevisions([revision]);
    } catch (err) {
      if (err instanceof ConcurrencyError) this.refuse('publish', 'stale');
      throw err;
    }
    await this.store.deleteKbDraft(path, ETag.match(eTag)).catch((err: unknown) => {
      if (!(err instanceof ConcurrencyError)) throw err; // saved again meanwhile: it stays, now stale
    });
    await this.audit(actor, 'publish', path, `rev ${revision.rev}`);
    return revision;
  }

  async discard(actor: Actor, path: string, eTag: string): Promise<void> {
    const { situation, draft } = await this.situation(actor, path);
    const why = refusal('discard', situation);
    if (why) this.refuse('discard', why);
    try {
      await this.store.deleteKbDraft(path, ETag.match(eTag));
    } catch (err) {
      if (err instanceof ConcurrencyError) throw new EditingError('CONFLICT', 'The draft was changed meanwhile: reload it.');
      throw err;
    }
    await this.audit(actor, 'discard', path, draft?.state);
  }

  history(path: string): Promise<KbRevision[]> {
    return this.store.listKbRevisions(path);
  }

  /** An old revision's text becomes the draft (to be reviewed and published like any change). */
  async rollback(actor: Actor, path: string, rev: number): Promise<KbDraft> {
    const revisions = await this.store.listKbRevisions(path);
    const target = revisions.find((r) => r.rev === rev);
    if (!target || target.text === null) throw new EditingError('NOT_FOUND', 'No such revision.');
    const draft = await this.store.getKbDraft(path);
    if (draft && !draft.authors.includes(actor.id)) throw new EditingError('CONFLICT', 'Someone else has a draft of this document: finish or discard it first.');
    return this.save(actor, { path, text: target.text, ...(draft ? { eTag: draft.eTag } : {}), note: `rollback to rev ${rev}`, origin: { kind: 'rollback', ref: String(rev) } });
  }

  /** Add a worker's wording as a phrasing of an entry (a draft, through review). */
  async addPhrasing(actor: Actor, entryPath: string, phrasing: string, origin?: KbDraft['origin']): Promise<KbDraft> {
    const { published, draft } = await this.document(entryPath);
    const text = draft?.text ?? published?.text;
    const fields = text ? fieldsOf(text, 'entry') : undefined;
    if (!fields) throw new EditingError('NOT_FOUND', 'No such entry.');
    const phrasings = Array.isArray(fields.phrasings) ? (fields.phrasings as unknown[]).map(String) : [];
    const clean = phrasing.replace(/\s+/g, ' ').trim();
    if (!clean) throw new EditingError('INVALID', 'Give the wording.');
    if (!phrasings.includes(clean)) phrasings.push(clean);
    return this.save(actor, { path: entryPath, fields: { ...fields, phrasings }, ...(draft ? { eTag: draft.eTag } : {}), ...(origin ? { origin } : {}) });
  }

  /**
   * A new entry from a worker's question (and an officer's reply): status needs_review and no citation, so
   * it cannot be submitted until an editor adds one.
   */
  async newEntry(actor: Actor, input: { topic: string; title: string; question: string; answer?: string; id?: string; origin?: KbDraft['origin'] }): Promise<KbDraft> {
    if (!(TOPICS as readonly string[]).includes(input.topic)) throw new EditingError('INVALID', `Unknown topic (one of ${TOPICS.join(', ')}).`);
    const id = input.id ?? slug(input.title);
    if (!ENTRY_ID.test(id)) throw new EditingError('INVALID', 'The id must be lower-case ascii words joined by "-".');
    const path = `entries/${input.topic}/${id}.yaml`;
    const latest = await this.latest();
    if ([...latest.keys()].some((p) => p.endsWith(`/${id}.yaml`) && latest.get(p)!.text !== null) || (await this.store.getKbDraft(path)))
      throw new EditingError('CONFLICT', `An entry "${id}" exists already.`);
    const fields: Fields = {
      id,
      topic: input.topic,
      title: input.title.trim().slice(0, 80),
      status: 'needs_review',
      last_checked: vietnamDay(this.clock.now()),
      phrasings: [input.question.replace(/\s+/g, ' ').trim()],
      answer: input.answer?.trim() || input.title.trim(),
      citations: [],
    };
    return this.save(actor, { path, fields, ...(input.origin ? { origin: input.origin } : {}) });
  }
}

/**
 * The field written on `line` (1-based) of a document's YAML text: "answer", "citations.0.quote",
 * "values.1" (a figure's row, its id left out); null on a line outside any field or in text that does not parse.
 */
export function fieldAtLine(text: string, line: number, figureId?: string): string | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) return null;
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  /** the lines a node spans (its end offset is past its last character, often the next line's start) */
  const spans = (start: number, end: number) => lineOf(start) <= line && line <= lineOf(Math.max(start, end - 1));
  const parts: string[] = [];
  let node: unknown = doc.contents;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((item) => {
        const key = (item.key as { range?: [number, number, number] } | null)?.range;
        const value = (item.value as { range?: [number, number, number] } | null)?.range;
        return !!key && spans(key[0], (value ?? key)[1]);
      });
      if (!pair) break;
      parts.push(String((pair.key as { value?: unknown }).value));
      node = pair.value;
    } else if (isSeq(node)) {
      // the validator points at a whole list by its first line, which is also its first item's
      if (node.range && lineOf(node.range[0]) === line) break;
      const index = node.items.findIndex((item) => {
        const range = (item as { range?: [number, number, number] } | null)?.range;
        return !!range && spans(range[0], range[1]);
      });
      if (index < 0) break;
      parts.push(String(index));
      node = node.items[index];
    } else break;
  }
  if (figureId !== undefined) {
    if (parts[0] !== figureId) return null;
    parts.shift();
    // a figure's row is edited as one card: its own fields share one line in the files ({ value, from, … })
    if (parts[0] === 'values' && parts.length > 2) parts.length = 2;
  }
  return parts.length > 0 ? parts.join('.') : null;
}

/** A new figure goes after the figures of its file. */
function nextFigureOrder(path: string, others: { path: string; kind: KbDocumentKind; order?: number }[]): number {
  const file = figurePath(path).file;
  return Math.max(-1, ...others.filter((d) => d.kind === 'figure' && figurePath(d.path).file === file).map((d) => d.order ?? 0)) + 1;
}

/** "Nghỉ phép năm khi nghỉ việc" → "nghi-phep-nam-khi-nghi-viec" (at most 8 words). */
export function slug(title: string): string {
  return title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .slice(0, 8)
    .join('-');
}
