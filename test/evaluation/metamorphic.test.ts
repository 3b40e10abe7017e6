import { expect } from 'chai';
import path from 'node:path';
import { isInScope, loadDataset, loadRealDataset } from '../../src/evaluation/dataset.js';
import { metamorphic, metamorphicSummary, type MetamorphicResult } from '../../src/evaluation/metamorphic.js';
import { loadKnowledgeBase, servableEntries } from '../../src/knowledge-base/load.js';
import { Matcher } from '../../src/matching/matcher.js';
import { ROOT } from '../helpers/paths.js';

/**
 * Every in-scope question of every evaluation set (the frozen test split's too: the bot is compared with
 * itself, no label is read), wrapped as workers wrap questions, must keep its outcome and entry.
 */
describe('metamorphic: wrapping a question the way workers do does not change the answer', function () {
  this.timeout(180_000);
  let result: MetamorphicResult;
  before(() => {
    const day = '2026-12-06';
    const { kb } = loadKnowledgeBase(path.join(ROOT, 'knowledge-base'), { day });
    const matcher = new Matcher(servableEntries(kb, day), { abbreviations: kb.abbreviations, intentExamples: kb.intentExamples });
    const questions = [...loadRealDataset(path.join(ROOT, 'eval/real')), ...loadDataset(path.join(ROOT, 'eval/queries'))]
      .filter(isInScope)
      .map((q) => ({ q: q.q, lang: q.lang }));
    result = metamorphic(matcher, questions, { situations: kb.situations });
  });

  it('keeps the outcome and entry of at least 98% of wrapped in-scope questions', () => {
    const examples = result.changed
      .slice(0, 30)
      .map((c) => `${c.wrapping}: ${c.text.slice(0, 60)} (${c.before} → ${c.after})`)
      .join('\n');
    expect(result.kept / result.checked, `${metamorphicSummary(result)}\n${examples}`).to.be.at.least(0.98);
  });

  it('never turns a general question into a personal-record hand-off', () => {
    const made = result.changed
      .filter((c) => c.after.includes('personal_record'))
      .map((c) => `${c.wrapping}: ${c.text.slice(0, 80)}`)
      .join('\n');
    expect(result.madePersonal, `${metamorphicSummary(result)}\n${made}`).to.equal(0);
  });
});
