/**
 * Rank knowledge-base entries for a message.
 * Two rankers over the same normalised terms: MiniSearch (BM25 over syllables and bigrams) and
 * fuse.js (typo-tolerant, used to correct misspelt words against the knowledge base's vocabulary
 * and to rank titles and phrasings); their evidence is fused into one confidence per entry.
 */
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import type { Entry } from '../knowledge-base/types.js';
import { buildAbbreviationTable, type AbbreviationTable } from './abbreviations.js';
import { analyse, sentencesOf, type Analysed } from './analyse.js';

export interface Candidate {
  entryId: string;
  /** 0..1, fused evidence that this entry answers the message */
  score: number;
  features: CandidateFeatures;
}

export interface CandidateFeatures {
  /** best idf-weighted cosine between the message and one phrasing of the entry */
  cosine: number;
  /** idf-weighted share of the message's terms found anywhere in the entry's phrasings and title */
  coverage: number;
  /** idf-weighted share of the best phrasing's terms found in the message */
  phrasingCoverage: number;
  /** BM25 score of the entry relative to the best entry for this message */
  bm25Relative: number;
  /** 1 − fuse.js distance of the best title/phrasing, 0 when fuse.js did not find it */
  fuse: number;
}

export interface MatchResult {
  candidates: Candidate[];
  /** the part of the message the best candidate was found for (long messages are split) */
  segment: string;
  analysed: Analysed;
}

interface IndexedPhrasing {
  entryId: string;
  terms: string[];
  weights: Map<string, number>;
  norm: number;
}

export interface MatcherOptions {
  abbreviations: Map<string, string>;
}

const BIGRAM_BOOST = 1.6;
const MAX_CANDIDATES = 8;

export class Matcher {
  readonly table: AbbreviationTable;
  private readonly phrasings: IndexedPhrasing[] = [];
  private readonly byEntry = new Map<string, IndexedPhrasing[]>();
  private readonly entryVocabulary = new Map<string, Set<string>>();
  private readonly documentFrequency = new Map<string, number>();
  private readonly vocabulary: string[];
  private readonly vocabularySet: Set<string>;
  private readonly mini: MiniSearch<{ id: number; entryId: string; terms: string }>;
  private readonly fuseTerms: Fuse<string>;
  private readonly fuseTexts: Fuse<{ entryId: string; text: string }>;
  private documents = 0;

  constructor(readonly entries: Entry[], options: MatcherOptions) {
    this.table = buildAbbreviationTable(options.abbreviations);
    const docs: { id: number; entryId: string; terms: string }[] = [];
    const fuseDocs: { entryId: string; text: string }[] = [];
    for (const entry of entries) {
      const texts = [entry.title, ...entry.phrasings];
      const vocab = new Set<string>();
      for (const text of texts) {
        const a = analyse(text, this.table);
        if (a.terms.length === 0) continue;
        docs.push({ id: docs.length, entryId: entry.id, terms: a.terms.join(' ') });
        fuseDocs.push({ entryId: entry.id, text: a.content.join(' ') });
        for (const t of new Set(a.terms)) this.documentFrequency.set(t, (this.documentFrequency.get(t) ?? 0) + 1);
        a.terms.forEach((t) => vocab.add(t));
        this.phrasings.push({ entryId: entry.id, terms: a.terms, weights: new Map(), norm: 0 });
      }
      this.entryVocabulary.set(entry.id, vocab);
    }
    this.documents = docs.length;
    for (const p of this.phrasings) {
      for (const t of p.terms) p.weights.set(t, this.idf(t));
      p.norm = Math.sqrt([...p.weights.values()].reduce((s, w) => s + w * w, 0));
      const list = this.byEntry.get(p.entryId) ?? [];
      list.push(p);
      this.byEntry.set(p.entryId, list);
    }
    this.mini = new MiniSearch({
      fields: ['terms'],
      storeFields: ['entryId'],
      tokenize: (s) => s.split(' '),
      processTerm: (t) => t,
    });
    this.mini.addAll(docs);
    this.vocabulary = [...this.documentFrequency.keys()].filter((t) => !t.includes('_') && t.length >= 3 && !/\d/.test(t));
    this.vocabularySet = new Set(this.documentFrequency.keys());
    this.fuseTerms = new Fuse(this.vocabulary, { threshold: 0.34, includeScore: true, minMatchCharLength: 3 });
    this.fuseTexts = new Fuse(fuseDocs, { keys: ['text'], threshold: 0.45, includeScore: true, ignoreLocation: true, useExtendedSearch: false });
  }

  /** Inverse document frequency of a term over all phrasings (bigrams weigh more). */
  idf(term: string): number {
    const df = this.documentFrequency.get(term) ?? 0;
    const base = Math.log(1 + (this.documents + 1) / (df + 0.5));
    return term.includes('_') ? base * BIGRAM_BOOST : base;
  }

