/**
 * Worked examples checked by hand against Labour Code art. 98 and Decree 145/2020 art. 55 and 57(1), read in the
 * decree's text (S5): night overtime = W × 150/200/300% + W × 30% + 20% × the day-time hourly wage of that day
 * (100% on a normal day without day-time overtime, 150% with it, 200% rest day, 300% holiday). The knowledge
 * base's luong-ngay-le entry was corrected to this formula (300% + 30% + 20% × 300% = 390%).
 */
import { expect } from 'chai';
import { overtimePay, overtimeRate, type OvertimeInput } from '../../src/calculators/overtime.js';

const DAY = '2026-12-06';

describe('calculators: overtime pay (Labour Code art. 98, Decree 145/2020 art. 55, 57)', () => {
  const cases: [title: string, input: OvertimeInput, amount: number][] = [
    ['98(1)(a) "vào ngày thường, ít nhất bằng 150%": 30,000/h × 150% × 3 h = 135,000', { hourlyWage: 30_000, hours: 3, day: 'normal' }, 135_000],
    ['98(1)(b) "vào ngày nghỉ hằng tuần, ít nhất bằng 200%": 30,000 × 200% × 8 = 480,000', { hourlyWage: 30_000, hours: 8, day: 'rest' }, 480_000],
    ['98(1)(c) "vào ngày nghỉ lễ, tết … ít nhất bằng 300%": 30,000 × 300% × 8 = 720,000', { hourlyWage: 30_000, hours: 8, day: 'holiday' }, 720_000],
    [
      'D145 57(1)(b1) "ít nhất bằng 100% … không làm thêm giờ vào ban ngày": 150 + 30 + 20 = 200%: 30,000 × 2 × 2 h = 120,000',
      { hourlyWage: 30_000, hours: 2, day: 'normal', night: true },
      120_000,
    ],
    [
      'D145 57(1)(b1) "ít nhất bằng 150% … có làm thêm giờ vào ban ngày": 150 + 30 + 30 = 210%: 28,000 × 2.1 × 3 = 176,400',
      { hourlyWage: 28_000, hours: 3, day: 'normal', night: true, daytimeOvertime: true },
      176_400,
    ],
    [
      'D145 57(1)(b2) "ngày nghỉ hằng tuần … ít nhất bằng 200%": 200 + 30 + 40 = 270%: 25,000 × 2.7 × 4 = 270,000',
      { hourlyWage: 25_000, hours: 4, day: 'rest', night: true },
      270_000,
    ],
    [
      'D145 57(1)(b3) "ngày nghỉ lễ, tết … ít nhất bằng 300%": 300 + 30 + 60 = 390%: 25,000 × 3.9 × 4 = 390,000',
      { hourlyWage: 25_000, hours: 4, day: 'holiday', night: true },
      390_000,
    ],
  ];
  for (const [title, input, amount] of cases) {
    it(title, () => {
      const r = overtimePay(input, DAY);
      expect(r.amount).to.equal(amount);
      expect(r.unit).to.equal('đồng');
      expect(r.citations).to.deep.include({ law: 'Nghị định 145/2020/NĐ-CP', article: '55' });
      if (input.night) expect(r.citations).to.deep.include({ law: 'Nghị định 145/2020/NĐ-CP', article: '57' });
    });
  }

  it('the minimum rates per hour: 150/200/300% by day, 200 (210)/270/390% at night', () => {
    expect([overtimeRate('normal'), overtimeRate('rest'), overtimeRate('holiday')]).to.deep.equal([1.5, 2, 3]);
    expect([overtimeRate('normal', true), overtimeRate('normal', true, true), overtimeRate('rest', true), overtimeRate('holiday', true)]).to.deep.equal([
      2, 2.1, 2.7, 3.9,
    ]);
  });

  it("daytime overtime only changes a normal day; a holiday says a daily-paid worker also gets the holiday's own wage", () => {
    expect(overtimePay({ hourlyWage: 25_000, hours: 4, day: 'rest', night: true, daytimeOvertime: true }, DAY).amount).to.equal(270_000);
    expect(overtimePay({ hourlyWage: 25_000, hours: 4, day: 'holiday' }, DAY).formula).to.contain('lương theo ngày');
  });

  it("the formula spells out the night sum with the worker's numbers", () => {
    const f = overtimePay({ hourlyWage: 25_000, hours: 4, day: 'holiday', night: true }, DAY).formula;
    expect(f).to.contain('300% + 30% + 20% × 300% = 390%');
    expect(f).to.contain('= 25.000 × 390% × 4 = 390.000 đồng');
  });

  it('refuses a missing wage or hours, and an unknown kind of day', () => {
    expect(() => overtimePay({ hourlyWage: 0, hours: 2, day: 'normal' }, DAY))
      .to.throw()
      .with.property('input', 'hourlyWage');
    expect(() => overtimePay({ hourlyWage: 1, hours: 0, day: 'normal' }, DAY))
      .to.throw()
      .with.property('input', 'hours');
    expect(() => overtimePay({ hourlyWage: 1, hours: 1, day: 'sunday' as 'rest' }, DAY))
      .to.throw()
      .with.property('input', 'day');
  });
});
