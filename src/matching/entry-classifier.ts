/**
 * Which entry does a message belong to? A discriminative model learned from the entries' own phrasings,
 * next to BM25 and the phrasing similarities in the matcher: where those weigh a word by how rare it is
 * in the whole knowledge base, this one learns which words tell two neighbouring entries apart
 * ("báo trước" + "công ty" for the employer's notice, "báo trước" + "em nghỉ" for the worker's).
 *
 * Multinomial logistic regression over the matcher's terms (syllables and pairs), with one weight for
 * each (term, entry) where the term occurs in that entry's title or phrasings — so the model stays as
 * sparse as the knowledge base itself, also with thousands of entries. Trained when the knowledge base
 * loads, deterministically, with terms randomly left out during training so that it does not merely
 * memorise each phrasing.
 */

export interface EntryExample {
  entry: number;
  terms: string[];
}

export interface EntryTraining {
  epochs?: number;
  rate?: number;
  /** share of an example's terms left out in each pass */
  dropout?: number;
  l2?: number;
}

interface Row {
  entries: Int32Array;
  weights: Float64Array;
}

export class EntryClassifier {
  private readonly rows = new Map<string, Row>();
  private readonly logits: Float64Array;

  constructor(
    readonly entryCount: number,
    examples: EntryExample[],
    options: EntryTraining = {},
  ) {
    const epochs = options.epochs ?? 10;
    const rate = options.rate ?? 0.5;
    const dropout = options.dropout ?? 0.5;
    const l2 = options.l2 ?? 1e-4;
    const owners = new Map<string, Set<number>>();
    for (const e of examples) for (const t of e.terms) (owners.get(t) ?? owners.set(t, new Set()).get(t)!).add(e.entry);
    for (const [t, set] of owners) {
      const entries = Int32Array.from([...set].sort((a, b) => a - b));
      this.rows.set(t, { entries, weights: new Float64Array(entries.length) });
    }
    this.logits = new Float64Array(entryCount);

    const random = lcg(11);
    const order = examples.map((_e, i) => i);
    const p = this.logits;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const step = rate / (1 + epoch);
      for (const index of order) {
        const example = examples[index]!;
        const kept = example.terms.filter(() => random() >= dropout);
        if (kept.length === 0) continue;
        this.score(kept, p);
        softmax(p);
        for (const t of kept) {
          const row = this.rows.get(t)!;
          for (let k = 0; k < row.entries.length; k++) {
            const c = row.entries[k]!;
            const g = p[c]! - (c === example.entry ? 1 : 0);
            row.weights[k] = row.weights[k]! - step * (g + l2 * row.weights[k]!);
          }
        }
      }
    }
  }

  /** Log-odds-like scores of every entry for a message's terms, into `out` (length entryCount). */
  score(terms: Iterable<string>, out: Float64Array): void {
    out.fill(0);
    for (const t of terms) {
      const row = this.rows.get(t);
      if (!row) continue;
      for (let k = 0; k < row.entries.length; k++) out[row.entries[k]!] = out[row.entries[k]!]! + row.weights[k]!;
    }
  }

  /** The probability of every entry for a message's terms, into `out` (length entryCount). */
  probabilities<T extends Float64Array>(terms: Iterable<string>, out: T): T {
    this.score(terms, out);
    softmax(out);
    return out;
  }
}

function softmax(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp(z[i]! - max);
    sum += z[i]!;
  }
  for (let i = 0; i < z.length; i++) z[i] = z[i]! / sum;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
