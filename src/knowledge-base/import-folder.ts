/**
 * kb:import and the first start: validate a knowledge-base folder and publish it into the store as it is.
 * A folder with problems is refused whole: the store keeps what it had.
 */
import { vietnamDay, type Clock } from '../clock.js';
import type { AuditStore, KbStore } from '../storage/types.js';
import { readKbFolder } from './files.js';
import { loadKnowledgeBase } from './load.js';
import { importFiles, type ImportSummary } from './published.js';
import type { KbProblem } from './types.js';

export type ImportResult = { ok: true; summary: ImportSummary; entries: number; published: number } | { ok: false; problems: KbProblem[] };

export async function importFolder(
  store: Pick<KbStore, 'listLatestKbRevisions' | 'appendKbRevisions'> & Pick<AuditStore, 'audit'>,
  dir: string,
  clock: Clock,
  note: string,
): Promise<ImportResult> {
  const { kb, problems } = loadKnowledgeBase(dir, { day: vietnamDay(clock.now()) });
  if (problems.length > 0) return { ok: false, problems };
  const at = clock.now().toISOString();
  const summary = await importFiles(store, readKbFolder(dir), { by: 'import', at, note: `kb:import (${note})` });
  // Publishing without review is for whoever runs the server: the audit log says when and what it changed.
  if (summary.added + summary.changed + summary.removed > 0) {
    await store.audit({
      at,
      staffId: 'import',
      action: 'kb_import',
      target: dir,
      detail: `${note}: ${summary.added} added, ${summary.changed} changed, ${summary.removed} removed`,
    });
  }
  return { ok: true, summary, entries: kb.entries.length, published: kb.entries.filter((e) => e.status === 'published').length };
}
