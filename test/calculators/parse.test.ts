/** Amounts and durations as workers type them: with and without diacritics, abbreviated, in words. */
import { expect } from 'chai';
import { parseAmount, parseDuration, parseNumeral } from '../../src/calculators/parse.js';

describe('calculators: reading a Vietnamese amount', () => {
  const amounts: [typed: string, vnd: number][] = [
    ['8 triệu', 8_000_000],
    ['8 trieu', 8_000_000],
    ['8 TRIỆU', 8_000_000],
    ['8tr', 8_000_000],
    ['8 tr', 8_000_000],
    ['8tr5', 8_500_000],
    ['8 tr 5', 8_500_000],
    ['8tr500', 8_500_000],
    ['8 triệu 500', 8_500_000],
    ['8 trieu 500', 8_500_000],
    ['8 triệu 500 nghìn', 8_500_000],
    ['8 triệu 5 trăm', 8_500_000],
    ['1tr2', 1_200_000],
    ['2 triệu 350', 2_350_000],
    ['8,5 triệu', 8_500_000],
    ['8.5 triệu', 8_500_000],
    ['8.5tr', 8_500_000],
    ['8.000.000', 8_000_000],
    ['8.000.000đ', 8_000_000],
    ['8.000.000 đồng', 8_000_000],
    ['8.000.000 dong', 8_000_000],
    ['8.000.000 VND', 8_000_000],
    ['8,000,000', 8_000_000],
    ['8000000', 8_000_000],
    ['8000k', 8_000_000],
    ['8000 k', 8_000_000],
    ['500k', 500_000],
    ['500 nghìn', 500_000],
    ['500 ngàn', 500_000],
    ['500 nghin', 500_000],
    ['25.500', 25_500],
    ['30k/giờ', 30_000],
    ['30 nghìn một giờ', 30_000],
    ['8 triệu một tháng', 8_000_000],
    ['lương 8tr', 8_000_000],
    ['mức lương là 6 triệu rưỡi', 6_500_000],
    ['8 củ', 8_000_000],
    ['8 cu', 8_000_000],
    ['tám triệu', 8_000_000],
    ['tam trieu', 8_000_000],
    ['tám triệu rưỡi', 8_500_000],
    ['tam trieu ruoi', 8_500_000],
    ['8 triệu rưỡi', 8_500_000],
    ['8tr rưỡi', 8_500_000],
    ['mười hai triệu', 12_000_000],
    ['muoi hai trieu', 12_000_000],
    ['hai mươi lăm triệu', 25_000_000],
    ['hai mươi mốt triệu', 21_000_000],
    ['tám triệu năm trăm nghìn', 8_500_000],
    ['tám triệu năm', 8_500_000],
    ['năm trăm nghìn', 500_000],
    ['ba trăm linh năm nghìn', 305_000],
    ['ba mươi nghìn', 30_000],
    ['1 tỷ 2', 1_200_000_000],
  ];
  for (const [typed, vnd] of amounts) {
    it(`"${typed}" → ${vnd}`, () => expect(parseAmount(typed)).to.equal(vnd));
  }

  const unreadable = ['', 'abc', '8tr50' /* 8,05 or 8,5 million? */, '8 triệu 3 triệu', 'lương cao', '8 triệu 50', 'khoảng tám con', '5tr tr'];
  for (const typed of unreadable) {
    it(`"${typed}" is not read (a dialog asks again)`, () => {
      if (typed === 'tám')
        expect(parseAmount(typed)).to.equal(8); // a bare number is itself
      else expect(parseAmount(typed)).to.equal(undefined);
    });
  }

  it('a bare number is itself, in figures or in words ("tám" → 8): the caller decides whether it is plausible', () => {
    expect([parseAmount('tám'), parseAmount('8'), parseAmount('8,5')]).to.deep.equal([8, 8, 8.5]);
  });

  it('numerals: a dot groups thousands, a comma is the decimal mark (unless there are two or more groups)', () => {
    expect(['8.000.000', '25.500', '8,5', '8.5', '1,500,000', '1.2.3'].map(parseNumeral)).to.deep.equal([8_000_000, 25_500, 8.5, 8.5, 1_500_000, undefined]);
  });
});

describe('calculators: reading a Vietnamese duration (months)', () => {
  const TODAY = '2026-12-06';
  const durations: [typed: string, months: number][] = [
    ['5 năm 3 tháng', 63],
    ['5 nam 3 thang', 63],
    ['5 năm, 3 tháng', 63],
    ['5 năm và 3 tháng', 63],
    ['5n3t', 63],
    ['5 nam 3 th', 63],
    ['5 năm 3', 63],
    ['3 năm rưỡi', 42],
    ['3 nam ruoi', 42],
    ['ba năm rưỡi', 42],
    ['năm năm ba tháng', 63],
    ['mười năm', 120],
    ['18 tháng', 18],
    ['18 thang', 18],
    ['18 thg', 18],
    ['18', 18],
    ['1 năm', 12],
    ['2,5 năm', 30],
    ['nửa năm', 6],
    ['từ 3/2021 đến nay', 69],
    ['tu 3/2021 den nay', 69],
    ['từ tháng 3/2021 đến nay', 69],
    ['từ 03/2021 tới giờ', 69],
    ['từ tháng 3 năm 2021 đến nay', 69],
    ['từ 15/3/2021 đến nay', 68],
    ['từ 1/3/2021 đến nay', 69],
    ['từ 3/2021 đến 6/2024', 39],
    ['tu 1/2020 - 1/2026', 72],
  ];
  for (const [typed, months] of durations) {
    it(`"${typed}" → ${months} months`, () => expect(parseDuration(typed, TODAY)).to.equal(months));
  }

  const unreadable = [
    '',
    'lâu rồi',
    'hơn 5 năm',
    'gần 2 năm',
    'khoảng 3 năm',
    '3 tháng 5 năm',
    'từ năm 2021 đến nay',
    'từ 13/2021 đến nay',
    'từ 6/2027 đến nay',
  ];
  for (const typed of unreadable) {
    it(`"${typed}" is not read (a dialog asks again)`, () => expect(parseDuration(typed, TODAY)).to.equal(undefined));
  }

  it('"đến nay" needs a today to count from', () => {
    expect(parseDuration('từ 3/2021 đến nay')).to.equal(undefined);
    expect(parseDuration('từ 3/2021 đến nay', '2026-03-01')).to.equal(60);
  });
});
