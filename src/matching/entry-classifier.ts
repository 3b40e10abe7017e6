/**
 * Which entry does a message belong to? A discriminative model learned from the entries' own phrasings,
 * next to BM25 and the phrasing similarities in the matcher: where those weigh a word by how rare it is
 * in the whole knowledge base, this one learns which words tell two neighbouring entries apart
 * ("báo trước" + "công ty" for the employer's notice, "báo trước" + "em nghỉ" for the worker's).
 *
 * Multinomial logistic regression over the matcher's terms (syllables and pairs), with one weight for
 * each (term, entry) where the term occurs in that entry's title or phrasings — so the model stays as
 * sparse as the knowledge base itself. An entry none of a message's terms points to scores 0, so
 * training and scoring touch only the entries a message's terms point to. Trained when the knowledge
 * base loads, deterministically, with terms randomly left out in each pass so that it does not merely
 * memorise each phrasing.
 */
import { seededRandom, shuffle } from './maths.js';

export interface EntryExample {
  entry: number;
  /** the example's distinct term ids (numbered by the caller from 0) */
  terms: number[];
}

export interface EntryTraining {
  epochs?: number;
  rate?: number;
  /** share of an example's terms left out in each pass */
  dropout?: number;
  l2?: number;
}

/**
 * The scores of the entries a message's terms point to; every other entry scores 0. It reads the
 * classifier's working arrays: use it before the classifier scores another message.
 */
export class EntryScores {
  private readonly logZ: number;

  constructor(
    private readonly scores: Float64Array,
    private readonly touched: Int32Array,
    private readonly count: number,
    readonly entryCount: number,
  ) {
    this.logZ = logPartition(scores, touched, count, entryCount);
  }

  probability(entry: number): number {
    return entry >= 0 && entry < this.entryCount ? Math.exp(this.scores[entry]! - this.logZ) : 0;
  }

  /** The k most probable entries, best first (ties: the earlier entry). */
  best(k: number): number[] {
    const out: number[] = [];
    const s = this.scores;
    for (let i = 0; i < this.count; i++) {
      const e = this.touched[i]!;
      if (out.length === k && s[e]! <= s[out[k - 1]!]!) continue;
      let at = out.length === k ? k - 1 : out.length;
      while (at > 0 && (s[out[at - 1]!]! < s[e]! || (s[out[at - 1]!] === s[e] && out[at - 1]! > e))) at--;
      out.splice(at, 0, e);
      if (out.length > k) out.pop();
    }
    return out;
  }
}

/** What a classifier has learned, as plain data (typed arrays: they cross to another thread by structured clone). */
export interface EntryClassifierData {
  entryCount: number;
  offsets: Int32Array;
  entries: Int32Array;
  weights: Float64Array;
}

export class EntryClassifier {
  /**
   * One row per term id, all in flat arrays (no object per term: a large knowledge base has hundreds
   * of thousands of terms, and many small objects slow down every garbage collection): term t has a
   * weight for each entry in entries[offsets[t] .. offsets[t + 1]), ascending, in the same place of
   * `weights`.
   */
  private readonly offsets: Int32Array;
  private readonly entries: Int32Array;
  private readonly weights: Float64Array;
  /** working arrays of `scores` */
  private readonly buffer: Float64Array;
  private readonly touched: Int32Array;
  private readonly marked: Uint8Array;
  private touchedCount = 0;

  readonly entryCount: number;

