/**
 * The learning loop's grouping (issue 16 item 4): the messages the bot did not answer well — passed on
 * unsure, answered with a choice, not placed at all, 👎, marked wrong by an officer — grouped by what they
 * ask, so an editor sees "34 workers asked this in a month" instead of 34 rows.
 *
 * No clustering library: each message becomes a small set of folded content words (the matcher's own
 * normalisation — courtesy trimmed, diacritics folded, chat abbreviations expanded, stop words removed),
 * and a message joins the first group (in a fixed order) whose founding messages share enough of those
 * words — a Jaccard similarity where two words within one typing slip count as the same word. An
 * inverted index of each word and its one-letter deletions finds the groups worth comparing, so a few
 * thousand messages take milliseconds. Pure and deterministic: the same signals give the same groups.
 */
import { createHash } from 'node:crypto';
import { buildAbbreviationTable, expandAbbreviations, type AbbreviationTable } from '../matching/abbreviations.js';
import { STOP_WORDS } from '../matching/analyse.js';
import { foldKey, syllables } from '../matching/normalise.js';
import { trimCourtesy } from '../matching/politeness.js';
import { withinOneEdit } from '../matching/spelling.js';
import { withoutLongNumbers } from '../matching/long-numbers.js';

/** The worker's words as editors may see them: a long number (phone, ID, insurance, bank) is replaced by […]. */
export { withoutLongNumbers };

/**
 * Why a message is here:
 * - handoff: the bot passed it to a person because it was not sure, or the worker asked for a person right after its answer
 * - clarify: the bot offered the closest entries to choose from
 * - low_confidence: the bot could not place it (only loose guesses, below the clarify bar)
 * - out_of_scope: not recognised as a labour question
 * - failed: the bot failed on it for good
 * - thumbs_down: the worker tapped 👎 on the answer
 * - marked_wrong: an officer marked the bot's answer wrong in the conversation view
 */
