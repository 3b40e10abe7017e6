/**
 * Worked examples checked by hand against Labour Code 45/2019 art. 46–47 (18/VBHN-VPQH, quoted in the
 * knowledge base's tro-cap-thoi-viec and tro-cap-mat-viec entries) and Decree 145/2020 art. 8(2)–(3), read in
 * the decree's text (S5 in shared/legal-facts.md): working time = worked − insured − already compensated;
 * odd months ≤ 6 → ½ year, > 6 → 1 year.
 */
import { expect } from 'chai';
import { countedTime, jobLossAllowance, severanceAllowance, type SeveranceInput } from '../../src/calculators/severance.js';

const DAY = '2026-12-06';

describe('calculators: severance allowance (Labour Code art. 46)', () => {
  const cases: [title: string, input: SeveranceInput, amount: number][] = [
    [
      '"mỗi năm làm việc được trợ cấp một nửa tháng tiền lương": 5 years 3 months at 8 million → 5.5 years → 22 million',
      { monthlyWage: 8_000_000, monthsWorked: 63 },
      22_000_000,
    ],
    [
      'D145 art. 8(3)(c) "trên 06 tháng được tính bằng 01 năm": 5 years 7 months at 10 million → 6 years → 30 million',
      { monthlyWage: 10_000_000, monthsWorked: 67 },
      30_000_000,
    ],
    [
      '46(2) "trừ đi thời gian … đã tham gia bảo hiểm thất nghiệp": 10 years, 6 insured, 9 million → 4 years → 18 million',
      { monthlyWage: 9_000_000, monthsWorked: 120, monthsWithUnemploymentInsurance: 72 },
      18_000_000,
    ],
    [
      '46(2) "… và thời gian … đã được … chi trả trợ cấp": 10 years − 2 insured − 3 paid = 5 years at 10 million → 25 million',
      { monthlyWage: 10_000_000, monthsWorked: 120, monthsWithUnemploymentInsurance: 24, monthsAlreadyCompensated: 36 },
      25_000_000,
    ],
    [
      'D145 8(3)(c) "ít hơn hoặc bằng 06 tháng được tính bằng 1/2 năm": 14 months at 6 million → 1.5 years → 4.5 million',
      { monthlyWage: 6_000_000, monthsWorked: 14 },
      4_500_000,
    ],
    ['46(1) "từ đủ 12 tháng trở lên": 11 months → nothing', { monthlyWage: 7_000_000, monthsWorked: 11 }, 0],
    ['46(2): insured the whole 8 years → nothing left to count', { monthlyWage: 12_000_000, monthsWorked: 96, monthsWithUnemploymentInsurance: 96 }, 0],
  ];
  for (const [title, input, amount] of cases) {
    it(title, () => {
      const r = severanceAllowance(input, DAY);
      expect(r.amount).to.equal(amount);
      expect(r.unit).to.equal('đồng');
      expect(r.asOf).to.equal(DAY);
      expect(r.citations).to.deep.include({ law: 'Bộ luật Lao động 45/2019/QH14', article: '46' });
    });
  }

  it("the formula shows the wage basis the law names and the worker's numbers", () => {
    const r = severanceAllowance({ monthlyWage: 8_000_000, monthsWorked: 63 }, DAY);
    expect(r.formula).to.contain('bình quân của 06 tháng liền kề theo hợp đồng lao động');
    expect(r.formula).to.contain('= 1/2 × 8.000.000 × 5,5 = 22.000.000 đồng');
    expect(r.inputs).to.deep.equal({ monthlyWage: 8_000_000, monthsWorked: 63, monthsWithUnemploymentInsurance: 0 });
  });

  it('refuses impossible inputs, naming the input', () => {
    expect(() => severanceAllowance({ monthlyWage: 0, monthsWorked: 24 }, DAY))
      .to.throw()
      .with.property('input', 'monthlyWage');
    expect(() => severanceAllowance({ monthlyWage: 5e6, monthsWorked: 24, monthsWithUnemploymentInsurance: 30 }, DAY))
      .to.throw()
      .with.property('input', 'monthsWithUnemploymentInsurance');
  });

  it('counted time rounds odd months as D145 art. 8(3)(c) says', () => {
    expect([0, 1, 6, 7, 12, 18, 19].map((m) => countedTime({ monthlyWage: 1, monthsWorked: m }).years)).to.deep.equal([0, 0.5, 0.5, 1, 1, 1.5, 2]);
  });
});

describe('calculators: job-loss allowance (Labour Code art. 47)', () => {
  const cases: [title: string, input: SeveranceInput, amount: number][] = [
    ['"cứ mỗi năm làm việc trả 01 tháng tiền lương": 5 years 3 months at 8 million → 44 million', { monthlyWage: 8_000_000, monthsWorked: 63 }, 44_000_000],
    [
      '"nhưng ít nhất bằng 02 tháng tiền lương": insured the whole time → 2 × 8 million',
      { monthlyWage: 8_000_000, monthsWorked: 63, monthsWithUnemploymentInsurance: 63 },
      16_000_000,
    ],
    [
      'D145 8(2) "ít hơn 24 tháng … ít nhất bằng 02 tháng": 18 months at 10 million → 20 million, not 15',
      { monthlyWage: 10_000_000, monthsWorked: 18 },
      20_000_000,
    ],
    ['30 months at 10 million → 2.5 years → 25 million (above the floor)', { monthlyWage: 10_000_000, monthsWorked: 30 }, 25_000_000],
    ['47(1) "từ đủ 12 tháng trở lên": 11 months → nothing', { monthlyWage: 5_000_000, monthsWorked: 11 }, 0],
  ];
  for (const [title, input, amount] of cases) {
    it(title, () => {
      const r = jobLossAllowance(input, DAY);
      expect(r.amount).to.equal(amount);
      expect(r.citations).to.deep.include({ law: 'Bộ luật Lao động 45/2019/QH14', article: '47' });
    });
  }
});
