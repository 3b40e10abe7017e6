/**
 * Rank knowledge-base entries for a message.
 * Candidates come from BM25 over syllables and bigrams of each entry's phrasings, title and answer
 * (bm25.ts), and from the entry classifier learned from the phrasings (entry-classifier.ts). Each is
 * compared with the message in several ways — the classifier's probability, BM25, the best phrasing's
 * similarity, word coverage — and a logistic model fuses them into
 * one confidence per entry (src/matching/model.json, `npm run eval -- --tune`).
 * Misspelt words are first corrected against the knowledge base's vocabulary (spelling.ts).
 */
import type { Entry } from '../knowledge-base/types.js';
import {
  abbreviationTableFromData,
  abbreviationTableToData,
  buildAbbreviationTable,
  type AbbreviationTable,
  type AbbreviationTableData,
} from './abbreviations.js';
import { analyse, bigramsOf, type Analysed } from './analyse.js';
import { Bm25Index, type Bm25Data } from './bm25.js';
import { SpellingIndex, type SpellingData } from './spelling.js';
import { EntryClassifier, type EntryClassifierData } from './entry-classifier.js';
import { IntentClassifier, type IntentClassifierData, type IntentExample, type IntentProbabilities } from './intent-classifier.js';
import { sigmoid } from './maths.js';
import model from './model.json' with { type: 'json' };

/**
 * fuse.js's typo-tolerant title match was a feature here until the ablation of 2026-12-06 (README): its
 * learned weight was about zero and removing it changed none of 1,262 dev decisions, so it left the
 * message path (the spelling index already handles typos).
 */
export const FEATURES = [
  'cosine',
  'coverage',
  'phrasingCoverage',
  'bigramCoverage',
  'bm25Relative',
  'bm25Squashed',
  'answerCoverage',
  'shortQuery',
  'classifier',
  'classifierRelative',
] as const;
export type FeatureName = (typeof FEATURES)[number];
export type CandidateFeatures = Record<FeatureName, number>;
export type Weights = Record<FeatureName | 'bias', number>;

export interface Candidate {
  entryId: string;
  /** 0..1: the model's estimate that this entry answers the message */
  score: number;
  /** the same on the log-odds scale, where differences between close candidates stay visible */
  logit: number;
  features: CandidateFeatures;
}

export interface MatchResult {
  candidates: Candidate[];
  analysed: Analysed;
  /** what kind of message the whole text is: a legal question, not a labour question, or one for a person */
  intents: IntentProbabilities;
  /** the entry classifier's probability that the message is a question for none of the entries */
  noEntry: number;
  /**
   * the entry classifier's probability that the message asks about the worker's own records (a class
   * learned from knowledge-base/intents' personal-record examples against every entry's phrasings)
   */
  personalRecord: number;
}

/** A phrasing or title as term ids with their idf weights (typed arrays: read for every candidate of every message). */
interface IndexedText {
  terms: Int32Array;
  weights: Float64Array;
  norm: number;
  mass: number;
}

export interface MatcherOptions {
  abbreviations: Map<string, string>;
  /** examples of messages that go to a person (knowledge-base/intents); the entries' phrasings are the legal questions */
  intentExamples?: IntentExample[];
  weights?: Weights;
}

/**
 * Everything a matcher has built and learned, as plain data — arrays, typed arrays, plain objects, no class
 * instances — so that it crosses from the worker thread that trains it by structured clone
 * (knowledge-base/build-matcher.ts). Maps are kept as arrays of [key, value] pairs.
 */
export interface MatcherData {
  entries: Entry[];
  table: AbbreviationTableData;
  weights: Weights;
  /** term id → term */
  terms: string[];
  vocabularySize: number;
  documentFrequency: Int32Array;
  idfById: Float64Array;
  documents: number;
  phrasingsByEntry: [string, IndexedText[]][];
  entryVocabulary: [string, Uint32Array][];
  answerVocabulary: [string, Uint32Array][];
  bm25: Bm25Data;
  spelling: SpellingData;
  classifier: EntryClassifierData;
  intents: IntentClassifierData;
  noEntry: number;
  personalClass: number;
}

