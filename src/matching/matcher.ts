/**
 * Rank knowledge-base entries for a message.
 * Two rankers over the same normalised terms — BM25 over syllables and bigrams of each entry's
 * phrasings, title and answer, and fuse.js (typo-tolerant: misspelt words are matched against the
 * knowledge base's vocabulary, short questions against entry titles) — plus direct overlap measures;
 * a logistic model learned on the evaluation set's dev split fuses them into one confidence per entry
 * (src/matching/model.json, `npm run eval -- --tune`).
 */
import Fuse from 'fuse.js';
import type { Entry } from '../knowledge-base/types.js';
import { buildAbbreviationTable, type AbbreviationTable } from './abbreviations.js';
import { analyse, bigramsOf, sentencesOf, type Analysed } from './analyse.js';
import { Bm25Index } from './bm25.js';
import model from './model.json' with { type: 'json' };

export const FEATURES = ['cosine', 'coverage', 'phrasingCoverage', 'bigramCoverage', 'bm25Relative', 'bm25Squashed', 'fuse', 'answerCoverage', 'shortQuery'] as const;
export type FeatureName = (typeof FEATURES)[number];
export type CandidateFeatures = Record<FeatureName, number>;
export type Weights = Record<FeatureName | 'bias', number>;

export interface Candidate {
  entryId: string;
  /** 0..1: the model's estimate that this entry answers the message */
  score: number;
  features: CandidateFeatures;
}

export interface MatchResult {
  candidates: Candidate[];
  /** the part of the message the best candidate was found for (long messages are split) */
  segment: string;
  analysed: Analysed;
}

interface IndexedText {
  weights: Map<string, number>;
  norm: number;
  mass: number;
}

export interface MatcherOptions {
  abbreviations: Map<string, string>;
  weights?: Weights;
}

const BIGRAM_BOOST = 1.6;
export const MAX_CANDIDATES = 8;

export const DEFAULT_WEIGHTS: Weights = model.weights as Weights;

export class Matcher {
  readonly table: AbbreviationTable;
  readonly weights: Weights;
  private readonly phrasingsByEntry = new Map<string, IndexedText[]>();
  private readonly entryVocabulary = new Map<string, Set<string>>();
  private readonly answerVocabulary = new Map<string, Set<string>>();
  private readonly documentFrequency = new Map<string, number>();
  private readonly vocabularySet: Set<string>;
  private readonly bm25: Bm25Index;
  private readonly fuseTerms: Fuse<string>;
  private readonly fuseTitles: Fuse<{ id: string; title: string }>;
  private readonly corrections = new Map<string, string>();
  private documents = 0;

