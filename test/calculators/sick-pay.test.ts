/**
 * Worked examples checked by hand against Social Insurance Law 41/2024 art. 43(1) and 45(1), (2), (5) (quoted in
 * the om-dau-so-ngay and om-dau-muc-huong entries; shared/legal-facts.md §5.4): 75% of the previous month's
 * social-insurance wage, a day = the month ÷ 24, under half a day → half, half or more → a whole day; at most
 * 30/40/60 days (under 15 / 15–30 / 30+ years), 40/50/70 in heavy jobs.
 */
import { expect } from 'chai';
import { countedDays, maxSickDays, sickPay, type SickPayInput } from '../../src/calculators/sick-pay.js';

const DAY = '2026-12-06';

describe('calculators: sickness benefit (Social Insurance Law 2024 art. 43, 45)', () => {
  const cases: [title: string, input: SickPayInput, amount: number][] = [
    [
      '45(2) "bằng 75% tiền lương làm căn cứ đóng", 45(5) "chia cho 24 ngày": 8 million, 5 days → 6m ÷ 24 × 5 = 1,250,000',
      { monthlyWage: 8_000_000, days: 5, contributionYears: 10 },
      1_250_000,
    ],
    ['45(5) "dưới nửa ngày được tính là nửa ngày": 2.3 days → 2.5 → 625,000', { monthlyWage: 8_000_000, days: 2.3, contributionYears: 10 }, 625_000],
    [
      '45(5) "từ nửa ngày đến dưới một ngày được tính là một ngày": 2.5 days → 3 → 750,000',
      { monthlyWage: 8_000_000, days: 2.5, contributionYears: 10 },
      750_000,
    ],
    ['43(1)(a) "30 ngày nếu đã đóng … dưới 15 năm": 40 days → 30 paid → 7,500,000', { monthlyWage: 8_000_000, days: 40, contributionYears: 10 }, 7_500_000],
    [
      '43(1)(b) "50 ngày nếu đã đóng từ đủ 15 năm đến dưới 30 năm" (heavy job): 45 days at 10 million → 14,062,500',
      { monthlyWage: 10_000_000, days: 45, contributionYears: 20, heavyJob: true },
      14_062_500,
    ],
    [
      '43(1)(a) "60 ngày nếu đã đóng từ đủ 30 năm trở lên": 70 days at 12 million → 60 paid → 22,500,000',
      { monthlyWage: 12_000_000, days: 70, contributionYears: 31 },
      22_500_000,
    ],
  ];
  for (const [title, input, amount] of cases) {
    it(title, () => {
      const r = sickPay(input, DAY);
      expect(r).to.include({ amount, unit: 'đồng', asOf: DAY });
      expect(r.citations).to.deep.include({ law: 'Luật Bảo hiểm xã hội 41/2024/QH15', article: '45' });
    });
  }

  it('the yearly maximum by years of contributions and job (art. 43(1))', () => {
    expect([0, 14.9, 15, 29, 30].map((y) => maxSickDays(y))).to.deep.equal([30, 30, 40, 40, 60]);
    expect([0, 15, 30].map((y) => maxSickDays(y, true))).to.deep.equal([40, 50, 70]);
    expect([1, 1.2, 1.5, 1.9].map(countedDays)).to.deep.equal([1, 1.5, 2, 2]);
  });

  it('days over the maximum are named as not paid', () => {
    expect(sickPay({ monthlyWage: 8_000_000, days: 40, contributionYears: 10 }, DAY).formula).to.contain('10 ngày vượt mức tối đa');
  });
});