const BIGRAM_BOOST = 1.6;
/** Only the start of a very long message is read. */
const MAX_MESSAGE = 2000;
/** Longer "words" are not Vietnamese syllables (pasted links, "aaaa…"): never spell-corrected. */
const MAX_WORD = 16;
/** At most this many phrasings teach the intent classifier what a legal question looks like. */
const MAX_LEGAL_EXAMPLES = 6000;
/** The entry classifier's best few always get a full look, whatever BM25 thinks of them. */
const CLASSIFIER_CANDIDATES = 4;
export const MAX_CANDIDATES = 8;
/** BM25's best this many get a full look. */
const POOL_SIZE = MAX_CANDIDATES + 4;

export const DEFAULT_WEIGHTS: Weights = model.weights as Weights;
/** Where tuning starts: every measure counts the same. */
export const INITIAL_WEIGHTS: Weights = { bias: -4, ...(Object.fromEntries(FEATURES.map((f) => [f, 1])) as Record<FeatureName, number>) };

/** An entry's English title and questions, matched like its Vietnamese phrasings. */
function englishTexts(entry: Entry): string[] {
  return entry.en ? [entry.en.title, ...(entry.en.phrasings ?? [])] : [];
}

export class Matcher {
  readonly entries: Entry[];
  readonly table: AbbreviationTable;
  readonly weights: Weights;
  private readonly phrasingsByEntry = new Map<string, IndexedText[]>();
  /**
   * Every term the matcher knows → a small integer: first those of the titles and phrasings (ids below
   * `vocabularySize`: the vocabulary spelling is corrected against), then those only in answers or in
   * the not-labour examples. The BM25 index and the entry classifier are arrays by these ids.
   */
  private readonly termIds = new Map<string, number>();
  private readonly vocabularySize: number;
  /** in how many titles and phrasings each term occurs, by term id */
  private readonly documentFrequency: Int32Array;
  /** the message's weight per term id while a message is ranked (zero otherwise) */
  private queryWeights = new Float64Array(0);
  /** idf by term id, computed once */
  private idfById: Float64Array = new Float64Array(0);
  /** per entry, the term ids of its title and phrasings (a bit set), and of those plus its answer */
  private readonly entryVocabulary = new Map<string, Uint32Array>();
  private readonly answerVocabulary = new Map<string, Uint32Array>();
  private readonly bm25: Bm25Index;
  private readonly spelling: SpellingIndex;
  private documents = 0;
  readonly intents: IntentClassifier;
  private readonly classifier: EntryClassifier;
  /** the entry classifier's class for "not a question for any entry" */
  private readonly noEntry: number;
  /** the entry classifier's class for "a question about the worker's own records" */
  private readonly personalClass: number;

