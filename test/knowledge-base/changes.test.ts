/**
 * "What changes on this date" (issue 16 item 3), table-driven over a small knowledge base built here: a base
 * salary that changes on 2026-07-01, a minimum wage that changes on 2026-01-01, an entry that stops applying
 * after 2026-06-30 and one that starts on 2026-07-01.
 */
import { expect } from 'chai';
import type { OrganisationConfig } from '../../src/config.js';
import { addDays, changeDays, changesBetween, isDay } from '../../src/knowledge-base/changes.js';
import type { Entry, Figure, KnowledgeBase } from '../../src/knowledge-base/types.js';

const ORG: OrganisationConfig = { name: 'Công đoàn X', hotline: '1900 0000', address: '', officeHours: '', pageUrl: '' };

const figure = (id: string, label: string, values: Figure['values']): Figure => ({ id, label, unit: 'đồng', values, file: 'figures/money.yaml' });
const entry = (id: string, answer: string, more: Partial<Entry> = {}): Entry => ({
  id,
  topic: 'wages',
  title: `Tiêu đề ${id}`,
  status: 'published',
  lastChecked: '2026-06-01',
  phrasings: [],
  answer,
  citations: [{ law: 'Luật', status: 'verified' }],
  related: [],
  personalNote: false,
  file: `entries/wages/${id}.yaml`,
  ...more,
});

function knowledgeBase(): KnowledgeBase {
  const figures = [
    figure('base_salary', 'Lương cơ sở', [
      { value: 2340000, from: '2024-07-01', until: '2026-06-30', source: 'Nghị định 73/2024' },
      { value: 2530000, from: '2026-07-01', source: 'Nghị định 999/2026' },
    ]),
    figure('min_wage_1', 'Lương tối thiểu vùng I', [
      { value: 4960000, from: '2024-07-01', until: '2025-12-31', source: 'Nghị định 74/2024' },
      { value: 5310000, from: '2026-01-01', source: 'Nghị định 293/2025' },
    ]),
    // a value replaced by the same value: a candidate day on which nothing a worker reads changes
    figure('same_rate', 'Tỉ lệ', [
      { value: 8, from: '2024-01-01', until: '2026-03-31', source: 'Luật cũ' },
      { value: 8, from: '2026-04-01', source: 'Luật cũ' },
    ]),
  ];
  const entries = [
    entry('luong-co-so', 'Lương cơ sở là {{base_salary}} đồng.', { en: { title: 'Base salary', answer: 'The base salary is {{base_salary}} VND.' } }),
    entry('tro-cap', 'Trợ cấp bằng 2 lần lương cơ sở ({{base_salary.source}}).'),
    entry('luong-toi-thieu', 'Vùng I: {{min_wage_1}} đồng. Hỏi thêm: {{org.hotline}}'),
    entry('khong-so', 'Nghỉ phép năm 12 ngày.'),
    entry('ty-le', 'Đóng {{same_rate}}%.'),
    entry('luat-cu', 'Theo luật cũ, lương cơ sở {{base_salary}} đồng.', { effective: { until: '2026-06-30' } }),
    entry('luat-moi', 'Theo luật mới.', { effective: { from: '2026-07-01' } }),
  ];
  return {
    entries,
    byId: new Map(entries.map((e) => [e.id, e])),
    figures: new Map(figures.map((f) => [f.id, f])),
    abbreviations: new Map(),
    intentExamples: [],
    situations: new Map(),
    version: 'test',
    loadedAt: '2026-06-01T00:00:00.000Z',
  };
}

