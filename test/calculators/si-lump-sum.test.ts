/**
 * Worked examples checked by hand against Social Insurance Law 41/2024 art. 70(3) and 5(6) (quoted in the
 * muc-huong-bhxh-mot-lan entry): 1.5 months per year before 2014, 2 months per year from 2014; odd months before
 * 2014 move to the later period when both exist; odd months 1–6 = ½ year, 7–11 = 1 year.
 */
import { expect } from 'chai';
import { siLumpSum, siYears, type SiLumpSumInput } from '../../src/calculators/si-lump-sum.js';

const DAY = '2026-12-06';

describe('calculators: one-off social-insurance payment (Social Insurance Law 2024 art. 70)', () => {
  const cases: [title: string, input: SiLumpSumInput, amount: number][] = [
    [
      '70(3)(b) "02 tháng … đối với năm đóng từ năm 2014 trở đi": 5 years at 10 million → 100 million',
      { averageWage: 10_000_000, monthsBefore2014: 0, monthsFrom2014: 60 },
      100_000_000,
    ],
    [
      '5(6) "từ 01 tháng đến 06 tháng được tính là nửa năm": 5 years 5 months → 5.5 years → 110 million',
      { averageWage: 10_000_000, monthsBefore2014: 0, monthsFrom2014: 65 },
      110_000_000,
    ],
    [
      '5(6) "từ 07 tháng đến 11 tháng được tính là một năm": 5 years 7 months → 6 years → 120 million',
      { averageWage: 10_000_000, monthsBefore2014: 0, monthsFrom2014: 67 },
      120_000_000,
    ],
    [
      '70(3)(a) "những tháng lẻ đó được chuyển sang giai đoạn … từ năm 2014": 4y2m before + 8y4m after → 1.5 × 4 + 2 × 8.5 = 23 × 6m = 138 million',
      { averageWage: 6_000_000, monthsBefore2014: 50, monthsFrom2014: 100 },
      138_000_000,
    ],
    [
      '70(3)(a) "1,5 tháng … đối với năm đóng trước năm 2014": only 2y6m before 2014 → 1.5 × 2.5 × 8m = 30 million',
      { averageWage: 8_000_000, monthsBefore2014: 30, monthsFrom2014: 0 },
      30_000_000,
    ],
  ];
  for (const [title, input, amount] of cases) {
    it(title, () => {
      const r = siLumpSum(input, DAY);
      expect(r).to.include({ amount, unit: 'đồng', asOf: DAY });
      expect(r.citations).to.deep.include({ law: 'Luật Bảo hiểm xã hội 41/2024/QH15', article: '70' });
    });
  }

  it('siYears rounds odd months as art. 5(6) says', () => {
    expect([12, 13, 18, 19, 24].map(siYears)).to.deep.equal([1, 1.5, 1.5, 2, 2]);
  });

  it('70(3)(c) (under one year: what was contributed) is not computed, and says so', () => {
    expect(() => siLumpSum({ averageWage: 8_000_000, monthsBefore2014: 0, monthsFrom2014: 11 }, DAY)).to.throw(/70\(3\)\(c\)/);
  });
});
