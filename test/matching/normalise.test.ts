import { expect } from 'chai';
import { buildAbbreviationTable, expandAbbreviations } from '../../src/matching/abbreviations.js';
import { analyse } from '../../src/matching/analyse.js';
import { canonicalTones, cleanText, foldKey, isUnaccented, syllables, tonedKey } from '../../src/matching/normalise.js';

describe('Vietnamese normalisation', () => {
  describe('cleanText', () => {
    const cases: [string, string, string][] = [
      ['NFD input becomes NFC', 'Ho\u0300a', 'hòa'],
      ['zero-width characters are removed', 'lươ\u200bng', 'lương'],
      ['byte-order mark and soft hyphen are removed', '\ufeffbảo\u00adhiểm', 'bảohiểm'],
      ['whitespace collapses', '  lương \n\t tối   thiểu ', 'lương tối thiểu'],
      ['curly quotes become straight', '\u201cgặp cán bộ\u201d', '"gặp cán bộ"'],
      ['upper case becomes lower case', 'BẢO HIỂM XÃ HỘI', 'bảo hiểm xã hội'],
    ];
    for (const [name, input, expected] of cases) it(name, () => expect(cleanText(input)).to.equal(expected));
  });

  describe('canonicalTones: old and new tone placement meet', () => {
    const cases: [string, string][] = [
      ['hoà', 'hòa'],
      ['thuỷ', 'thủy'],
      ['khoẻ', 'khỏe'],
      ['hoá đơn', 'hóa đơn'],
      ['Hoà Bình', 'Hòa Bình'],
      ['quý', 'quý'], // after q the u is part of the consonant
      ['hoàng', 'hoàng'], // closed syllable: one placement only
      ['thuyền', 'thuyền'],
    ];
    for (const [input, expected] of cases) it(`${input} → ${expected}`, () => expect(canonicalTones(input)).to.equal(expected));
    it('both spellings give the same toned key', () => expect(tonedKey('Thuỷ Hoà')).to.equal(tonedKey('thủy hòa')));
  });

  describe('foldKey: a worker typing without diacritics gets the same key', () => {
    const cases: [string, string][] = [
      ['Lương tối thiểu vùng 1', 'luong toi thieu vung 1'],
      ['ĐƯỢC không', 'duoc khong'],
      ['đóng BHXH', 'dong bhxh'],
      ['người lao động', 'nguoi lao dong'],
      ['Ho\u0300a', 'hoa'],
      ['thuỷ', 'thuy'],
    ];
    for (const [input, expected] of cases) it(`${input} → ${expected}`, () => expect(foldKey(input)).to.equal(expected));
  });

  describe('syllables', () => {
    it('splits letters from digits', () => expect(syllables('5tr t12 lương')).to.deep.equal(['5', 'tr', 't', '12', 'lương']));
    it('drops punctuation', () => expect(syllables('bhxh, bhyt; bhtn?')).to.deep.equal(['bhxh', 'bhyt', 'bhtn']));
  });

  describe('abbreviations expand as whole words only', () => {
    const table = buildAbbreviationTable(
      new Map([
        ['ko', 'khong'],
        ['bhxh', 'bao hiem xa hoi'],
        ['nghi de', 'nghi thai san'],
        ['k', 'khong'],
      ]),
    );
    const cases: [string, string][] = [
      ['cty ko dong bhxh', 'cty khong dong bao hiem xa hoi'],
      ['nghi de duoc bao lau', 'nghi thai san duoc bao lau'],
      ['kho khan', 'kho khan'],
      ['500 k', '500 khong'],
      ['ky luat', 'ky luat'],
    ];
    for (const [input, expected] of cases)
      it(`${input} → ${expected}`, () => expect(expandAbbreviations(input.split(' '), table).join(' ')).to.equal(expected));
  });

  describe('analyse', () => {
    const table = buildAbbreviationTable(new Map([['bhxh', 'bao hiem xa hoi']]));
    it('removes stop words and builds bigrams', () => {
      const a = analyse('Cho em hỏi đóng BHXH thế nào ạ', table);
      expect(a.content).to.deep.equal(['hoi', 'dong', 'bao', 'hiem', 'xa', 'hoi', 'the', 'nao']);
      expect(a.bigrams).to.include('bao_hiem');
    });
    it('text with and without diacritics analyses the same', () => {
      expect(analyse('lương tối thiểu vùng 1', table).terms).to.deep.equal(analyse('luong toi thieu vung 1', table).terms);
    });
  });

  it('isUnaccented tells unaccented typing apart', () => {
    expect(isUnaccented('luong toi thieu')).to.equal(true);
    expect(isUnaccented('lương')).to.equal(false);
    expect(isUnaccented('đi làm')).to.equal(false);
  });
});