  /** Replace words the knowledge base never uses by their closest known spelling ("bao hiemm" → "bao hiem"). */
  correct(analysed: Analysed): Analysed {
    let changed = false;
    const content = analysed.content.map((t) => {
      if (this.vocabularySet.has(t) || t.length < 4 || /\d/.test(t)) return t;
      const best = this.fuseTerms.search(t, { limit: 1 })[0];
      if (best && (best.score ?? 1) <= 0.34) {
        changed = true;
        return best.item;
      }
      return t;
    });
    if (!changed) return analysed;
    const bigrams = content.slice(1).map((t, i) => `${content[i]}_${t}`);
    return { ...analysed, content, bigrams, terms: [...content, ...bigrams] };
  }

  match(text: string): MatchResult {
    const whole = this.correct(analyse(text, this.table));
    let best = this.rank(whole);
    let segment = text;
    let bestAnalysed = whole;
    const sentences = sentencesOf(text);
    if (sentences.length > 1 || whole.content.length > 14) {
      // A long message: its question is usually one sentence among personal detail.
      const segments = sentences.length > 1 ? sentences : [];
      for (let i = 0; i < segments.length; i++) {
        for (const piece of [segments[i]!, i + 1 < segments.length ? `${segments[i]} ${segments[i + 1]}` : '']) {
          if (!piece) continue;
          const a = this.correct(analyse(piece, this.table));
          if (a.content.length < 2) continue;
          const ranked = this.rank(a);
          if ((ranked[0]?.score ?? 0) > (best[0]?.score ?? 0) + 0.02) {
            best = ranked;
            segment = piece;
            bestAnalysed = a;
          }
        }
      }
    }
    return { candidates: best, segment, analysed: bestAnalysed };
  }

  private rank(a: Analysed): Candidate[] {
    if (a.terms.length === 0) return [];
    const queryWeights = new Map<string, number>();
    for (const t of a.terms) queryWeights.set(t, this.idf(t));
    const queryNorm = Math.sqrt([...queryWeights.values()].reduce((s, w) => s + w * w, 0));
    const queryMass = [...queryWeights.values()].reduce((s, w) => s + w, 0);

    const bm25 = new Map<string, number>();
    for (const hit of this.mini.search(a.terms.join(' '), { combineWith: 'OR' })) {
      const entryId = hit.entryId as string;
      bm25.set(entryId, Math.max(bm25.get(entryId) ?? 0, hit.score));
    }
    const fuseBest = new Map<string, number>();
    if (a.content.length > 0 && a.content.length <= 12) {
      for (const hit of this.fuseTexts.search(a.content.join(' '), { limit: 20 })) {
        const s = 1 - (hit.score ?? 1);
        fuseBest.set(hit.item.entryId, Math.max(fuseBest.get(hit.item.entryId) ?? 0, s));
      }
    }
    const topBm25 = Math.max(0, ...bm25.values());
    const pool = new Set([...[...bm25.entries()].sort((x, y) => y[1] - x[1]).slice(0, MAX_CANDIDATES * 2).map(([id]) => id), ...fuseBest.keys()]);

    const candidates: Candidate[] = [];
    for (const entryId of pool) {
      let cosine = 0;
      let phrasingCoverage = 0;
      for (const p of this.byEntry.get(entryId) ?? []) {
        let dot = 0;
        let covered = 0;
        for (const [t, w] of p.weights) {
          const qw = queryWeights.get(t);
          if (qw !== undefined) {
            dot += qw * w;
            covered += w;
          }
        }
        const cos = p.norm > 0 && queryNorm > 0 ? dot / (p.norm * queryNorm) : 0;
        if (cos > cosine) {
          cosine = cos;
          const mass = [...p.weights.values()].reduce((s, w) => s + w, 0);
          phrasingCoverage = mass > 0 ? covered / mass : 0;
        }
      }
      const vocab = this.entryVocabulary.get(entryId) ?? new Set<string>();
      let found = 0;
      for (const [t, w] of queryWeights) if (vocab.has(t)) found += w;
      const coverage = queryMass > 0 ? found / queryMass : 0;
      const features: CandidateFeatures = {
        cosine,
        coverage,
        phrasingCoverage,
        bm25Relative: topBm25 > 0 ? (bm25.get(entryId) ?? 0) / topBm25 : 0,
        fuse: fuseBest.get(entryId) ?? 0,
      };
      candidates.push({ entryId, score: fuseScore(features), features });
    }
    return candidates.sort((x, y) => y.score - x.score).slice(0, MAX_CANDIDATES);
  }
}

/** Weights of each piece of evidence; see docs/matching.md for how they were chosen. */
export const FUSION_WEIGHTS = { cosine: 0.4, coverage: 0.3, phrasingCoverage: 0.1, bm25Relative: 0.1, fuse: 0.1 };

export function fuseScore(f: CandidateFeatures): number {
  const w = FUSION_WEIGHTS;
  return w.cosine * f.cosine + w.coverage * f.coverage + w.phrasingCoverage * f.phrasingCoverage + w.bm25Relative * f.bm25Relative + w.fuse * f.fuse;
}
