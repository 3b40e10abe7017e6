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
  /** the document side of BM25 for this term, summed over fields with their boosts (query-independent) */
  weight: number;
}

export class Bm25Index {
  private readonly ids: string[] = [];
  private readonly postings = new Map<string, Posting[]>();
  private readonly scores: Float64Array;

  constructor(documents: Bm25Document[], boosts: Record<string, number>, k1 = 1.2, b = 0.75) {
    const fields = Object.keys(boosts);
    const averages = fields.map((f) => documents.reduce((sum, d) => sum + (d.fields[f]?.length ?? 0), 0) / Math.max(1, documents.length) || 1);
    documents.forEach((d, doc) => {
      this.ids.push(d.id);
      const perTerm = new Map<string, number>();
      fields.forEach((field, f) => {
        const terms = d.fields[field] ?? [];
        const counts = new Map<string, number>();
        for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
        const norm = k1 * (1 - b + (b * terms.length) / averages[f]!);
        for (const [t, freq] of counts) perTerm.set(t, (perTerm.get(t) ?? 0) + boosts[field]! * ((freq * (k1 + 1)) / (freq + norm)));
      });
      for (const [t, weight] of perTerm) {
        const list = this.postings.get(t);
        if (list) list.push({ doc, weight });
        else this.postings.set(t, [{ doc, weight }]);
      }
    });
    this.scores = new Float64Array(documents.length);
  }

  /** Scores of every document that contains at least one term (OR), by id. */
  search(terms: string[]): Map<string, number> {
    const n = this.ids.length;
    const touched: number[] = [];
    const scores = this.scores;
    for (const term of new Set(terms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const p of list) {
        if (scores[p.doc] === 0) touched.push(p.doc);
        scores[p.doc] = scores[p.doc]! + idf * p.weight;
      }
    }
    const out = new Map<string, number>();
    for (const doc of touched) {
      out.set(this.ids[doc]!, scores[doc]!);
      scores[doc] = 0;
    }
    return out;
  }
}
