/**
 * The labelled evaluation sets.
 * - eval/real/*.jsonl: messages written the way workers really write (long stories, courtesy, third
 *   person, formal letters, anger, English…), labelled with every acceptable entry, the right outcome
 *   and, for hand-offs, the true reason. Its test split is frozen (eval/real/frozen-test.txt).
 * - eval/queries/*.jsonl: the first set, written in the knowledge base's own style. Both of its halves
 *   are now development data ("dev2"): its old test split was consulted while tuning.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { HandoffReason } from '../matching/decide.js';

export type EvalLabel = 'out_of_scope' | 'handoff' | 'smalltalk' | 'clarify_or_handoff';

export interface EvalQuery {
  q: string;
  /** the first acceptable entry, or the outcome label */
  expect: string;
  /** every entry that answers the message correctly (empty: no answer is right) */
  accept: string[];
  style: string;
  /** old set: personal_record | urgent; real set: the hand-off reason */
  kind?: string;
  /** the true reason when a person should get the message (also with an answer: a complaint) */
  reason?: HandoffReason;
  /** a message with several questions: the acceptable entries of each */
  parts?: string[][];
  /** urgent messages: entries that answer the question inside them */
  also?: string[];
  lang: 'vi' | 'en';
  /** out-of-scope messages: the field (land, family…) */
  domain?: string;
  file: string;
  line: number;
  split: 'dev' | 'test';
  /** which set: the real-writing set, or the first set (now a second dev split) */
  set: 'real' | 'dev2';
}

export const OUTCOME_LABELS = new Set<string>(['out_of_scope', 'handoff', 'smalltalk', 'clarify_or_handoff']);
const REASONS = new Set<string>(['asked', 'urgent', 'personal_record', 'unsure', 'complaint']);

export function messageHash(q: string): string {
  return createHash('sha256').update(q.normalize('NFC')).digest('hex');
}

export class DatasetError extends Error {
  override name = 'DatasetError';
}

function readJsonl(dir: string, each: (row: Record<string, unknown>, file: string, line: number) => void): void {
  if (!fs.existsSync(dir)) return;
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    fs.readFileSync(path.join(dir, name), 'utf8')
      .split('\n')
      .forEach((raw, i) => {
        if (!raw.trim()) return;
        let row: Record<string, unknown>;
        try {
          row = JSON.parse(raw) as Record<string, unknown>;
        } catch (err) {
          throw new DatasetError(`${name}:${i + 1}: not JSON (${(err as Error).message})`);
        }
        if (typeof row.q !== 'string') throw new DatasetError(`${name}:${i + 1}: needs "q"`);
        each(row, name, i + 1);
      });
  }
}

/** The first set (eval/queries): every question is development data now. */
export function loadDataset(dir: string): EvalQuery[] {
  const out: EvalQuery[] = [];
  readJsonl(dir, (row, file, line) => {
    if (typeof row.expect !== 'string') throw new DatasetError(`${file}:${line}: needs "expect"`);
    const expect = row.expect;
    const kind = typeof row.kind === 'string' ? row.kind : undefined;
    out.push({
      q: row.q as string,
      expect,
      accept: OUTCOME_LABELS.has(expect) ? [] : [expect],
      style: typeof row.style === 'string' ? row.style : '',
      ...(kind ? { kind } : {}),
      ...(expect === 'handoff' ? { reason: kind === 'personal_record' ? 'personal_record' : kind === 'urgent' ? 'urgent' : 'asked' } : {}),
      lang: 'vi',
      file,
      line,
      split: 'dev',
      set: 'dev2',
    });
  });
  return out;
}

/** The frozen test split of the real set: hashes of its messages. */
export function frozenTest(dir: string): Set<string> {
  const file = path.join(dir, 'frozen-test.txt');
  if (!fs.existsSync(file)) return new Set();
  return new Set(
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
}

/** The real-writing set (eval/real). */
export function loadRealDataset(dir: string): EvalQuery[] {
  const test = frozenTest(dir);
  const out: EvalQuery[] = [];
  readJsonl(dir, (row, file, line) => {
    const where = `${file}:${line}`;
    const list = Array.isArray(row.expect) ? (row.expect as unknown[]).map(String) : undefined;
    let label = typeof row.expect === 'string' ? row.expect : undefined;
    if (list?.includes('clarify_or_handoff')) label = 'clarify_or_handoff';
    if (!list && !label) throw new DatasetError(`${where}: "expect" must be a list of entry ids or a label`);
    if (label && !OUTCOME_LABELS.has(label)) throw new DatasetError(`${where}: unknown label "${label}"`);
    const accept = label ? [] : list!;
    const reason = typeof row.reason === 'string' ? row.reason : undefined;
    if (reason && !REASONS.has(reason)) throw new DatasetError(`${where}: unknown reason "${reason}"`);
    if (label === 'handoff' && !reason) throw new DatasetError(`${where}: a hand-off needs its true "reason"`);
    const style = Array.isArray(row.style) ? (row.style as unknown[]).map(String).join('+') : typeof row.style === 'string' ? row.style : '';
    const parts = Array.isArray(row.parts) ? (row.parts as unknown[][]).map((p) => p.map(String)) : undefined;
    const also = Array.isArray(row.also) ? (row.also as unknown[]).map(String) : undefined;
    out.push({
      q: row.q as string,
      expect: accept[0] ?? label!,
      accept,
      style,
      ...(reason ? { reason: reason as HandoffReason, kind: reason } : {}),
      ...(parts && parts.length >= 2 ? { parts } : {}),
      ...(also ? { also } : {}),
      lang: row.lang === 'en' ? 'en' : 'vi',
      ...(typeof row.domain === 'string' ? { domain: row.domain } : {}),
      file,
      line,
      split: test.has(messageHash(row.q as string)) ? 'test' : 'dev',
      set: 'real',
    });
  });
  return out;
}

export function isInScope(q: EvalQuery): boolean {
  return q.accept.length > 0;
}

/** Is this entry a right answer to the message? */
export function accepts(q: EvalQuery, entryId: string | undefined): boolean {
  return entryId !== undefined && (q.accept.includes(entryId) || (q.parts?.some((p) => p.includes(entryId)) ?? false));
}

/** Long (three sentences or more, a story) or with several questions. */
export function isLongOrMulti(q: EvalQuery): boolean {
  return /\b(long|multi|story)\b/.test(q.style.replace(/\+/g, ' ')) || (q.parts?.length ?? 0) >= 2;
}
