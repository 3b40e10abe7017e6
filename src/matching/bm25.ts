/**
 * BM25 over a few weighted fields, on an inverted index of pre-analysed terms.
 * Written here rather than taken from MiniSearch because it is on the hot path of every message and
 * measured 5–10× faster for our short OR queries (see bench/README.md); the scoring is textbook BM25.
 * Postings are typed arrays with the term's idf folded in, and a search returns only the best few
 * documents, so a message allocates almost nothing however large the knowledge base is.
 */

export interface Bm25Document {
  id: string;
  /** field name → terms (already normalised) */
  fields: Record<string, string[]>;
}

interface Postings {
  docs: Int32Array;
  /** idf × the document side of BM25 for this term, summed over fields with their boosts */
  weights: Float64Array;
}

export interface Bm25Hits {
  /** document ids, best first */
  ids: string[];
  scores: number[];
}

export class Bm25Index {
  private readonly ids: string[] = [];
  private readonly positions = new Map<string, number>();
  private readonly postings = new Map<string, Postings>();
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;

  constructor(documents: Bm25Document[], boosts: Record<string, number>, k1 = 1.2, b = 0.75) {
    const fields = Object.keys(boosts);
    const averages = fields.map((f) => documents.reduce((sum, d) => sum + (d.fields[f]?.length ?? 0), 0) / Math.max(1, documents.length) || 1);
    const lists = new Map<string, { docs: number[]; weights: number[] }>();
    documents.forEach((d, doc) => {
      this.positions.set(d.id, this.ids.length);
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
        const list = lists.get(t) ?? { docs: [], weights: [] };
        list.docs.push(doc);
        list.weights.push(weight);
        lists.set(t, list);
      }
    });
    const n = documents.length;
    for (const [t, list] of lists) {
      const idf = Math.log(1 + (n - list.docs.length + 0.5) / (list.docs.length + 0.5));
      this.postings.set(t, { docs: Int32Array.from(list.docs), weights: Float64Array.from(list.weights, (w) => w * idf) });
    }
    this.scores = new Float64Array(n);
    this.touched = new Int32Array(n);
  }

  /** Position of a document id (for `search`'s `also`). */
  indexOf(id: string): number {
    return this.positions.get(id) ?? -1;
  }

  /**
   * The k best documents containing at least one of the terms (OR), best first; `also` (document
   * positions) are added after them, with their own scores, when they are not among the k.
   */
  search(terms: string[], k: number, also: number[] = []): Bm25Hits {
    const scores = this.scores;
    const touched = this.touched;
    let count = 0;
    const seen = new Set<string>();
    for (const term of terms) {
      if (seen.has(term)) continue;
      seen.add(term);
      const list = this.postings.get(term);
      if (!list) continue;
      const { docs, weights } = list;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        if (scores[doc] === 0) touched[count++] = doc;
        scores[doc] = scores[doc]! + weights[i]!;
      }
    }
    const extraScores = also.map((doc) => scores[doc] ?? 0);
    // Keep the k best in a small sorted array (k is a dozen; the knowledge base may have thousands).
    const bestDocs: number[] = [];
    const bestScores: number[] = [];
    for (let i = 0; i < count; i++) {
      const doc = touched[i]!;
      const score = scores[doc]!;
      scores[doc] = 0;
      if (bestDocs.length === k && score <= bestScores[k - 1]!) continue;
      let at = bestDocs.length === k ? k - 1 : bestDocs.length;
      while (at > 0 && (bestScores[at - 1]! < score || (bestScores[at - 1] === score && bestDocs[at - 1]! > doc))) at--;
      bestDocs.splice(at, 0, doc);
      bestScores.splice(at, 0, score);
      if (bestDocs.length > k) {
        bestDocs.pop();
        bestScores.pop();
      }
    }
    also.forEach((doc, i) => {
      if (doc < 0 || doc >= this.ids.length || bestDocs.includes(doc)) return;
      bestDocs.push(doc);
      bestScores.push(extraScores[i]!);
    });
    return { ids: bestDocs.map((d) => this.ids[d]!), scores: bestScores };
  }
}
