/** The registry a dialog and the CLI share: every calculator's inputs, and typed answers read as the law needs them. */
import { expect } from 'chai';
import { CALCULATORS, calculate, calculatorNamed, readInput, type InputSpec } from '../../src/calculators/index.js';
import { realFigures } from './figures.js';

const spec = (kind: InputSpec['kind'], choices?: readonly string[]): InputSpec => ({ name: 'x', kind, required: true, choices, question: '?' });
const DAY = '2026-12-06';

describe('calculators: the registry', () => {
  it('has the calculators the issue names, each input with a question to ask', () => {
    expect(CALCULATORS.map((c) => c.name)).to.include.members([
      'severance',
      'job-loss',
      'unemployment',
      'overtime',
      'annual-leave',
      'retirement',
      'maternity',
      'si-lump-sum',
      'sick-pay',
    ]);
    for (const c of CALCULATORS) for (const i of c.inputs) expect(i.question, `${c.name}.${i.name}`).to.match(/\?$/);
  });

  it('reads the answers a worker types: regions, sex, kinds of day, yes/no, days and months', () => {
    expect(['I', 'vùng 2', '3', 'Vung IV'].map((r) => readInput(spec('choice', ['1', '2', '3', '4']), r, DAY))).to.deep.equal(['1', '2', '3', '4']);
    expect(['nam', 'Nữ', 'female'].map((r) => readInput(spec('choice', ['male', 'female']), r, DAY))).to.deep.equal(['male', 'female', 'female']);
    expect(['ngày thường', 'chủ nhật', 'lễ', 'Tết'].map((r) => readInput(spec('choice', ['normal', 'rest', 'holiday']), r, DAY))).to.deep.equal([
      'normal',
      'rest',
      'holiday',
      'holiday',
    ]);
    expect(['có', 'khong', 'rồi', true].map((r) => readInput(spec('boolean'), r, DAY))).to.deep.equal([true, false, true, true]);
    expect(readInput(spec('day'), '5/3/2026', DAY)).to.equal('2026-03-05');
    expect(readInput(spec('month'), '2/2026', DAY)).to.equal('2026-02');
    expect(readInput(spec('months'), 'từ 3/2021 đến nay', DAY)).to.equal(69);
    expect(readInput(spec('amount'), '8tr5', DAY)).to.equal(8_500_000);
  });

  it('a missing required answer names the input to ask for again', () => {
    expect(() => calculate(calculatorNamed('severance')!, { monthlyWage: '8tr' }, { date: DAY, figures: realFigures() }))
      .to.throw('monthsWorked is required')
      .with.property('input', 'monthsWorked');
  });

  it('computes from typed answers, end to end', () => {
    const r = calculate(calculatorNamed('severance')!, { monthlyWage: 'tám triệu', monthsWorked: '5 năm 3 tháng' }, { date: DAY, figures: realFigures() });
    expect(r.amount).to.equal(22_000_000);
  });
});
