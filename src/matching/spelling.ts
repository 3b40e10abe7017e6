/**
 * Spelling correction against the knowledge base's vocabulary, at edit distance 1 (one letter missing,
 * extra, changed or two letters swapped), via a deletion index (the SymSpell idea): each known word is
 * stored under itself and its one-letter deletions, so a lookup costs a few map reads instead of a fuzzy
 * scan of the whole vocabulary (fuse.js over ~10,000 words took milliseconds per word; see bench/README.md).
 */
/** The known words with their frequencies, as plain data (arrays: they cross to another thread by structured clone). */
export interface SpellingData {
  words: string[];
  frequencies: number[];
}

export class SpellingIndex {
  private readonly byDeletion = new Map<string, string[]>();
  /** every known word, with how often it occurs (ties go to the more frequent word) */
  private readonly frequencies = new Map<string, number>();

  constructor(words: Iterable<string>, frequency: (word: string) => number) {
    for (const word of words) this.frequencies.set(word, frequency(word));
    for (const word of this.frequencies.keys())
      for (const key of [word, ...deletions(word)]) {
        const list = this.byDeletion.get(key);
        if (list) list.push(word);
        else this.byDeletion.set(key, [word]);
      }
  }

  /** The deletion index is rebuilt from the words: a few milliseconds, and half the data to send between threads. */
  static fromData(data: SpellingData): SpellingIndex {
    const frequencies = new Map(data.words.map((w, i) => [w, data.frequencies[i]!]));
    return new SpellingIndex(data.words, (w) => frequencies.get(w)!);
  }

  toData(): SpellingData {
    return { words: [...this.frequencies.keys()], frequencies: [...this.frequencies.values()] };
  }

  /** The closest known word at distance 1 (the most frequent one on ties), or undefined. */
  correct(word: string): string | undefined {
    if (this.frequencies.has(word)) return word;
    const candidates = new Set<string>();
    for (const key of [word, ...deletions(word)]) for (const w of this.byDeletion.get(key) ?? []) candidates.add(w);
    let best: string | undefined;
    for (const c of candidates) {
      if (!withinOneEdit(word, c)) continue;
      if (!best || this.frequencies.get(c)! > this.frequencies.get(best)!) best = c;
    }
    return best;
  }
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Damerau distance ≤ 1 (insert, delete, substitute, or swap two neighbours). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1) return true;
    return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}
