/**
 * Worked examples checked by hand against Employment Law 74/2025/QH15 art. 38–39 and 54–55 (read in the law's
 * text, S8 in shared/legal-facts.md): 60% of the 6-month average, at most 5 × the regional minimum wage of the
 * LAST contribution month (Decree 293/2025 from 01/2026: I 5,310,000 … IV 3,700,000; Decree 74/2024 before:
 * I 4,960,000); 3 months for 12–36 months of contributions, +1 per further full 12, at most 12; the 11th
 * working day after filing; filing within 3 months of the contract ending.
 */
import { expect } from 'chai';
import { benefitMonths, unemploymentBenefit, type UnemploymentInput } from '../../src/calculators/unemployment.js';
import { isWorkingDay, nthWorkingDayAfter } from '../../src/calculators/working-days.js';
import { realFigures } from './figures.js';

const base: UnemploymentInput = { averageWage: 10_000_000, contributionMonths: 48, region: 1, lastContributionMonth: '2026-02', contractEnded: '2026-03-15' };
const run = (input: Partial<UnemploymentInput>, date = '2026-03-20') => unemploymentBenefit({ ...base, ...input }, { date, figures: realFigures() });

describe('calculators: unemployment benefit (Employment Law 74/2025 art. 39)', () => {
  it('39(1) "bằng 60% mức bình quân tiền lương tháng đóng bảo hiểm thất nghiệp của 06 tháng": 10 million → 6 million a month, 4 months for 48 months', () => {
    const r = run({ filedOn: '2026-03-20' });
    expect(r).to.include({ amount: 6_000_000, unit: 'đồng/tháng', months: 4, fileBy: '2026-06-15', firstDay: '2026-04-06', asOf: '2026-02-01' });
    expect(r.formula).to.contain('5 × 5.310.000 = 26.550.000');
    expect(r.citations).to.deep.include({ law: 'Nghị định 293/2025/NĐ-CP', article: '3 khoản 1' });
  });

  it('39(1) "tối đa không quá 05 lần mức lương tối thiểu tháng theo vùng": 50 million in region I (02/2026) → 26,550,000', () => {
    expect(run({ averageWage: 50_000_000 }).amount).to.equal(26_550_000);
  });

  it('39(1) "… được áp dụng tại tháng cuối cùng đóng": last month 12/2025 → the Decree 74/2024 wage, 5 × 4,960,000 = 24,800,000', () => {
    const r = run({ averageWage: 50_000_000, lastContributionMonth: '2025-12', contractEnded: '2025-12-31' }, '2026-01-05');
    expect(r.amount).to.equal(24_800_000);
    expect(r.asOf).to.equal('2025-12-01');
    expect(r.formula).to.contain('Điều 55 khoản 4');
  });

  it('39(1) in region IV (03/2026): 40 million → 5 × 3,700,000 = 18,500,000', () => {
    expect(run({ averageWage: 40_000_000, region: 4, lastContributionMonth: '2026-03', contractEnded: '2026-03-31' }).amount).to.equal(18_500_000);
  });

  it('39(2) "cứ đóng đủ 12 tháng đến đủ 36 tháng thì được hưởng 03 tháng … tối đa 12 tháng"', () => {
    expect([11, 12, 36, 47, 48, 59, 60, 143, 144, 200].map(benefitMonths)).to.deep.equal([0, 3, 3, 3, 4, 4, 5, 11, 12, 12]);
  });

  it('38(1)(b) "từ đủ 12 tháng trở lên": 11 months → no benefit, and the formula says why', () => {
    const r = run({ contributionMonths: 11 });
    expect(r).to.include({ amount: 0, months: 0 });
    expect(r.formula).to.contain('Chưa đủ điều kiện');
    expect(r.firstDay).to.equal(undefined);
  });

  it('38(1)(c) "trong thời hạn 03 tháng kể từ ngày chấm dứt": the corresponding day, or the month\'s last day when there is none', () => {
    expect(run({ contractEnded: '2026-11-30', lastContributionMonth: '2026-11' }).fileBy).to.equal('2027-02-28');
    expect(run({ contractEnded: '2026-08-31', lastContributionMonth: '2026-08' }).fileBy).to.equal('2026-11-30');
  });

  it('39(3) "ngày làm việc thứ 11 kể từ ngày nộp đủ hồ sơ": filed Friday 24/04/2026 → 13/05/2026 (30/4 and 1/5 skipped)', () => {
    expect(run({ filedOn: '2026-04-24' }).firstDay).to.equal('2026-05-13');
    expect(nthWorkingDayAfter('2026-04-24', 11)).to.equal('2026-05-13');
    expect(['2026-05-01', '2026-05-02', '2026-05-03', '2026-09-02', '2026-01-01'].map(isWorkingDay)).to.deep.equal([false, false, false, false, false]);
  });

  it('without a filing day it assumes filing on the day asked; after the deadline it says the claim is late and gives no first day', () => {
    expect(run({}, '2026-03-20').firstDay).to.equal('2026-04-06');
    const late = run({ contractEnded: '2026-01-10', lastContributionMonth: '2026-01' }, '2026-12-06');
    expect(late.firstDay).to.equal(undefined);
    expect(late.fileBy).to.equal('2026-04-10');
    expect(late.formula).to.contain('hạn nộp đã qua');
  });

  it('art. 54–55: a claim whose deadline passed before 01/01/2026 belongs to the old law, and is refused by name', () => {
    expect(() => run({ contractEnded: '2025-06-30', lastContributionMonth: '2025-06' }))
      .to.throw(/Law 38\/2013/)
      .with.property('input', 'contractEnded');
  });

  it('refuses a last contribution month after the contract ended, a bad region, a bad month', () => {
    expect(() => run({ lastContributionMonth: '2026-05' }))
      .to.throw()
      .with.property('input', 'lastContributionMonth');
    expect(() => run({ region: 5 as 1 }))
      .to.throw()
      .with.property('input', 'region');
    expect(() => run({ lastContributionMonth: '2026-13' }))
      .to.throw()
      .with.property('input', 'lastContributionMonth');
  });
});
