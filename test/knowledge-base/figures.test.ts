import { expect } from 'chai';
import { formatFigure, valueOn } from '../../src/knowledge-base/figures.js';
import { loadKnowledgeBase } from '../../src/knowledge-base/load.js';
import { testCore } from '../helpers/setup.js';
import { FIXTURE_KB, REAL_KB } from '../helpers/paths.js';

describe('figures that change over time', () => {
  const { kb } = loadKnowledgeBase(FIXTURE_KB, { day: '2026-11-26' });
  const wage = kb.figures.get('min_wage_region_1_monthly')!;

  const days: [string, number | undefined][] = [
    ['2024-06-30', undefined],
    ['2024-07-01', 4960000],
    ['2025-12-31', 4960000],
    ['2026-01-01', 5310000],
    ['2026-11-26', 5310000],
  ];
  for (const [day, expected] of days) it(`on ${day} the region I minimum wage is ${expected ?? 'unknown'}`, () => expect(valueOn(wage, day)?.value).to.equal(expected));

  it('formats amounts the Vietnamese way', () => {
    expect(formatFigure(5310000)).to.equal('5.310.000');
    expect(formatFigure(0.5)).to.equal('0,5');
    expect(formatFigure(5310000, 'en')).to.equal('5,310,000');
    expect(formatFigure('61 tuổi 6 tháng')).to.equal('61 tuổi 6 tháng');
  });
});

describe('answers depend on the date (fake clock)', () => {
  const ask = (day: string, text: string) => {
    const core = testCore(FIXTURE_KB, day);
    const state = { ...core.respond({ id: 'cli:x', channel: 'cli', userId: 'x', owner: 'bot', locale: 'vi', greeted: true, urgent: false, createdAt: '', updatedAt: '', eTag: '' }, { channel: 'cli', userId: 'x', text }) };
    return state.result;
  };
  it('before 1/1/2026 the bot gives the Decree 74/2024 minimum wage', () => {
    const r = ask('2025-12-31', 'luong toi thieu vung 1');
    expect(r.outcome).to.equal('answer');
    expect(r.messages[0]!.text).to.contain('4.960.000').and.contain('74/2024');
  });
  it('from 1/1/2026 the bot gives the Decree 293/2025 minimum wage', () => {
    const r = ask('2026-01-01', 'luong toi thieu vung 1');
    expect(r.messages[0]!.text).to.contain('5.310.000').and.contain('293/2025');
  });
  it('before 1/7/2026 a second child means 6 months of maternity leave', () => {
    expect(ask('2026-06-30', 'sinh con thu hai nghi thai san bao lau').messages[0]!.text).to.match(/con thứ hai được nghỉ 6 tháng/);
  });
  it('from 1/7/2026 a second child means 7 months', () => {
    expect(ask('2026-07-01', 'sinh con thu hai nghi thai san bao lau').messages[0]!.text).to.match(/con thứ hai được nghỉ 7 tháng/);
  });
});

describe('the shipped knowledge base', () => {
  const days = ['2025-12-31', '2026-01-01', '2026-06-30', '2026-07-01', '2026-11-26'];
  for (const day of days) {
    it(`validates with no problems as of ${day} (every number backed by a citation or a figure)`, function () {
      const { problems } = loadKnowledgeBase(REAL_KB, { day });
      // On days before a figure existed, entries that use it are not in force; any other problem fails.
      const real = problems.filter((p) => !(day < '2026-01-01' && /no value of figure/.test(p.message)));
      expect(real.map((p) => `${p.file}:${p.line} ${p.message}`)).to.deep.equal([]);
    });
  }
  it('has at least 150 published entries', () => {
    const { kb } = loadKnowledgeBase(REAL_KB, { day: '2026-11-26' });
    expect(kb.entries.filter((e) => e.status === 'published').length).to.be.at.least(150);
  });
  it('every published entry cites a law with an article and carries its last-checked date', () => {
    const { kb } = loadKnowledgeBase(REAL_KB, { day: '2026-11-26' });
    for (const e of kb.entries.filter((x) => x.status === 'published')) {
      expect(e.citations.some((c) => c.article), `${e.id} cites no article`).to.equal(true);
      expect(e.lastChecked, e.id).to.match(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});
