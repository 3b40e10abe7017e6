/**
 * Worked examples checked by hand against Labour Code art. 113(1)–(2) and 114 (quoted in the nghi-phep-nam and
 * tham-nien-phep-nam entries) and Decree 145/2020 art. 66(1), read in the decree's text: "lấy số ngày nghỉ hằng
 * năm cộng với số ngày được nghỉ tăng thêm theo thâm niên (nếu có), chia cho 12 tháng, nhân với số tháng làm
 * việc thực tế" (no rounding rule).
 */
import { expect } from 'chai';
import { annualLeave, type AnnualLeaveInput } from '../../src/calculators/annual-leave.js';

const DAY = '2026-12-06';

describe('calculators: annual leave days (Labour Code art. 113–114)', () => {
  const cases: [title: string, input: AnnualLeaveInput, days: number][] = [
    ['113(1)(a) "12 ngày làm việc đối với người làm công việc trong điều kiện bình thường": 3 years → 12', { jobType: 'normal', monthsWithEmployer: 36 }, 12],
    ['113(1)(b) "14 ngày làm việc đối với … nặng nhọc, độc hại, nguy hiểm": 2 years → 14', { jobType: 'heavy', monthsWithEmployer: 24 }, 14],
    ['113(1)(c) "16 ngày làm việc đối với … đặc biệt nặng nhọc, độc hại, nguy hiểm": 1 year → 16', { jobType: 'very-heavy', monthsWithEmployer: 12 }, 16],
    ['114 "cứ đủ 05 năm … được tăng thêm tương ứng 01 ngày": 5 years → 13', { jobType: 'normal', monthsWithEmployer: 60 }, 13],
    ['114: 11 years → 12 + 2 = 14 (4 years 11 months → no extra day yet: 12)', { jobType: 'normal', monthsWithEmployer: 132 }, 14],
    ['113(2) "theo tỷ lệ tương ứng với số tháng làm việc": 6 months → 12 ÷ 12 × 6 = 6', { jobType: 'normal', monthsWithEmployer: 6 }, 6],
    ['D145 66(1): heavy job, 7 months → 14 ÷ 12 × 7 = 8.17 (two decimals, the law sets no rounding)', { jobType: 'heavy', monthsWithEmployer: 7 }, 8.17],
  ];
  for (const [title, input, days] of cases) {
    it(title, () => {
      const r = annualLeave(input, DAY);
      expect(r).to.include({ amount: days, unit: 'ngày làm việc', asOf: DAY });
      expect(r.citations).to.deep.include({ law: 'Bộ luật Lao động 45/2019/QH14', article: '113' });
    });
  }

  it('4 years 11 months is not yet a full 5 years (art. 114)', () => {
    expect(annualLeave({ jobType: 'normal', monthsWithEmployer: 59 }, DAY).amount).to.equal(12);
  });

  it('refuses an unknown job type and a negative time', () => {
    expect(() => annualLeave({ jobType: 'office' as 'normal', monthsWithEmployer: 12 }, DAY))
      .to.throw()
      .with.property('input', 'jobType');
    expect(() => annualLeave({ jobType: 'normal', monthsWithEmployer: -1 }, DAY))
      .to.throw()
      .with.property('input', 'monthsWithEmployer');
  });
});
