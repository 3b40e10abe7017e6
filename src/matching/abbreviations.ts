/**
 * Expand chat abbreviations as whole words (never inside a word), longest key first.
 * The table is a data file of the knowledge base, so editors can extend it.
 */
import { syllables } from './normalise.js';

export interface AbbreviationTable {
  /** folded key tokens joined by " " → folded expansion tokens */
  byLength: Map<number, Map<string, string[]>>;
  maxLength: number;
  /** first tokens of the keys with more than one word (only these need a longer look) */
  starts: Set<string>;
}

export function buildAbbreviationTable(entries: Map<string, string>): AbbreviationTable {
  const byLength = new Map<number, Map<string, string[]>>();
  let maxLength = 1;
  const starts = new Set<string>();
  for (const [key, value] of entries) {
    const keyTokens = syllables(key);
    if (keyTokens.length === 0) continue;
    if (keyTokens.length > 1) starts.add(keyTokens[0]!);
    maxLength = Math.max(maxLength, keyTokens.length);
    const bucket = byLength.get(keyTokens.length) ?? new Map<string, string[]>();
    bucket.set(keyTokens.join(' '), syllables(value));
    byLength.set(keyTokens.length, bucket);
  }
  return { byLength, maxLength, starts };
}

/** A table as plain data (arrays: it crosses to another thread by structured clone). */
export interface AbbreviationTableData {
  byLength: [number, [string, string[]][]][];
  maxLength: number;
  starts: string[];
}

export function abbreviationTableToData(table: AbbreviationTable): AbbreviationTableData {
  return { byLength: [...table.byLength].map(([n, bucket]) => [n, [...bucket]]), maxLength: table.maxLength, starts: [...table.starts] };
}

export function abbreviationTableFromData(data: AbbreviationTableData): AbbreviationTable {
  return { byLength: new Map(data.byLength.map(([n, bucket]) => [n, new Map(bucket)])), maxLength: data.maxLength, starts: new Set(data.starts) };
}

/** Tokens are folded syllables. */
export function expandAbbreviations(tokens: string[], table: AbbreviationTable): string[] {
  const out: string[] = [];
  let i = 0;
  const single = table.byLength.get(1);
  outer: while (i < tokens.length) {
    const token = tokens[i]!;
    if (!table.starts.has(token)) {
      const expansion = single?.get(token);
      if (expansion) for (const t of expansion) out.push(t);
      else out.push(token);
      i += 1;
      continue;
    }
    for (let n = Math.min(table.maxLength, tokens.length - i); n >= 1; n--) {
      const key = tokens.slice(i, i + n).join(' ');
      const expansion = table.byLength.get(n)?.get(key);
      if (expansion) {
        out.push(...expansion);
        i += n;
        continue outer;
      }
    }
    out.push(tokens[i]!);
    i += 1;
  }
  return out;
}
