/**
 * BM25 over a few weighted fields, on an inverted index of pre-analysed terms.
 * Written here rather than taken from MiniSearch because it is on the hot path of every message and
 * measured 5–10× faster for our short OR queries (see bench/README.md); the scoring is textbook BM25.
 */

export interface Bm25Document {
  id: string;
  /** field name → terms (already normalised) */
  fields: Record<string, string[]>;
}

interface Posting {
  doc: number;
  /** term frequency per field */
  tf: Float64Array;
}

export class Bm25Index {
  private readonly ids: string[] = [];
  private readonly lengths: Float64Array[] = [];
  private readonly averages: Float64Array;
  private readonly postings = new Map<string, Posting[]>();
  private readonly fieldNames: string[];
  private readonly boosts: Float64Array;

  constructor(documents: Bm25Document[], boosts: Record<string, number>, private readonly k1 = 1.2, private readonly b = 0.75) {
    this.fieldNames = Object.keys(boosts);
    this.boosts = Float64Array.from(this.fieldNames.map((f) => boosts[f]!));
    const totals = new Float64Array(this.fieldNames.length);
    documents.forEach((d, doc) => {
      this.ids.push(d.id);
      const lengths = new Float64Array(this.fieldNames.length);
      const perTerm = new Map<string, Float64Array>();
      this.fieldNames.forEach((field, f) => {
        const terms = d.fields[field] ?? [];
        lengths[f] = terms.length;
        totals[f] = totals[f]! + terms.length;
        for (const t of terms) {
          const tf = perTerm.get(t) ?? new Float64Array(this.fieldNames.length);
          tf[f] = tf[f]! + 1;
          perTerm.set(t, tf);
        }
      });
      this.lengths.push(lengths);
      for (const [t, tf] of perTerm) {
        const list = this.postings.get(t) ?? [];
        list.push({ doc, tf });
        this.postings.set(t, list);
      }
    });
    this.averages = Float64Array.from(totals, (t) => (documents.length ? t / documents.length : 0) || 1);
  }

  /** Scores of every document that contains at least one term (OR), by id. */
  search(terms: string[]): Map<string, number> {
    const scores = new Map<number, number>();
    const n = this.ids.length;
    for (const term of new Set(terms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, tf } of list) {
        let s = 0;
        const lengths = this.lengths[doc]!;
        for (let f = 0; f < tf.length; f++) {
          const freq = tf[f]!;
          if (freq === 0) continue;
          const norm = this.k1 * (1 - this.b + (this.b * lengths[f]!) / this.averages[f]!);
          s += this.boosts[f]! * ((freq * (this.k1 + 1)) / (freq + norm));
        }
        scores.set(doc, (scores.get(doc) ?? 0) + idf * s);
      }
    }
    const out = new Map<string, number>();
    for (const [doc, s] of scores) out.set(this.ids[doc]!, s);
    return out;
  }
}