  constructor(entries: Entry[], options: MatcherOptions);
  /** A matcher from another one's data (`toData`), e.g. one built in a worker thread: nothing is trained again. */
  constructor(data: MatcherData);
  constructor(source: Entry[] | MatcherData, maybeOptions?: MatcherOptions) {
    if (!Array.isArray(source)) {
      const data = source;
      this.entries = data.entries;
      this.table = abbreviationTableFromData(data.table);
      this.weights = data.weights;
      data.terms.forEach((term, id) => this.termIds.set(term, id));
      this.vocabularySize = data.vocabularySize;
      this.documentFrequency = data.documentFrequency;
      this.idfById = data.idfById;
      this.queryWeights = new Float64Array(data.terms.length);
      this.documents = data.documents;
      this.phrasingsByEntry = new Map(data.phrasingsByEntry);
      this.entryVocabulary = new Map(data.entryVocabulary);
      this.answerVocabulary = new Map(data.answerVocabulary);
      this.bm25 = Bm25Index.fromData(data.bm25);
      this.spelling = SpellingIndex.fromData(data.spelling);
      this.classifier = EntryClassifier.fromData(data.classifier);
      this.intents = IntentClassifier.fromData(data.intents, this.table);
      this.noEntry = data.noEntry;
      this.personalClass = data.personalClass;
      return;
    }
    const entries = source;
    const options = maybeOptions!;
    this.entries = entries;
    this.table = buildAbbreviationTable(options.abbreviations);
    this.weights = options.weights ?? DEFAULT_WEIGHTS;
    const analysedByEntry = new Map<string, Analysed[]>();
    const answers = new Map<string, Analysed>();
    const vocabularies = new Map<string, Set<string>>();
    const broadVocabularies = new Map<string, Set<string>>();
    const idOf = (term: string) => this.termIds.get(term) ?? this.termIds.set(term, this.termIds.size).get(term)!;
    const frequency: number[] = [];

    for (const entry of entries) {
      // English questions are matched by the same index: their words barely overlap Vietnamese syllables.
      const texts = [entry.title, ...entry.phrasings, ...englishTexts(entry)].map((t) => analyse(t, this.table)).filter((a) => a.terms.length > 0);
      analysedByEntry.set(entry.id, texts);
      for (const a of texts) {
        for (const t of new Set(a.terms)) {
          const id = idOf(t);
          frequency[id] = (frequency[id] ?? 0) + 1;
        }
      }
      this.documents += texts.length;
      vocabularies.set(entry.id, new Set(texts.flatMap((a) => a.terms)));
      const answer = analyse(`${entry.answer}\n${entry.more ?? ''}`.replace(/\{\{[^}]*\}\}/g, ' '), this.table);
      answers.set(entry.id, answer);
      broadVocabularies.set(entry.id, new Set([...answer.terms, ...texts.flatMap((a) => a.terms)]));
    }
    this.vocabularySize = this.termIds.size;
    this.documentFrequency = Int32Array.from(frequency);
    for (const set of broadVocabularies.values()) for (const term of set) idOf(term);
    // The entry classifier also has a class for "none of the entries", learned from the examples of
    // messages that are not labour questions at all (knowledge-base/intents, intent "other"): without
    // it, a message about motorbike insurance would have to belong to some entry.
    this.noEntry = entries.length;
    const examplesOf = (intent: IntentExample['intent'], entry: number) =>
      (options.intentExamples ?? [])
        .filter((x) => x.intent === intent)
        .map((x) => ({ entry, terms: [...new Set(analyse(x.text, this.table).terms)].map(idOf) }))
        .filter((x) => x.terms.length > 0);
    const notLabour = examplesOf('other', this.noEntry);
    // And a class for questions about the worker's own records ("hồ sơ của em duyệt chưa"), learned
    // from the personal-record examples against every entry: it tells "cty có đóng bhtn cho em không"
    // from "cty có phải đóng bhtn không" better than one boundary against all legal questions can.
    this.personalClass = entries.length + 1;
    const personal = examplesOf('personal_record', this.personalClass);
    const bitSet = (terms: Set<string>) => {
      const bits = new Uint32Array(Math.ceil(this.termIds.size / 32));
      for (const t of terms) {
        const id = this.termIds.get(t)!;
        bits[id >>> 5] = bits[id >>> 5]! | (1 << (id & 31));
      }
      return bits;
    };
    for (const [id, set] of vocabularies) this.entryVocabulary.set(id, bitSet(set));
    for (const [id, set] of broadVocabularies) this.answerVocabulary.set(id, bitSet(set));
    this.queryWeights = new Float64Array(this.termIds.size);
    this.idfById = new Float64Array(this.termIds.size);
    for (const [term, id] of this.termIds) this.idfById[id] = this.idf(term);
    for (const [entryId, texts] of analysedByEntry) {
      this.phrasingsByEntry.set(
        entryId,
        texts.map((a) => this.indexText(a.terms)),
      );
    }
    const ids = (terms: string[]) => terms.map((t) => this.termIds.get(t)!);
    const docs = entries.map((entry) => {
      const texts = analysedByEntry.get(entry.id)!;
      return {
        id: entry.id,
        fields: { phrasings: ids(texts.slice(1).flatMap((a) => a.terms)), title: ids(texts[0]?.terms ?? []), answer: ids(answers.get(entry.id)!.terms) },
      };
    });
    this.bm25 = new Bm25Index(docs, { phrasings: 2, title: 1.5, answer: 0.3 }, this.termIds.size);
    const words = [...this.termIds].filter(([t, id]) => id < this.vocabularySize && !t.includes('_') && t.length >= 3 && !/\d/.test(t)).map(([t]) => t);
    this.spelling = new SpellingIndex(words, (w) => this.documentFrequency[this.termIds.get(w) ?? -1] ?? 0);
    this.classifier = new EntryClassifier(entries.length + 2, this.termIds.size, [
      ...entries.flatMap((e, entry) => (analysedByEntry.get(e.id) ?? []).map((a) => ({ entry, terms: ids([...new Set(a.terms)]) }))),
      ...notLabour,
      ...personal,
    ]);
    // Every entry's phrasings are examples of legal questions; a very large knowledge base contributes
    // an even sample of them, so that loading stays quick.
    const phrasings = entries.flatMap((e) => [...e.phrasings, ...(e.en?.phrasings ?? [])]);
    const stride = Math.max(1, Math.ceil(phrasings.length / MAX_LEGAL_EXAMPLES));
    const legal = phrasings.filter((_p, i) => i % stride === 0).map((text) => ({ intent: 'legal_question' as const, text }));
    this.intents = new IntentClassifier([...(options.intentExamples ?? []), ...legal], this.table);
  }

  static fromData(data: MatcherData): Matcher {
    return new Matcher(data);
  }

  /**
   * The matcher as plain data, for another thread (arrays are shared, not copied: postMessage copies them).
   * The working array of `rank` is left out: fromData makes a new one.
   */
  toData(): MatcherData {
    return {
      entries: this.entries,
      table: abbreviationTableToData(this.table),
      weights: this.weights,
      terms: [...this.termIds.keys()],
      vocabularySize: this.vocabularySize,
      documentFrequency: this.documentFrequency,
      idfById: this.idfById,
      documents: this.documents,
      phrasingsByEntry: [...this.phrasingsByEntry],
      entryVocabulary: [...this.entryVocabulary],
      answerVocabulary: [...this.answerVocabulary],
      bm25: this.bm25.toData(),
      spelling: this.spelling.toData(),
      classifier: this.classifier.toData(),
      intents: this.intents.toData(),
      noEntry: this.noEntry,
      personalClass: this.personalClass,
    };
  }

  private indexText(terms: string[]): IndexedText {
    const unique = [...new Set(terms)].filter((t) => this.termIds.has(t));
    const weights = Float64Array.from(unique, (t) => this.idf(t));
    let norm = 0;
    let mass = 0;
    for (const w of weights) {
      norm += w * w;
      mass += w;
    }
    return { terms: Int32Array.from(unique, (t) => this.termIds.get(t)!), weights, norm: Math.sqrt(norm), mass };
  }

  /** Inverse document frequency of a term over all phrasings and titles (bigrams weigh more). */
  idf(term: string): number {
    const id = this.termIds.get(term);
    if (id !== undefined && this.idfById[id]! > 0) return this.idfById[id]!;
    const df = id !== undefined && id < this.vocabularySize ? this.documentFrequency[id]! : 0;
    const base = Math.log(1 + (this.documents + 1) / (df + 0.5));
    return term.includes('_') ? base * BIGRAM_BOOST : base;
  }

  private inVocabulary(term: string): boolean {
    const id = this.termIds.get(term);
    return id !== undefined && id < this.vocabularySize;
  }

  /** Replace words the knowledge base never uses by their closest known spelling ("bao hiemm" → "bao hiem"). */
  correct(analysed: Analysed): Analysed {
    let changed = false;
    const content = analysed.content.map((t) => {
      if (this.inVocabulary(t) || t.length < 4 || t.length > MAX_WORD || /\d/.test(t)) return t;
      const fixed = this.spelling.correct(t) ?? t;
      if (fixed !== t) changed = true;
      return fixed;
    });
    if (!changed) return analysed;
    const bigrams = bigramsOf(content);
    return { ...analysed, content, bigrams, terms: [...content, ...bigrams] };
  }

  match(text: string): MatchResult {
    const clipped = text.slice(0, MAX_MESSAGE);
    // A long message is matched whole: the entry classifier weighs the words that tell entries apart,
    // so the question inside personal detail still decides (splitting it into sentences measured no
    // better on the evaluation set, at several times the cost).
    const analysed = this.correct(analyse(clipped, this.table));
    const { candidates, noEntry, personalRecord } = this.rank(analysed);
    return { candidates, analysed, intents: this.intents.classify(clipped), noEntry, personalRecord };
  }

  /**
   * Candidates with their features, best first: BM25's best and the entry classifier's best, each
   * compared with the message in several ways.
   */
  rank(a: Analysed): { candidates: Candidate[]; noEntry: number; personalRecord: number } {
    if (a.terms.length === 0) return { candidates: [], noEntry: 1, personalRecord: 0 };
    // The message's distinct terms with their idf weights: as id lists for the overlap measures, and by
    // term id in a dense array for the phrasing similarities (cleared at the end). The entry classifier
    // reads every occurrence of a known term (as it was tuned with): `occurrences`.
    const seen = new Set<string>();
    const occurrences: number[] = [];
    const queryIds: number[] = [];
    const queryIdWeights: number[] = [];
    const queryIdBigram: boolean[] = [];
    let queryNorm = 0;
    let queryMass = 0;
    for (const t of a.terms) {
      const id = this.termIds.get(t);
      if (id !== undefined) occurrences.push(id);
      if (seen.has(t)) continue;
      seen.add(t);
      const w = this.idf(t);
      queryNorm += w * w;
      queryMass += w;
      if (id !== undefined) {
        this.queryWeights[id] = w;
        queryIds.push(id);
        queryIdWeights.push(w);
        queryIdBigram.push(t.includes('_'));
      }
    }
    queryNorm = Math.sqrt(queryNorm);
    let bigramMass = 0;
    for (const t of a.bigrams) bigramMass += this.idf(t);

    // The entry classifier's view of the whole knowledge base; its best few join BM25's candidates.
    const classified = this.classifier.scores(occurrences);
    const classifierBest = classified
      .best(CLASSIFIER_CANDIDATES + 2)
      .filter((e) => e !== this.noEntry && e !== this.personalClass)
      .slice(0, CLASSIFIER_CANDIDATES);
    const bestProbability = classifierBest.length ? classified.probability(classifierBest[0]!) : 0;
    const { ids: pool, scores: poolScores } = this.bm25.search(queryIds, POOL_SIZE, classifierBest);
    const topBm25 = poolScores[0] ?? 0;
    const queryWeights = this.queryWeights;
    const candidates: Candidate[] = [];
    pool.forEach((entryId, rankInPool) => {
      let cosine = 0;
      let phrasingCoverage = 0;
      for (const p of this.phrasingsByEntry.get(entryId) ?? []) {
        let dot = 0;
        let covered = 0;
        for (let i = 0; i < p.terms.length; i++) {
          const qw = queryWeights[p.terms[i]!]!;
          if (qw !== 0) {
            dot += qw * p.weights[i]!;
            covered += p.weights[i]!;
          }
        }
        const cos = p.norm > 0 && queryNorm > 0 ? dot / (p.norm * queryNorm) : 0;
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
      for (let i = 0; i < queryIds.length; i++) {
        const id = queryIds[i]!;
        const w = queryIdWeights[i]!;
        if ((vocab[id >>> 5]! >>> (id & 31)) & 1) {
          found += w;
          if (queryIdBigram[i]) foundBigrams += w;
        }
        if ((broad[id >>> 5]! >>> (id & 31)) & 1) foundBroad += w;
      }
      const raw = poolScores[rankInPool]!;
      const probability = classified.probability(this.bm25.indexOf(entryId));
      const features: CandidateFeatures = {
        cosine,
        coverage: queryMass > 0 ? found / queryMass : 0,
        phrasingCoverage,
        bigramCoverage: bigramMass > 0 ? foundBigrams / bigramMass : 0,
        bm25Relative: topBm25 > 0 ? raw / topBm25 : 0,
        bm25Squashed: raw / (raw + 20),
        answerCoverage: queryMass > 0 ? foundBroad / queryMass : 0,
        shortQuery: a.content.length <= 3 ? 1 : 0,
        classifier: probability,
        classifierRelative: bestProbability > 0 && probability > 0 ? Math.max(-1, Math.log(probability / bestProbability) / 10) : -1,
      };
      const logit = linear(features, this.weights);
      candidates.push({ entryId, score: sigmoid(logit), logit, features });
    });
    for (const id of queryIds) queryWeights[id] = 0;
    return {
      candidates: candidates.sort((x, y) => y.score - x.score).slice(0, MAX_CANDIDATES),
      noEntry: classified.probability(this.noEntry),
      personalRecord: classified.probability(this.personalClass),
    };
  }
}

export function linear(f: CandidateFeatures, w: Weights): number {
  let z = w.bias;
  for (const name of FEATURES) z += w[name] * f[name];
  return z;
}