export const SIGNAL_KINDS = ['handoff', 'clarify', 'low_confidence', 'out_of_scope', 'failed', 'thumbs_down', 'marked_wrong'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export interface Signal {
  kind: SignalKind;
  conversationId: string;
  /** the worker's words, as typed */
  text: string;
  at: string;
  /** entries the matcher thought of (or the entry that was answered), best first */
  candidates: string[];
}

/**
 * The kind of a logged unanswered question (UnansweredQuestion.outcome as conversation/service.ts logs it).
 * A 'clarify' below the clarify bar is the matcher's loose guess at a question it could not place.
 */
export function kindOfOutcome(outcome: string, confidence: number, clarifyBar: number): SignalKind {
  switch (outcome) {
    case 'handoff':
      return 'handoff';
    case 'clarify':
      return confidence < clarifyBar ? 'low_confidence' : 'clarify';
    case 'out_of_scope':
      return 'out_of_scope';
    case 'marked_wrong':
      return 'marked_wrong';
    default:
      return 'failed';
  }
}

/** Words common to questions about anything ("có … không", "hỏi", "thế nào"): they would join unrelated groups. */
const GROUPING_STOP_WORDS = new Set(['co', 'khong', 'hoi', 'gi', 'sao', 'nao', 'the', 'vay', 'biet', 'muon', 'can', 'nhu', 'bi', 'khi']);
const EMPTY_TABLE = buildAbbreviationTable(new Map());

/** The folded content words of a message, each once, in order of first appearance. Numbers are left out. */
export function featuresOf(text: string, table: AbbreviationTable = EMPTY_TABLE): string[] {
  const core = trimCourtesy(withoutLongNumbers(text));
  const tokens = expandAbbreviations(syllables(foldKey(core)), table);
  const out: string[] = [];
  for (const token of tokens) {
    if (/^\p{N}+$/u.test(token) || STOP_WORDS.has(token) || GROUPING_STOP_WORDS.has(token) || out.includes(token)) continue;
    out.push(token);
  }
  return out;
}

/**
 * A message's stable key: a hash of its content words (sorted), or of its folded text when it has none.
 * Differently typed messages with the same words ("bảo hiểm thất nghiệp?", "bao hiem that nghiep") share it;
 * an editor's "handled" mark is kept per message key (see groupSignals' `handled`).
 */
export function messageKey(features: string[], text: string): string {
  const basis = features.length > 0 ? [...features].sort().join(' ') : `#${foldKey(withoutLongNumbers(text))}`;
  return createHash('sha256').update(basis).digest('base64url').slice(0, 16);
}

/** Two words are the same for grouping: equal, or (both 4 letters or more) one typing slip apart. */
function sameWord(a: string, b: string): boolean {
  return a === b || (a.length >= 4 && b.length >= 4 && withinOneEdit(a, b));
}

/** Jaccard similarity of two word sets (each word once) where words one slip apart count as shared. */
export function similarity(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  // Exact matches first (most shared words are), then one-slip matches among the words left on each side.
  let shared = 0;
  const leftA: string[] = [];
  for (const word of a) {
    if (b.includes(word)) shared += 1;
    else leftA.push(word);
  }
  if (leftA.length > 0) {
    const leftB = b.filter((word) => !a.includes(word));
    for (const word of leftA) {
      const j = leftB.findIndex((other) => sameWord(word, other));
      if (j !== -1) {
        leftB.splice(j, 1);
        shared += 1;
      }
    }
  }
  return shared / (a.length + b.length - shared);
}

/** Index keys of a word: itself and, for words of 4 letters or more, each one-letter deletion (symmetric-delete lookup). */
function indexKeys(word: string): string[] {
  if (word.length < 4) return [word];
  const keys = [word];
  for (let i = 0; i < word.length; i++) keys.push(word.slice(0, i) + word.slice(i + 1));
  return keys;
}

/** How alike a message must be to a group's founding messages to join it. */
export const JOIN_SIMILARITY = 0.5;
/** Added when the matcher's first candidate is the same entry: same words and same guess, more likely the same question. */
const SAME_CANDIDATE_BONUS = 0.1;
/** A group is compared through its first few messages, so it cannot drift from topic to topic one message at a time. */
const FOUNDERS = 5;
const MAX_EXAMPLES = 5;
const MAX_TOP_CANDIDATES = 3;
const WEEK_MS = 7 * 24 * 3600_000;
export const TREND_WEEKS = 8;

export interface GroupExample {
  text: string;
  at: string;
  kind: SignalKind;
  conversationId: string;
}

export interface UnansweredGroup {
  /**
   * names the group in a listing (for the dismiss route): its most common wording's message key, so it can
   * change when another wording becomes the most common. "Handled" marks do not depend on it.
   */
  key: string;
  /** a representative message (digits stripped) */
  label: string;
  count: number;
  /** conversations are per worker and channel */
  distinctWorkers: number;
  kinds: Partial<Record<SignalKind, number>>;
  firstAt: string;
  lastAt: string;
  /** messages per week, oldest first, the last entry being the 7 days up to now; and the last 7 days against the 7 before */
  trend: { weeks: number[]; last7: number; previous7: number };
  /** entry ids the matcher thought of, most often first */
  topCandidates: string[];
  /** up to 5 different texts, newest first (digits stripped) */
  examples: GroupExample[];
  /** when an editor last marked it handled, if new messages have come since (else the group is hidden) */
  handledAt: string | null;
  /** messages since that mark */
  newSinceHandled: number;
  /** count × recency (halving every two weeks): the page's order */
  score: number;
  /** every message key in the group (the dismiss route marks them all) */
  messageKeys: string[];
}

export interface GroupOptions {
  now: Date;
  /** the knowledge base's chat abbreviations (KnowledgeBase.abbreviations); none expanded without it */
  table?: AbbreviationTable;
  /** message key → when an editor marked it handled; a group whose every message is older than its mark is hidden */
  handled?: Record<string, string>;
}

interface Member extends Signal {
  features: string[];
  key: string;
}

/** Signals → groups, best first (count × recency), with how many groups were hidden as handled. */
export function groupSignals(signals: Signal[], options: GroupOptions): { groups: UnansweredGroup[]; hidden: number } {
  const members: Member[] = signals
    .map((s) => {
      const features = featuresOf(s.text, options.table);
      return { ...s, features, key: messageKey(features, s.text) };
    })
    .sort((a, b) => a.at.localeCompare(b.at) || a.conversationId.localeCompare(b.conversationId) || a.text.localeCompare(b.text));

  const clusters: Member[][] = [];
  const index = new Map<string, Set<number>>();
  const byKey = new Map<string, number>(); // messages with no content words group by their folded text
  for (const m of members) {
    let chosen = -1;
    if (m.features.length === 0) {
      chosen = byKey.get(m.key) ?? -1;
    } else {
      const seen = new Set<number>();
      for (const word of m.features) for (const k of indexKeys(word)) for (const c of index.get(k) ?? []) seen.add(c);
      let best = 0;
      for (const c of [...seen].sort((a, b) => a - b)) {
        const founders = clusters[c]!.slice(0, FOUNDERS);
        let score = 0;
        for (const f of founders) {
          const bonus = f.candidates[0] !== undefined && f.candidates[0] === m.candidates[0] ? SAME_CANDIDATE_BONUS : 0;
          score = Math.max(score, similarity(m.features, f.features) + bonus);
        }
        if (score >= JOIN_SIMILARITY && score > best) {
          best = score;
          chosen = c;
        }
      }
    }
    if (chosen === -1) {
      chosen = clusters.length;
      clusters.push([]);
      if (m.features.length === 0) byKey.set(m.key, chosen);
    }
    const cluster = clusters[chosen]!;
    cluster.push(m);
    if (cluster.length <= FOUNDERS)
      for (const word of m.features) for (const k of indexKeys(word)) (index.get(k) ?? index.set(k, new Set()).get(k)!).add(chosen);
  }

  let hidden = 0;
  const groups: UnansweredGroup[] = [];
  const keys = new Set<string>();
  for (const cluster of clusters) {
    const group = summarise(cluster, options);
    if (!group) {
      hidden += 1;
      continue;
    }
    // Rarely, two groups share their most common wording: the later one's key gets a suffix.
    for (let n = 2; keys.has(group.key); n++) group.key = `${group.key.split('~')[0]}~${n}`;
    keys.add(group.key);
    groups.push(group);
  }
  groups.sort((a, b) => b.score - a.score || b.lastAt.localeCompare(a.lastAt) || a.key.localeCompare(b.key));
  return { groups, hidden };
}

/** The most frequent item (ties: the one seen first). */
function mostFrequent<T>(items: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const x of items) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best: T | undefined;
  for (const [x, n] of counts) if (best === undefined || n > counts.get(best)!) best = x;
  return best;
}