  /** `termCount`: every term id in the examples and in later messages is below it. */
  constructor(entryCount: number, termCount: number, examples: EntryExample[], options?: EntryTraining);
  /** A classifier from another one's data (`toData`): nothing is trained again. */
  constructor(data: EntryClassifierData);
  constructor(source: number | EntryClassifierData, termCount = 0, examples: EntryExample[] = [], options: EntryTraining = {}) {
    if (typeof source !== 'number') {
      this.entryCount = source.entryCount;
      this.offsets = source.offsets;
      this.entries = source.entries;
      this.weights = source.weights;
      this.buffer = new Float64Array(source.entryCount);
      this.touched = new Int32Array(source.entryCount);
      this.marked = new Uint8Array(source.entryCount);
      return;
    }
    const entryCount = source;
    this.entryCount = entryCount;
    const epochs = options.epochs ?? 10;
    const rate = options.rate ?? 0.5;
    const dropout = options.dropout ?? 0.5;
    const l2 = options.l2 ?? 1e-4;
    // Which entries each term occurs in: count, then fill, visiting the examples by entry so that
    // each row comes out ascending and a term seen twice for the same entry is counted once.
    const byEntry = examples.map((_e, i) => i).sort((a, b) => examples[a]!.entry - examples[b]!.entry || a - b);
    this.offsets = new Int32Array(termCount + 1);
    const last = new Int32Array(termCount).fill(-1);
    for (const i of byEntry) {
      const { entry, terms } = examples[i]!;
      for (const t of terms)
        if (last[t] !== entry) {
          last[t] = entry;
          this.offsets[t + 1]!++;
        }
    }
    for (let t = 0; t < termCount; t++) this.offsets[t + 1]! += this.offsets[t]!;
    this.entries = new Int32Array(this.offsets[termCount]!);
    this.weights = new Float64Array(this.offsets[termCount]!);
    const next = this.offsets.slice(0, termCount);
    last.fill(-1);
    for (const i of byEntry) {
      const { entry, terms } = examples[i]!;
      for (const t of terms)
        if (last[t] !== entry) {
          last[t] = entry;
          this.entries[next[t]!++] = entry;
        }
    }
    const data = examples.filter((e) => e.terms.length > 0);

    const random = seededRandom(11);
    const order = data.map((_e, i) => i);
    this.buffer = new Float64Array(entryCount);
    this.touched = new Int32Array(entryCount);
    this.marked = new Uint8Array(entryCount);
    const { buffer, touched, offsets, entries, weights } = this;
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffle(order, random);
      const step = rate / (1 + epoch);
      for (const index of order) {
        const example = data[index]!;
        const kept = example.terms.filter(() => random() >= dropout);
        if (kept.length === 0) continue;
        // Scores of the entries the kept terms point to, then their probabilities in place.
        const n = this.accumulate(kept);
        const logZ = logPartition(buffer, touched, n, entryCount);
        for (let i = 0; i < n; i++) buffer[touched[i]!] = Math.exp(buffer[touched[i]!]! - logZ);
        // Only entries with a weight for a kept term have a gradient on it.
        for (const t of kept) {
          for (let k = offsets[t]!; k < offsets[t + 1]!; k++) {
            const c = entries[k]!;
            const g = buffer[c]! - (c === example.entry ? 1 : 0);
            weights[k] = weights[k]! - step * (g + l2 * weights[k]!);
          }
        }
      }
    }
  }

  static fromData(data: EntryClassifierData): EntryClassifier {
    return new EntryClassifier(data);
  }

  /** The learned weights as plain data (shared, not copied); the working arrays are left out (fromData makes new ones). */
  toData(): EntryClassifierData {
    return { entryCount: this.entryCount, offsets: this.offsets, entries: this.entries, weights: this.weights };
  }

  /**
   * Sum the terms' weights per entry into the working arrays (first clearing what the last call left):
   * `touched[0..n)` are the entries with a score. Returns n.
   */
  private accumulate(terms: ArrayLike<number>): number {
    const { buffer, touched, marked, offsets, entries, weights } = this;
    for (let i = 0; i < this.touchedCount; i++) {
      buffer[touched[i]!] = 0;
      marked[touched[i]!] = 0;
    }
    let n = 0;
    for (let j = 0; j < terms.length; j++) {
      const t = terms[j]!;
      if (t < 0 || t + 1 >= offsets.length) continue;
      for (let k = offsets[t]!; k < offsets[t + 1]!; k++) {
        const c = entries[k]!;
        if (!marked[c]) {
          marked[c] = 1;
          touched[n++] = c;
        }
        buffer[c] = buffer[c]! + weights[k]!;
      }
    }
    this.touchedCount = n;
    return n;
  }

  /** The scores of a message's term ids (a repeated term counts each time; valid until the next call). */
  scores(terms: ArrayLike<number>): EntryScores {
    const n = this.accumulate(terms);
    return new EntryScores(this.buffer, this.touched, n, this.entryCount);
  }
}

/** log Σ exp(score) over all entries, where the `entryCount - count` entries without a score count as exp(0). */
function logPartition(scores: Float64Array, touched: Int32Array, count: number, entryCount: number): number {
  let max = 0;
  for (let i = 0; i < count; i++) if (scores[touched[i]!]! > max) max = scores[touched[i]!]!;
  let sum = (entryCount - count) * Math.exp(-max);
  for (let i = 0; i < count; i++) sum += Math.exp(scores[touched[i]!]! - max);
  return max + Math.log(sum);
}
