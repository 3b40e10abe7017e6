import path from 'node:path';
import { expect } from 'chai';
import { isInScope, loadDataset } from '../../src/evaluation/dataset.js';
import { computeMetrics, TARGETS } from '../../src/evaluation/metrics.js';
import { evaluate, prepare } from '../../src/evaluation/run.js';
import { loadKnowledgeBase, servableEntries } from '../../src/knowledge-base/load.js';
import { DEFAULT_THRESHOLDS } from '../../src/matching/decide.js';
import { Matcher } from '../../src/matching/matcher.js';
import { foldKey, isUnaccented, syllables } from '../../src/matching/normalise.js';
import { REAL_KB, ROOT } from '../helpers/paths.js';
import floors from './floors.json' with { type: 'json' };

const DAY = '2026-11-26';

describe('the evaluation set', () => {
  const data = loadDataset(path.join(ROOT, 'eval', 'queries'));
  const { kb } = loadKnowledgeBase(REAL_KB, { day: DAY });
  const inScope = data.filter(isInScope);

  it('has at least 400 in-scope questions, a quarter of them typed without diacritics, and 40 long messages', () => {
    expect(inScope.length).to.be.at.least(400);
    expect(inScope.filter((q) => isUnaccented(q.q)).length / inScope.length).to.be.at.least(0.25);
    expect(inScope.filter((q) => q.style.includes('long')).length).to.be.at.least(40);
  });
  it('has at least 80 out-of-scope questions and 30 that need personal records', () => {
    expect(data.filter((q) => q.expect === 'out_of_scope').length).to.be.at.least(80);
    expect(data.filter((q) => q.kind === 'personal_record').length).to.be.at.least(30);
  });
  it('has both a dev and a test split of reasonable size', () => {
    const dev = data.filter((q) => q.split === 'dev').length;
    expect(dev / data.length).to.be.within(0.4, 0.6);
  });
  it('labels only entries that exist', () => {
    expect(inScope.filter((q) => !kb.byId.has(q.expect)).map((q) => `${q.file}:${q.line} ${q.expect}`)).to.deep.equal([]);
  });
  it('covers every published entry', () => {
    const covered = new Set(inScope.map((q) => q.expect));
    expect(kb.entries.filter((e) => e.status === 'published' && !covered.has(e.id)).map((e) => e.id)).to.deep.equal([]);
  });
  it('is not copied into the knowledge base (no question equals or nearly equals a phrasing or an intent example)', () => {
    const tokens = (s: string) => new Set(syllables(foldKey(s)));
    const texts = [...kb.entries.flatMap((e) => e.phrasings.map((p) => ({ id: e.id, p }))), ...kb.intentExamples.map((x) => ({ id: `intents/${x.intent}`, p: x.text }))];
    const phrasings = texts.map(({ id, p }) => ({ id, p, key: foldKey(p).replace(/[^a-z0-9 ]/g, '').trim(), set: tokens(p) }));
    const copies: string[] = [];
    for (const q of data) {
      const key = foldKey(q.q).replace(/[^a-z0-9 ]/g, '').trim();
      const set = tokens(q.q);
      for (const ph of phrasings) {
        // (messages of emoji or punctuation only have no words to copy)
        if (ph.key === key && key !== '') copies.push(`${q.file}:${q.line} = ${ph.id}: "${ph.p}"`);
        else if (set.size >= 5) {
          const inter = [...set].filter((t) => ph.set.has(t)).length;
          if (inter / (set.size + ph.set.size - inter) >= 0.9) copies.push(`${q.file}:${q.line} ≈ ${ph.id}: "${ph.p}"`);
        }
      }
    }
    expect(copies).to.deep.equal([]);
  });
});

describe('answer quality on the test split', function () {
  this.timeout(120_000);
  const { kb } = loadKnowledgeBase(REAL_KB, { day: DAY });
  const entries = servableEntries(kb, DAY);
  const servable = new Set(entries.map((e) => e.id));
  const data = loadDataset(path.join(ROOT, 'eval', 'queries')).filter((q) => q.split === 'test' && (!isInScope(q) || servable.has(q.expect)));
  let m: ReturnType<typeof computeMetrics>;
  before(() => {
    m = computeMetrics(evaluate(prepare(new Matcher(entries, { abbreviations: kb.abbreviations, intentExamples: kb.intentExamples }), data), DEFAULT_THRESHOLDS));
  });
  // The targets of issue 6. Where a target is not met yet, floors.json holds today's level instead, so that
  // the suite still fails on any regression; remove a line there once its target is met.
  const limit = (name: keyof typeof TARGETS) => (name in floors ? (floors as Record<string, number>)[name]! : TARGETS[name]);
  for (const name of ['answeredPrecision', 'coverage', 'top3Recall', 'personalRecordHandoff'] as const) {
    it(`${name} ≥ ${limit(name)}${name in floors ? ' (floor; the target is ' + TARGETS[name] + ')' : ' (target)'}`, () => {
      expect(m[name], JSON.stringify(m, null, 1)).to.be.at.least(limit(name));
    });
  }
  it(`oosFalseAccept ≤ ${limit('oosFalseAccept')}`, () => expect(m.oosFalseAccept, JSON.stringify(m, null, 1)).to.be.at.most(limit('oosFalseAccept')));
});
