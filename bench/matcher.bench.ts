/**
 * The matcher part of `npm run bench` (bench/run.ts): time per question of the matcher (normalise → rank →
 * decide) at the shipped knowledge-base size and with ≥ 1,000 entries (synthetic ones made from the real
 * ones), next to fuse.js alone on the same phrasings in the same run (the baseline). Figures: median and
 * p99 in ms, and the ratio matcher / fuse.js.
 */
import Fuse from 'fuse.js';
import { loadDataset, loadRealDataset } from '../src/evaluation/dataset.js';
import { loadKnowledgeBase, servableEntries } from '../src/knowledge-base/load.js';
import type { Entry } from '../src/knowledge-base/types.js';
import { understand } from '../src/matching/understand.js';
import { Matcher } from '../src/matching/matcher.js';
import { seededRandom } from '../src/matching/maths.js';
import { foldKey } from '../src/matching/normalise.js';

export interface MatcherBenchOptions {
  /** size of the synthetic knowledge base (0: the shipped one only) */
  entries: number;
  rounds: number;
  queries: number;
  /** fuse.js alone takes seconds per question at 1,000 entries: it is timed on the first questions of the sample only */
  baselineQueries: number;
}

const { kb } = loadKnowledgeBase('knowledge-base', { day: '2026-12-06' });
const real = servableEntries(kb, '2026-12-06');
let rounds = 3;
let baselineSample = 60;
let queries: string[] = [];
// Every k-th evaluation message (the dev splits of both sets: long real-writing messages and short ones):
// the same sample in every run, for both the bot and the baseline.
const allQueries = [...loadRealDataset('eval/real').filter((q) => q.split === 'dev'), ...loadDataset('eval/queries')].map((q) => q.q);
const sampleOf = (sample: number) => allQueries.filter((_q, i) => i % Math.max(1, Math.floor(allQueries.length / sample)) === 0).slice(0, sample);

function synthetic(entries: Entry[], count: number): Entry[] {
  const rnd = seededRandom(42); // the same synthetic knowledge base in every run
  const words = [...new Set(entries.flatMap((e) => e.phrasings.join(' ').split(/\s+/)))];
  const out = [...entries];
  for (let i = 0; out.length < count; i++) {
    const base = entries[i % entries.length]!;
    // Replace about a third of the words so the copy is a different, plausible entry.
    const vary = (text: string) =>
      text
        .split(/\s+/)
        .map((w) => (rnd() < 0.33 ? words[Math.floor(rnd() * words.length)]! : w))
        .join(' ');
    out.push({ ...base, id: `${base.id}-synthetic-${i}`, title: vary(base.title), phrasings: base.phrasings.map(vary), related: [] });
  }
  return out;
}

function stats(samples: number[]): { median: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: round(at(0.5)), p99: round(at(0.99)), mean: round(s.reduce((a, b) => a + b, 0) / s.length) };
}
const round = (x: number) => Math.round(x * 1000) / 1000;

function time(run: (q: string) => unknown, list = queries, times = rounds): number[] {
  // The garbage of building the index is not a cost of answering: collect it before timing (npm run bench
  // runs node with --expose-gc), then warm up. Collections caused by the questions themselves are timed.
  (globalThis as { gc?: () => void }).gc?.();
  for (const q of list.slice(0, 30)) run(q); // warm up
  const samples: number[] = [];
  for (let r = 0; r < times; r++) {
    for (const q of list) {
      const t = performance.now();
      run(q);
      samples.push(performance.now() - t);
    }
  }
  return samples;
}

function measure(entries: Entry[]) {
  const built = performance.now();
  const matcher = new Matcher(entries, { abbreviations: kb.abbreviations, intentExamples: kb.intentExamples });
  const buildMs = performance.now() - built;
  // The matcher alone (one match of the message), as the speed target is stated; then the whole
  // per-message decision (understand.ts: courtesy, language, patterns, the match, the story, and one more
  // match per question of a multi-question message).
  const ours = stats(time((q) => matcher.match(q)));
  const decision = stats(time((q) => understand(q, matcher, { situations: kb.situations })));
  // Each is timed with only its own index in memory (the baseline's index is built after the matcher's turn).
  const fuse = new Fuse(
    entries.flatMap((e) => e.phrasings.map((p) => ({ id: e.id, text: p }))),
    { keys: ['text'], ignoreDiacritics: true, ignoreLocation: true, includeScore: true, threshold: 0.4 },
  );
  const baseline = stats(time((q) => fuse.search(foldKey(q), { limit: 8 }), queries.slice(0, baselineSample), 1));
  return {
    entries: entries.length,
    buildMs: round(buildMs),
    matcher: ours,
    decision,
    fuseOnly: baseline,
    ratioMedian: Number((ours.median / baseline.median).toPrecision(3)),
    ratioP99: Number((ours.p99 / baseline.p99).toPrecision(3)),
  };
}

export function matcherBench(options: MatcherBenchOptions) {
  rounds = options.rounds;
  baselineSample = options.baselineQueries;
  queries = sampleOf(options.queries);
  return {
    node: process.version,
    // V8 flags of this run (npm run bench uses the young-generation size npm start uses)
    nodeFlags: process.execArgv.filter((a) => a.startsWith('--') && a !== '--import' && !a.includes('tsx')),
    queries: queries.length,
    rounds,
    baselineQueries: Math.min(baselineSample, queries.length),
    shipped: measure(real),
    ...(options.entries > real.length ? { large: measure(synthetic(real, options.entries)) } : {}),
  };
}
