import { expect } from 'chai';
import path from 'node:path';
import { loadRealDataset } from '../../src/evaluation/dataset.js';
import { evaluate, prepare } from '../../src/evaluation/run.js';
import { loadKnowledgeBase, servableEntries } from '../../src/knowledge-base/load.js';
import { DEFAULT_ANSWERABILITY, DEFAULT_INTENT_THRESHOLDS, DEFAULT_THRESHOLDS } from '../../src/matching/decide.js';
import { Matcher } from '../../src/matching/matcher.js';
import { trimCourtesy } from '../../src/matching/politeness.js';
import { understand } from '../../src/matching/understand.js';
import { ROOT } from '../helpers/paths.js';

/**
 * The tuner and the precision–coverage curve decide with the bot's own decision function (understand.ts),
 * not with a copy of its order: given the ranking already made, and with the stages after the matcher off.
 */
describe('tuning decides with the bot’s own decision function', function () {
  this.timeout(120_000);
  const day = '2026-12-06';
  const { kb } = loadKnowledgeBase(path.join(ROOT, 'knowledge-base'), { day });
  const matcher = new Matcher(servableEntries(kb, day), { abbreviations: kb.abbreviations, intentExamples: kb.intentExamples });
  const messages = loadRealDataset(path.join(ROOT, 'eval/real'))
    .filter((q) => q.split === 'dev')
    .slice(0, 120);

  it('understand() given the ranking it would make decides exactly as when it ranks itself', () => {
    for (const q of messages) {
      const own = understand(q.q, matcher, { situations: kb.situations });
      const given = understand(q.q, matcher, { situations: kb.situations, match: matcher.match(trimCourtesy(q.q)) });
      expect(given.decision, q.q).to.deep.equal(own.decision);
      expect(given.parts, q.q).to.deep.equal(own.parts);
    }
  });

  it("evaluate() gives understand()'s decision with the stages after the matcher off, at any answer threshold", () => {
    const prepared = prepare(matcher, messages);
    for (const answer of [0.3, DEFAULT_THRESHOLDS.answer, 0.9]) {
      const thresholds = { ...DEFAULT_THRESHOLDS, answer };
      const rows = evaluate(prepared, thresholds, DEFAULT_ANSWERABILITY, DEFAULT_INTENT_THRESHOLDS);
      rows.forEach((row, i) => {
        if (prepared[i]!.special) return expect(row.outcome).to.equal('smalltalk');
        const d = understand(row.query.q, matcher, {
          thresholds,
          model: DEFAULT_ANSWERABILITY,
          intentThresholds: DEFAULT_INTENT_THRESHOLDS,
          without: { situation: true, parts: true, complaint: true, domains: true },
        }).decision;
        expect([row.outcome, row.entryId, row.confidence], row.query.q).to.deep.equal([d.outcome, d.entryId, d.confidence]);
      });
    }
  });
});
