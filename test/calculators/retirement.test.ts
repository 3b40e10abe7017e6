/**
 * Worked examples checked by hand against Labour Code art. 169(2) (18/VBHN-VPQH, quoted in the tuoi-nghi-huu
 * entry): from 2021, 60y3m (men) and 55y4m (women), +3 / +4 months a year up to 62 (2028) and 60 (2035); the
 * age of the year in which it is reached. The rows of Decree 135/2020's annex quoted by secondary sources are
 * checked too (women born 01–08/1970: 57y4m, 09/1970: 57y8m; men from 04/1966: 62), as is
 * its art. 3 (retire at the end of the month the age is reached, pension from the 1st of the next month).
 * One secondary note says women born from 01/1975 retire at 60; the art. 169(2) arithmetic (and another,
 * independent secondary table: born 1975 → 59y8m in 09/2034) says from 05/1975 — the law's arithmetic is used.
 */
import { expect } from 'chai';
import { retirement, retirementAgeInYear, type RetirementInput } from '../../src/calculators/retirement.js';

const DAY = '2026-12-06';

describe('calculators: retirement age and date (Labour Code art. 169)', () => {
  const cases: [title: string, input: RetirementInput, age: number, retireOn: string, pensionFrom: string][] = [
    [
      '169(2) "cứ mỗi năm tăng thêm 03 tháng đối với lao động nam": a man born 15/01/1965 → 61y6m in 07/2026',
      { birthDate: '1965-01-15', sex: 'male' },
      738,
      '2026-07-31',
      '2026-08-01',
    ],
    [
      '169(2) "kể từ năm 2021 … đủ 60 tuổi 03 tháng đối với lao động nam": a man born 20/10/1960 → 60y3m in 01/2021',
      { birthDate: '1960-10-20', sex: 'male' },
      723,
      '2021-01-31',
      '2021-02-01',
    ],
    ['169(2) a man born 01/03/1966 reaches 61y9m in 12/2027, before the 62 of 2028', { birthDate: '1966-03-01', sex: 'male' }, 741, '2027-12-31', '2028-01-01'],
    [
      '169(2) "đủ 62 tuổi đối với lao động nam vào năm 2028": a man born 10/04/1966 → 62 in 04/2028',
      { birthDate: '1966-04-10', sex: 'male' },
      744,
      '2028-04-30',
      '2028-05-01',
    ],
    [
      '169(2) "04 tháng đối với lao động nữ": a woman born 20/08/1970 → 57y4m in 12/2027 (annex: 01–08/1970)',
      { birthDate: '1970-08-20', sex: 'female' },
      688,
      '2027-12-31',
      '2028-01-01',
    ],
    ['169(2) a woman born 05/09/1970 → 57y8m in 05/2028 (annex: from 09/1970)', { birthDate: '1970-09-05', sex: 'female' }, 692, '2028-05-31', '2028-06-01'],
    [
      '169(2) a woman born 01/01/1975 reaches 59y8m in 09/2034, the age of 2034 (not yet 60)',
      { birthDate: '1975-01-01', sex: 'female' },
      716,
      '2034-09-30',
      '2034-10-01',
    ],
    [
      '169(2) "đủ 60 tuổi đối với lao động nữ vào năm 2035": a woman born 10/05/1975 → 60 in 05/2035',
      { birthDate: '1975-05-10', sex: 'female' },
      720,
      '2035-05-31',
      '2035-06-01',
    ],
    [
      '169(2) a woman born 29/02/1980 retires at the end of February 2040 (a leap year)',
      { birthDate: '1980-02-29', sex: 'female' },
      720,
      '2040-02-29',
      '2040-03-01',
    ],
  ];
  for (const [title, input, age, retireOn, pensionFrom] of cases) {
    it(title, () => {
      const r = retirement(input, DAY);
      expect(r).to.include({ amount: age, unit: 'tháng tuổi', date: retireOn, firstDay: pensionFrom, asOf: DAY });
      expect(r.citations).to.deep.include({ law: 'Bộ luật Lao động 45/2019/QH14', article: '169 khoản 2' });
    });
  }

  it('the roadmap by year of retirement: men 60y3m (2021) … 62 (2028 on), women 55y4m (2021) … 60 (2035 on)', () => {
    expect([2021, 2025, 2026, 2027, 2028, 2040].map((y) => retirementAgeInYear('male', y))).to.deep.equal([723, 735, 738, 741, 744, 744]);
    expect([2021, 2026, 2034, 2035, 2050].map((y) => retirementAgeInYear('female', y))).to.deep.equal([664, 684, 716, 720, 720]);
  });

  it('the formula reads as a person would say it, with the months left from the day asked', () => {
    const f = retirement({ birthDate: '1970-09-05', sex: 'female' }, DAY).formula;
    expect(f).to.contain('đủ 57 tuổi 8 tháng vào tháng 05/2028');
    expect(f).to.contain('hết ngày 31/05/2028');
    expect(f).to.contain('còn 1 năm 5 tháng');
  });

  it('a worker who reached retirement age before 2021 (earlier law) is refused by name', () => {
    expect(() => retirement({ birthDate: '1960-09-15', sex: 'male' }, DAY))
      .to.throw(/before 2021/)
      .with.property('input', 'birthDate');
    expect(() => retirement({ birthDate: '1965-02-30', sex: 'male' }, DAY))
      .to.throw()
      .with.property('input', 'birthDate');
  });
});
