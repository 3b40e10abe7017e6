/** The labelled evaluation set: eval/queries/*.jsonl, split into dev and test by a hash of the text. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface EvalQuery {
  q: string;
  expect: string;
  style: string;
  kind?: string;
  file: string;
  line: number;
  split: 'dev' | 'test';
}

export const OUTCOME_LABELS = new Set(['out_of_scope', 'handoff', 'smalltalk']);

/** Stable split: never changes when queries are added or reordered. */
export function splitOf(q: string): 'dev' | 'test' {
  const byte = createHash('sha256').update(q.normalize('NFC')).digest()[0]!;
  return byte % 2 === 0 ? 'dev' : 'test';
}

export class DatasetError extends Error {
  override name = 'DatasetError';
}

export function loadDataset(dir: string): EvalQuery[] {
  const out: EvalQuery[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    const lines = fs.readFileSync(path.join(dir, name), 'utf8').split('\n');
    lines.forEach((raw, i) => {
      if (!raw.trim()) return;
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(raw) as Record<string, unknown>;
      } catch (err) {
        throw new DatasetError(`${name}:${i + 1}: not JSON (${(err as Error).message})`);
      }
      if (typeof row.q !== 'string' || typeof row.expect !== 'string') throw new DatasetError(`${name}:${i + 1}: needs "q" and "expect"`);
      out.push({ q: row.q, expect: row.expect, style: typeof row.style === 'string' ? row.style : '', ...(typeof row.kind === 'string' ? { kind: row.kind } : {}), file: name, line: i + 1, split: splitOf(row.q) });
    });
  }
  return out;
}

export function isInScope(q: EvalQuery): boolean {
  return !OUTCOME_LABELS.has(q.expect);
}