/** One group's numbers; undefined when an editor marked it handled and nothing came since. */
function summarise(cluster: Member[], options: GroupOptions): UnansweredGroup | undefined {
  const { now, handled = {} } = options;
  const keys = [...new Set(cluster.map((m) => m.key))];
  const marks = keys.map((k) => handled[k]).filter((at): at is string => typeof at === 'string');
  const handledAt = marks.length > 0 ? marks.sort().at(-1)! : null;
  // A message is new when its own wording has no mark at or after it (a mark covers what was there when it was made).
  const fresh = cluster.filter((m) => !(handled[m.key] !== undefined && handled[m.key]! >= m.at));
  if (handledAt !== null && fresh.length === 0) return undefined;

  const nowMs = now.getTime();
  const weeks = new Array<number>(TREND_WEEKS).fill(0);
  for (const m of cluster) {
    const age = nowMs - Date.parse(m.at);
    const week = Math.floor(age / WEEK_MS);
    if (age >= 0 && week < TREND_WEEKS) weeks[TREND_WEEKS - 1 - week]! += 1;
  }
  const kinds: Partial<Record<SignalKind, number>> = {};
  for (const m of cluster) kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;

  const candidateCounts = new Map<string, number>();
  for (const m of cluster) for (const c of m.candidates.slice(0, 1)) candidateCounts.set(c, (candidateCounts.get(c) ?? 0) + 1);
  for (const m of cluster) for (const c of m.candidates.slice(1)) if (!candidateCounts.has(c)) candidateCounts.set(c, 0);
  const topCandidates = [...candidateCounts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_TOP_CANDIDATES)
    .map(([id]) => id);

  const examples: GroupExample[] = [];
  const shown = new Set<string>();
  for (let i = cluster.length - 1; i >= 0 && examples.length < MAX_EXAMPLES; i--) {
    const m = cluster[i]!;
    const text = withoutLongNumbers(m.text).trim();
    const folded = foldKey(text);
    if (shown.has(folded)) continue;
    shown.add(folded);
    examples.push({ text, at: m.at, kind: m.kind, conversationId: m.conversationId });
  }

  // The label: the most common wording, in its newest form.
  const commonKey = mostFrequent(cluster.map((m) => m.key))!;
  const labelled = [...cluster].reverse().find((m) => m.key === commonKey)!;
  const lastAt = cluster.at(-1)!.at;
  const ageWeeks = Math.max(0, nowMs - Date.parse(lastAt)) / WEEK_MS;
  return {
    key: commonKey,
    label: withoutLongNumbers(labelled.text).trim(),
    count: cluster.length,
    distinctWorkers: new Set(cluster.map((m) => m.conversationId)).size,
    kinds,
    firstAt: cluster[0]!.at,
    lastAt,
    trend: { weeks, last7: weeks[TREND_WEEKS - 1]!, previous7: weeks[TREND_WEEKS - 2]! },
    topCandidates,
    examples,
    handledAt,
    newSinceHandled: handledAt === null ? 0 : fresh.length,
    score: cluster.length * Math.pow(0.5, ageWeeks / 2),
    messageKeys: keys,
  };
}
