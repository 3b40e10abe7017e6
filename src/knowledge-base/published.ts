/**
 * The knowledge base in the store: what is published (the newest revision of each document) as files, and
 * kb:import — a folder's files published as revisions in one go.
 */
import type { KbRevision, KbStore } from '../storage/types.js';
import { toDocuments, toFiles, type KbDocument } from './documents.js';
import type { KbFile } from './files.js';

/** The published knowledge base, as the folder's files. */
export async function publishedFiles(store: Pick<KbStore, 'listLatestKbRevisions'>): Promise<KbFile[]> {
  return toFiles(publishedDocuments(await store.listLatestKbRevisions()));
}

export function publishedDocuments(latest: KbRevision[]): KbDocument[] {
  return latest
    .filter((r) => r.text !== null)
    .map((r) => ({ path: r.path, kind: r.kind, text: r.text!, ...(r.order !== undefined ? { order: r.order } : {}) }));
}

export interface ImportSummary {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

/**
 * Make the published knowledge base equal to these files: a revision for each new or changed document, a
 * removal for each document the files no longer have. Validating the files is the caller's job.
 */
export async function importFiles(
  store: Pick<KbStore, 'listLatestKbRevisions' | 'appendKbRevisions'>,
  files: KbFile[],
  who: { by: string; at: string; note: string },
): Promise<ImportSummary> {
  const latest = new Map((await store.listLatestKbRevisions()).map((r) => [r.path, r]));
  const summary: ImportSummary = { added: 0, changed: 0, removed: 0, unchanged: 0 };
  const revisions: KbRevision[] = [];
  const next = (doc: { path: string; kind: KbRevision['kind'] }, text: string | null, order?: number): KbRevision => ({
    path: doc.path,
    rev: (latest.get(doc.path)?.rev ?? 0) + 1,
    kind: doc.kind,
    text,
    ...(order !== undefined ? { order } : {}),
    authors: [who.by],
    reviewer: who.by,
    publishedAt: who.at,
    note: who.note,
  });
  const docs = toDocuments(files);
  const seen = new Set<string>();
  for (const doc of docs) {
    seen.add(doc.path);
    const current = latest.get(doc.path);
    if (current && current.text === doc.text && current.order === doc.order) summary.unchanged++;
    else {
      if (!current || current.text === null) summary.added++;
      else summary.changed++;
      revisions.push(next(doc, doc.text, doc.order));
    }
  }
  for (const current of latest.values()) {
    if (seen.has(current.path) || current.text === null) continue;
    summary.removed++;
    revisions.push(next(current, null));
  }
  if (revisions.length > 0) await store.appendKbRevisions(revisions);
  return summary;
}
