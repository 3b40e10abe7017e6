/**
 * A learned classifier for messages that must go to a person rather than be answered from the
 * knowledge base: the worker's own records, a request for a person, an emergency.
 * Multinomial logistic regression over folded words and word pairs (stop words kept: "của em",
 * "sao rồi" are the signal here), trained when the knowledge base loads, on the examples in
 * knowledge-base/intents/*.yaml and — as legal questions — on every entry's phrasings.
 * It generalises where the hand-written patterns in intents.ts cannot; both are used (decide.ts).
 */
import { expandAbbreviations, type AbbreviationTable } from './abbreviations.js';
import { seededRandom, shuffle, softmax } from './maths.js';
import { foldKey, syllables } from './normalise.js';

export const HANDOFF_INTENTS = ['personal_record', 'ask_for_person', 'urgent'] as const;
export type HandoffIntent = (typeof HANDOFF_INTENTS)[number];
/** legal_question: the knowledge base's business; other: not a labour question at all (small talk, everyday topics). */
export const INTENT_CLASSES = ['legal_question', 'other', ...HANDOFF_INTENTS] as const;
export type IntentClass = (typeof INTENT_CLASSES)[number];
export type IntentProbabilities = Record<IntentClass, number>;

export interface IntentExample {
  intent: IntentClass;
  text: string;
}

export interface IntentTraining {
  epochs?: number;
  rate?: number;
  l2?: number;
  /** share of an example's features left out in each pass (so that no single word decides) */
  dropout?: number;
}

const K = INTENT_CLASSES.length;

/** Words, neighbouring pairs and the message's last words, folded, abbreviations expanded; long digit runs (ids, phone numbers) as one token. */
export function intentFeatures(text: string, table: AbbreviationTable): string[] {
  const tokens = expandAbbreviations(syllables(foldKey(text.slice(0, 1000))), table).map((t) => (/^\d+$/.test(t) ? (t.length >= 9 ? '#id' : '#n') : t));
  const out = new Set<string>(tokens);
  for (let i = 0; i + 1 < tokens.length; i++) out.add(`${tokens[i]} ${tokens[i + 1]}`);
  // How a message ends ("… duyệt chưa", "… sao rồi", "… gọi lại cho em") says much about what it asks.
  const n = tokens.length;
  if (n >= 1) out.add(`$${tokens[n - 1]}`);
  if (n >= 2) out.add(`$${tokens[n - 2]} ${tokens[n - 1]}`);
  return [...out];
}

/**
 * What a classifier has learned, as plain data (typed arrays: they cross to another thread by structured
 * clone): feature i's weight for class c is weights[i * classes + c].
 */
export interface IntentClassifierData {
  features: string[];
  weights: Float64Array;
  bias: Float64Array;
}

export class IntentClassifier {
  private readonly weights = new Map<string, Float64Array>();
  private readonly bias = new Float64Array(K);

  constructor(examples: IntentExample[], table: AbbreviationTable, options?: IntentTraining);
  /** A classifier from another one's data (`toData`) and the same abbreviation table: nothing is trained again. */
  constructor(data: IntentClassifierData, table: AbbreviationTable);
  constructor(
    source: IntentExample[] | IntentClassifierData,
    private readonly table: AbbreviationTable,
    options: IntentTraining = {},
  ) {
    if (!Array.isArray(source)) {
      // One buffer for every feature's weights: a view per feature, no copies.
      source.features.forEach((f, i) => this.weights.set(f, source.weights.subarray(i * K, (i + 1) * K)));
      this.bias.set(source.bias);
      return;
    }
    const examples = source;
    const epochs = options.epochs ?? 10;
    const rate = options.rate ?? 0.1;
    const l2 = options.l2 ?? 1e-4;
    const dropout = options.dropout ?? 0.5;
    const data = examples.map((e) => ({ x: intentFeatures(e.text, table), y: INTENT_CLASSES.indexOf(e.intent) })).filter((d) => d.y >= 0 && d.x.length > 0);
    // Balanced: each class weighs the same in total, however many examples it has.
    const counts = new Array<number>(K).fill(0);
    for (const d of data) counts[d.y]!++;
    const classWeight = counts.map((c) => (c > 0 ? data.length / (K * c) : 0));
    for (const d of data) for (const f of d.x) if (!this.weights.has(f)) this.weights.set(f, new Float64Array(K));

    const order = data.map((_d, i) => i);
    const random = seededRandom(7);
    const p = new Float64Array(K);
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffle(order, random);
      const step = rate / (1 + epoch);
      for (const index of order) {
        const d = data[index]!;
        const x = dropout > 0 ? d.x.filter(() => random() >= dropout) : d.x;
        if (x.length === 0) continue;
        this.scores(x, p);
        softmax(p);
        const cw = classWeight[d.y]!;
        for (let c = 0; c < K; c++) {
          const g = cw * (p[c]! - (c === d.y ? 1 : 0));
          this.bias[c] = this.bias[c]! - step * g;
          for (const f of x) {
            const w = this.weights.get(f)!;
            w[c] = w[c]! - step * (g + l2 * w[c]!);
          }
        }
      }
    }
  }

  private scores(features: string[], out: Float64Array): void {
    for (let c = 0; c < K; c++) out[c] = this.bias[c]!;
    for (const f of features) {
      const w = this.weights.get(f);
      if (!w) continue;
      for (let c = 0; c < K; c++) out[c] = out[c]! + w[c]!;
    }
  }

  static fromData(data: IntentClassifierData, table: AbbreviationTable): IntentClassifier {
    return new IntentClassifier(data, table);
  }

  /** The learned weights as plain data, in one buffer (tens of thousands of small arrays would clone slowly). */
  toData(): IntentClassifierData {
    const features = [...this.weights.keys()];
    const weights = new Float64Array(features.length * K);
    features.forEach((f, i) => weights.set(this.weights.get(f)!, i * K));
    return { features, weights, bias: this.bias.slice() };
  }

  /** The probability of each class for a message. */
  classify(text: string): IntentProbabilities {
    const p = new Float64Array(K);
    this.scores(intentFeatures(text, this.table), p);
    softmax(p);
    const out = {} as IntentProbabilities;
    INTENT_CLASSES.forEach((c, i) => (out[c] = p[i]!));
    return out;
  }
}
