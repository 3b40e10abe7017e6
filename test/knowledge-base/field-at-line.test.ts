/**
 * fieldAtLine (knowledge-base/editing.ts): a validation problem that names no field in its message is shown
 * in the editor's form at the field written on its line. Table-driven over an entry and a figure.
 */
import { expect } from 'chai';
import { fieldAtLine } from '../../src/knowledge-base/editing.js';

const ENTRY = `id: nghi-phep-nam
topic: leave
title: Nghỉ phép năm
phrasings:
  - Một năm được nghỉ phép bao nhiêu ngày?
  - nghi phep nam bao nhieu ngay
answer: |
  Làm đủ 12 tháng được nghỉ hằng năm 12 ngày làm việc.
  Hưởng nguyên lương.
citations:
  - law: Bộ luật Lao động 45/2019/QH14
    article: 113
    quote: "12 ngày làm việc"
`;

const FIGURE = `min_wage_region_1_monthly:
  label: Lương tối thiểu tháng vùng I
  unit: đồng/tháng
  values:
    - { value: 4960000, from: 2024-07-01, until: 2025-12-31, source: "Nghị định 74/2024/NĐ-CP, Điều 3" }
    - value: 5310000
      from: 2026-01-01
      source: "Nghị định 293/2025/NĐ-CP, Điều 3"
`;

describe('fieldAtLine: the field a problem on a line is about', () => {
  const entryCases: [line: number, field: string | null, why: string][] = [
    [1, 'id', 'a scalar on its own line'],
    [4, 'phrasings', 'a list is pointed at by its key'],
    [5, 'phrasings', "the list's first line is the list (the validator points there for the whole list)"],
    [6, 'phrasings.1', 'a later item'],
    [7, 'answer', 'a block scalar: its key line'],
    [9, 'answer', 'a block scalar: its last line'],
    [11, 'citations', "the citations list's first line"],
    [12, 'citations.0.article', 'a field of a citation'],
    [13, 'citations.0.quote', 'another'],
    [40, null, 'past the end'],
  ];
  for (const [line, field, why] of entryCases) {
    it(`entry line ${line} → ${String(field)} (${why})`, () => expect(fieldAtLine(ENTRY, line)).to.equal(field));
  }

  const figureCases: [line: number, field: string | null][] = [
    [1, null],
    [2, 'label'],
    [4, 'values'],
    [5, 'values'],
    [6, 'values.1'],
    [7, 'values.1'],
  ];
  for (const [line, field] of figureCases) {
    it(`figure line ${line} → ${String(field)} (named without the figure's id; a row is one card)`, () =>
      expect(fieldAtLine(FIGURE, line, 'min_wage_region_1_monthly')).to.equal(field));
  }

  it('text that does not parse places nothing', () => expect(fieldAtLine('answer: [unclosed\n', 1)).to.equal(null));
  it("another figure's text places nothing", () => expect(fieldAtLine(FIGURE, 2, 'base_salary')).to.equal(null));
});
