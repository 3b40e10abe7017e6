/**
 * BM25 over a few weighted fields, on an inverted index of pre-analysed terms (as ids the caller assigns).
 * Written here rather than taken from MiniSearch because it is on the hot path of every message and
 * measured 5–10× faster for our short OR queries (see bench/README.md); the scoring is textbook BM25.
 * Postings are typed arrays with the term's idf folded in, and a search returns only the best few
 * documents, so a message allocates almost nothing however large the knowledge base is.
 */

export interface Bm25Document {
  id: string;
  /** field name → term ids (of already normalised terms, numbered by the caller from 0) */
  fields: Record<string, ArrayLike<number>>;
}

export interface Bm25Hits {
  /** document ids, best first */
  ids: string[];
  scores: number[];
}

/** What an index holds, as plain data (typed arrays and arrays: they cross to another thread by structured clone). */
export interface Bm25Data {
  ids: string[];
  offsets: Int32Array;
  docs: Int32Array;
  weights: Float64Array;
}

export class Bm25Index {
  private readonly ids: string[] = [];
  private readonly positions = new Map<string, number>();
  /**
   * Postings of every term in three flat arrays (no object per term: a large knowledge base has
   * hundreds of thousands of terms, and many small objects slow down every garbage collection):
   * term t's documents are docs[offsets[t] .. offsets[t + 1]), each with its weight — idf × the
   * document side of BM25, summed over fields with their boosts.
   */
  private readonly offsets: Int32Array;
  private readonly docs: Int32Array;
  private readonly weights: Float64Array;
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;

  /** `termCount`: every term id in the documents and in later searches is below it. */
  constructor(documents: Bm25Document[], boosts: Record<string, number>, termCount: number, k1?: number, b?: number);
  /** An index from another one's data (`toData`): nothing is computed again. */
  constructor(data: Bm25Data);
  constructor(source: Bm25Document[] | Bm25Data, boosts: Record<string, number> = {}, termCount = 0, k1 = 1.2, b = 0.75) {
    if (!Array.isArray(source)) {
      source.ids.forEach((id, i) => this.positions.set(id, i));
      this.ids = source.ids;
      this.offsets = source.offsets;
      this.docs = source.docs;
      this.weights = source.weights;
      this.scores = new Float64Array(source.ids.length);
      this.touched = new Int32Array(source.ids.length);
      return;
    }
    const documents = source;
    const fields = Object.keys(boosts);
    const averages = fields.map((f) => documents.reduce((sum, d) => sum + (d.fields[f]?.length ?? 0), 0) / Math.max(1, documents.length) || 1);
    // (term, document, weight) for every term of every document, documents in order.
    const termOf: number[] = [];
    const docOf: number[] = [];
    const weightOf: number[] = [];
    documents.forEach((d, doc) => {
      this.positions.set(d.id, this.ids.length);
      this.ids.push(d.id);
      const perTerm = new Map<number, number>();
      fields.forEach((field, f) => {
        const terms = d.fields[field] ?? [];
        const counts = new Map<number, number>();
        for (let i = 0; i < terms.length; i++) counts.set(terms[i]!, (counts.get(terms[i]!) ?? 0) + 1);
        const norm = k1 * (1 - b + (b * terms.length) / averages[f]!);
        for (const [t, freq] of counts) perTerm.set(t, (perTerm.get(t) ?? 0) + boosts[field]! * ((freq * (k1 + 1)) / (freq + norm)));
      });
      for (const [t, weight] of perTerm) {
        termOf.push(t);
        docOf.push(doc);
        weightOf.push(weight);
      }
    });
    // Group by term (a counting sort keeps each term's documents in order).
    this.offsets = new Int32Array(termCount + 1);
    for (const t of termOf) this.offsets[t + 1]!++;
    for (let t = 0; t < termCount; t++) this.offsets[t + 1]! += this.offsets[t]!;
    this.docs = new Int32Array(termOf.length);
    this.weights = new Float64Array(termOf.length);
    const next = this.offsets.slice(0, termCount);
    for (let i = 0; i < termOf.length; i++) {
      const at = next[termOf[i]!]!++;
      this.docs[at] = docOf[i]!;
      this.weights[at] = weightOf[i]!;
    }
    const n = documents.length;
    for (let t = 0; t < termCount; t++) {
      const df = this.offsets[t + 1]! - this.offsets[t]!;
      if (df === 0) continue;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let at = this.offsets[t]!; at < this.offsets[t + 1]!; at++) this.weights[at] = this.weights[at]! * idf;
    }
    this.scores = new Float64Array(n);
    this.touched = new Int32Array(n);
  }

  static fromData(data: Bm25Data): Bm25Index {
    return new Bm25Index(data);
  }

  /** The index as plain data (shared, not copied); `search`'s working arrays are left out (fromData makes new ones). */
  toData(): Bm25Data {
    return { ids: this.ids, offsets: this.offsets, docs: this.docs, weights: this.weights };
  }

  /** Position of a document id (for `search`'s `also`). */
  indexOf(id: string): number {
    return this.positions.get(id) ?? -1;
  }

  /**
   * The k best documents containing at least one of the terms (OR; distinct term ids), best first; `also` (document
   * positions) are added after them, with their own scores, when they are not among the k.
   */
  search(terms: ArrayLike<number>, k: number, also: number[] = []): Bm25Hits {
    const { scores, touched, offsets, docs, weights } = this;
    let count = 0;
    for (let j = 0; j < terms.length; j++) {
      const term = terms[j]!;
      if (term < 0 || term + 1 >= offsets.length) continue;
      for (let i = offsets[term]!; i < offsets[term + 1]!; i++) {
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
