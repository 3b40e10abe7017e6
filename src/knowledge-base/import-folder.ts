/**
 * kb:import and the first start: validate a knowledge-base folder and publish it into the store as it is.
 * A folder with problems is refused whole: the store keeps what it had.
 */
import { vietnamDay, type Clock } from '../clock.js';
import type { KbStore } from '../storage/types.js';
import { readKbFolder } from './files.js';
import { loadKnowledgeBase } from './load.js';
import { importFiles, type ImportSummary } from './published.js';
import type { KbProblem } from './types.js';

export type ImportResult = { ok: true; summary: ImportSummary; entries: number; published: number } | { ok: false; problems: KbProblem[] };

export async function importFolder(
  store: Pick<KbStore, 'listLatestKbRevisions' | 'appendKbRevisions'>,
  dir: string,
  clock: Clock,
  note: string,
): Promise<ImportResult> {
  const { kb, problems } = loadKnowledgeBase(dir, { day: vietnamDay(clock.now()) });
  if (problems.length > 0) return { ok: false, problems };
  const summary = await importFiles(store, readKbFolder(dir), { by: 'import', at: clock.now().toISOString(), note: `kb:import (${note})` });
  return { ok: true, summary, entries: kb.entries.length, published: kb.entries.filter((e) => e.status === 'published').length };
}
