/**
 * Worked examples checked by hand against Social Insurance Law 41/2024 art. 58(4) ("02 lần mức tham chiếu tại
 * tháng lao động nữ sinh con") and 59(1) ("100% mức bình quân tiền lương … của 06 tháng gần nhất"), and Labour
 * Code art. 139(1) as amended by Law 113/2025 from 01/07/2026 (6 months; 7 for a second child; +1 month per child
 * from the second) — all quoted in the tro-cap-thai-san-muc-huong and nghi-thai-san-bao-lau entries; the
 * reference level is the base salary (2,340,000 until 30/06/2026, 2,530,000 from 01/07/2026, Decree 161/2026
 * art. 3(2)), so the lump sum is 4,680,000 then 5,060,000 per child (figure childbirth_allowance).
 */
import { expect } from 'chai';
import { maternityBenefit, type MaternityInput } from '../../src/calculators/maternity.js';
import { realFigures } from './figures.js';

const run = (input: MaternityInput) => maternityBenefit(input, { figures: realFigures() });

describe('calculators: maternity benefit (Social Insurance Law 2024 art. 58–59, Labour Code art. 139)', () => {
  const cases: [title: string, input: MaternityInput, amount: number, months: number][] = [
    [
      '59(1) "bằng 100% mức bình quân": first child born 10/03/2026, 8 million → 6 × 8m + 4,680,000',
      { averageWage: 8_000_000, birthDate: '2026-03-10' },
      52_680_000,
      6,
    ],
    [
      '139(1) "sinh con thứ hai … 07 tháng": born 10/08/2026 → 7 × 8m + 5,060,000',
      { averageWage: 8_000_000, birthDate: '2026-08-10', secondChild: true },
      61_060_000,
      7,
    ],
    [
      '139(1) before 01/07/2026 a second child still had 6 months: born 20/06/2026 → 6 × 8m + 4,680,000',
      { averageWage: 8_000_000, birthDate: '2026-06-20', secondChild: true },
      52_680_000,
      6,
    ],
    [
      '139(1) "sinh đôi trở lên … mỗi con … thêm 01 tháng", 58(4) "cho mỗi con": twins on 01/09/2026, 10 million → 7 × 10m + 2 × 5,060,000',
      { averageWage: 10_000_000, birthDate: '2026-09-01', children: 2 },
      80_120_000,
      7,
    ],
    [
      '58(4) "tại tháng lao động nữ sinh con": born 01/07/2026 → the new reference level, 6 × 6m + 5,060,000',
      { averageWage: 6_000_000, birthDate: '2026-07-01' },
      41_060_000,
      6,
    ],
  ];
  for (const [title, input, amount, months] of cases) {
    it(title, () => {
      const r = run(input);
      expect(r).to.include({ amount, months, unit: 'đồng', asOf: input.birthDate });
      expect(r.citations).to.deep.include({ law: 'Luật Bảo hiểm xã hội 41/2024/QH15', article: '59 khoản 1' });
    });
  }

  it('births before Law 41/2024 took effect (01/07/2025) are refused by name', () => {
    expect(() => run({ averageWage: 8_000_000, birthDate: '2025-06-30' }))
      .to.throw(/58\/2014/)
      .with.property('input', 'birthDate');
  });

  it('the formula names the figures it used and their source', () => {
    const f = run({ averageWage: 8_000_000, birthDate: '2026-08-10', secondChild: true }).formula;
    expect(f).to.contain('Luật Dân số 113/2025/QH15');
    expect(f).to.contain('5.060.000');
    expect(f).to.contain('Tổng = 8.000.000 × 7 + 5.060.000 = 61.060.000 đồng');
  });
});