describe('what changes on a date (knowledge-base/changes.ts)', () => {
  const kb = knowledgeBase();

  describe('days', () => {
    const cases: [string, number, string][] = [
      ['2026-06-30', 1, '2026-07-01'],
      ['2025-12-31', 1, '2026-01-01'],
      ['2026-03-01', -1, '2026-02-28'],
      ['2028-03-01', -1, '2028-02-29'],
    ];
    for (const [day, n, expected] of cases) it(`${day} ${n > 0 ? '+' : ''}${n} day is ${expected}`, () => expect(addDays(day, n)).to.equal(expected));
    const valid: [string, boolean][] = [
      ['2026-07-01', true],
      ['2026-02-30', false],
      ['2026-7-1', false],
      ['', false],
    ];
    for (const [text, ok] of valid) it(`"${text}" is ${ok ? '' : 'not '}a day`, () => expect(isDay(text)).to.equal(ok));
  });

  it('candidate days are the values’ starts, the days after their ends and the entries’ effective dates, within the range', () => {
    expect(changeDays(kb, '2025-01-01', '2027-12-31')).to.deep.equal(['2026-01-01', '2026-04-01', '2026-07-01']);
    expect(changeDays(kb, '2026-02-01', '2026-06-30')).to.deep.equal(['2026-04-01']);
  });

  const byDay: { name: string; day: string; figures: string[]; entries: [string, string][] }[] = [
    {
      name: 'a base-salary change lists the answers using {{base_salary}} (or its source) and no others; entries start and end',
      day: '2026-07-01',
      figures: ['base_salary'],
      entries: [
        ['luat-cu', 'ends'],
        ['luat-moi', 'starts'],
        ['luong-co-so', 'changes'],
        ['tro-cap', 'changes'],
      ],
    },
    { name: 'a minimum-wage change lists the one answer using it', day: '2026-01-01', figures: ['min_wage_1'], entries: [['luong-toi-thieu', 'changes']] },
  ];
  for (const c of byDay) {
    it(c.name, () => {
      const found = changesBetween(kb, { from: c.day, to: c.day }, ORG);
      expect(found.map((d) => d.day)).to.deep.equal([c.day]);
      expect(found[0]!.figures.map((f) => f.id)).to.deep.equal(c.figures);
      expect(found[0]!.entries.map((e) => [e.id, e.kind])).to.deep.equal(c.entries);
    });
  }

  it('gives the figure’s values and the texts before and after, rendered as a worker reads them (both languages)', () => {
    const [day] = changesBetween(kb, { from: '2026-07-01', to: '2026-07-01' }, ORG);
    expect(day!.figures[0]).to.deep.equal({
      id: 'base_salary',
      label: 'Lương cơ sở',
      unit: 'đồng',
      before: { value: 2340000, source: 'Nghị định 73/2024' },
      after: { value: 2530000, source: 'Nghị định 999/2026' },
    });
    const salary = day!.entries.find((e) => e.id === 'luong-co-so')!;
    expect(salary.texts).to.deep.equal([
      { field: 'answer', before: 'Lương cơ sở là 2.340.000 đồng.', after: 'Lương cơ sở là 2.530.000 đồng.' },
      { field: 'en.answer', before: 'The base salary is 2,340,000 VND.', after: 'The base salary is 2,530,000 VND.' },
    ]);
    expect(day!.entries.find((e) => e.id === 'luat-moi')!.texts).to.deep.equal([{ field: 'answer', before: null, after: 'Theo luật mới.' }]);
    expect(day!.entries.find((e) => e.id === 'luat-cu')!.texts[0]!.after).to.equal(null);
  });

  it('fills organisation details from the configuration', () => {
    const [day] = changesBetween(kb, { from: '2026-01-01', to: '2026-01-01' }, ORG);
    expect(day!.entries[0]!.texts[0]!.after).to.equal('Vùng I: 5.310.000 đồng. Hỏi thêm: 1900 0000');
  });

  it('leaves out a day on which a value is replaced by the same value, and keeps calendar order', () => {
    expect(changesBetween(kb, { from: '2025-01-01', to: '2027-12-31' }, ORG).map((d) => d.day)).to.deep.equal(['2026-01-01', '2026-07-01']);
  });

  it('an empty range, or one without changes, gives nothing', () => {
    expect(changesBetween(kb, { from: '2026-08-01', to: '2026-12-31' }, ORG)).to.deep.equal([]);
    expect(changesBetween(kb, { from: '2026-07-02', to: '2026-07-01' }, ORG)).to.deep.equal([]);
  });
});