  constructor(readonly entries: Entry[], options: MatcherOptions) {
    this.table = buildAbbreviationTable(options.abbreviations);
    this.weights = options.weights ?? DEFAULT_WEIGHTS;
    const analysedByEntry = new Map<string, Analysed[]>();
    const docs: { id: string; fields: Record<string, string[]> }[] = [];
    const titles: { id: string; title: string }[] = [];
    for (const entry of entries) {
      const texts = [entry.title, ...entry.phrasings].map((t) => analyse(t, this.table)).filter((a) => a.terms.length > 0);
      analysedByEntry.set(entry.id, texts);
      for (const a of texts) for (const t of new Set(a.terms)) this.documentFrequency.set(t, (this.documentFrequency.get(t) ?? 0) + 1);
      this.documents += texts.length;
      this.entryVocabulary.set(entry.id, new Set(texts.flatMap((a) => a.terms)));
      const answer = analyse(`${entry.answer}\n${entry.more ?? ''}`.replace(/\{\{[^}]*\}\}/g, ' '), this.table);
      this.answerVocabulary.set(entry.id, new Set([...answer.terms, ...texts.flatMap((a) => a.terms)]));
      docs.push({ id: entry.id, fields: { phrasings: texts.slice(1).flatMap((a) => a.terms), title: texts[0]?.terms ?? [], answer: answer.terms } });
      titles.push({ id: entry.id, title: texts[0]?.content.join(' ') ?? '' });
    }
    for (const [entryId, texts] of analysedByEntry) {
      this.phrasingsByEntry.set(entryId, texts.map((a) => this.indexText(a.terms)));
    }
    this.bm25 = new Bm25Index(docs, { phrasings: 2, title: 1.5, answer: 0.3 });
    this.vocabularySet = new Set(this.documentFrequency.keys());
    const words = [...this.vocabularySet].filter((t) => !t.includes('_') && t.length >= 3 && !/\d/.test(t));
    this.fuseTerms = new Fuse(words, { threshold: 0.34, includeScore: true, minMatchCharLength: 3 });
    this.fuseTitles = new Fuse(titles, { keys: ['title'], includeScore: true, ignoreLocation: true, threshold: 0.4 });
  }

  private indexText(terms: string[]): IndexedText {
    const weights = new Map<string, number>();
    for (const t of terms) weights.set(t, this.idf(t));
    let norm = 0;
    let mass = 0;
    for (const w of weights.values()) {
      norm += w * w;
      mass += w;
    }
    return { weights, norm: Math.sqrt(norm), mass };
  }

  /** Inverse document frequency of a term over all phrasings and titles (bigrams weigh more). */
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
      let fixed = this.corrections.get(t);
      if (fixed === undefined) {
        const best = this.fuseTerms.search(t, { limit: 1 })[0];
        fixed = best && (best.score ?? 1) <= 0.34 ? best.item : t;
        if (this.corrections.size < 50_000) this.corrections.set(t, fixed);
      }
      if (fixed !== t) changed = true;
      return fixed;
    });
    if (!changed) return analysed;
    const bigrams = bigramsOf(content);
    return { ...analysed, content, bigrams, terms: [...content, ...bigrams] };
  }

  match(text: string): MatchResult {
    const whole = this.correct(analyse(text.slice(0, 2000), this.table));
    let best = this.rank(whole);
    let segment = text;
    let bestAnalysed = whole;
    const sentences = sentencesOf(text.slice(0, 2000));
    if (sentences.length > 1) {
      // A long message: its question is usually one sentence (or two) among personal detail.
      for (let i = 0; i < sentences.length; i++) {
        for (const piece of [sentences[i]!, i + 1 < sentences.length ? `${sentences[i]} ${sentences[i + 1]}` : '']) {
          if (!piece) continue;
          const a = this.correct(analyse(piece, this.table));
          if (a.content.length < 2) continue;
          const ranked = this.rank(a);
          if ((ranked[0]?.score ?? 0) > (best[0]?.score ?? 0)) {
            best = ranked;
            segment = piece;
            bestAnalysed = a;
          }
        }
      }
    }
    return { candidates: best, segment, analysed: bestAnalysed };
  }

  /** Candidates with their features, best first. */
  rank(a: Analysed): Candidate[] {
    if (a.terms.length === 0) return [];
    const query = this.indexText(a.terms);
    const bigramMass = a.bigrams.reduce((s, t) => s + this.idf(t), 0);

    const bm25 = this.bm25.search(a.terms);
    const fuseBest = new Map<string, number>();
    // Short questions are often just a topic ("thai san", "luong toi thieu"): match them against titles, typos included.
    if (a.content.length > 0 && a.content.length <= 5) {
      for (const hit of this.fuseTitles.search(a.content.join(' '), { limit: MAX_CANDIDATES })) fuseBest.set(hit.item.id, 1 - (hit.score ?? 1));
    }
    const topBm25 = Math.max(0, ...bm25.values());
    const pool = new Set([...[...bm25.entries()].sort((x, y) => y[1] - x[1]).slice(0, MAX_CANDIDATES * 2).map(([id]) => id), ...fuseBest.keys()]);

    const candidates: Candidate[] = [];
    for (const entryId of pool) {
      let cosine = 0;
      let phrasingCoverage = 0;
      for (const p of this.phrasingsByEntry.get(entryId) ?? []) {
        let dot = 0;
        let covered = 0;
        for (const [t, w] of p.weights) {
          const qw = query.weights.get(t);
          if (qw !== undefined) {
            dot += qw * w;
            covered += w;
          }
        }
        const cos = p.norm > 0 && query.norm > 0 ? dot / (p.norm * query.norm) : 0;
        if (cos > cosine) {
          cosine = cos;
          phrasingCoverage = p.mass > 0 ? covered / p.mass : 0;
        }
      }
      const vocab = this.entryVocabulary.get(entryId)!;
      const broad = this.answerVocabulary.get(entryId)!;
      let found = 0;
      let foundBroad = 0;
      let foundBigrams = 0;
      for (const [t, w] of query.weights) {
        if (vocab.has(t)) {
          found += w;
          if (t.includes('_')) foundBigrams += w;
        }
        if (broad.has(t)) foundBroad += w;
      }
      const raw = bm25.get(entryId) ?? 0;
      const features: CandidateFeatures = {
        cosine,
        coverage: query.mass > 0 ? found / query.mass : 0,
        phrasingCoverage,
        bigramCoverage: bigramMass > 0 ? foundBigrams / bigramMass : 0,
        bm25Relative: topBm25 > 0 ? raw / topBm25 : 0,
        bm25Squashed: raw / (raw + 20),
        fuse: fuseBest.get(entryId) ?? 0,
        answerCoverage: query.mass > 0 ? foundBroad / query.mass : 0,
        shortQuery: a.content.length <= 3 ? 1 : 0,
      };
      candidates.push({ entryId, score: scoreOf(features, this.weights), features });
    }
    return candidates.sort((x, y) => y.score - x.score).slice(0, MAX_CANDIDATES);
  }
}

export function linear(f: CandidateFeatures, w: Weights): number {
  let z = w.bias;
  for (const name of FEATURES) z += w[name] * f[name];
  return z;
}

export function scoreOf(f: CandidateFeatures, w: Weights): number {
  return 1 / (1 + Math.exp(-linear(f, w)));
}
