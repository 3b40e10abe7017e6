/**
 * The Vietnamese normaliser (src/matching/normalise.ts) under arbitrary strings (fast-check): what each
 * function's comment promises holds for any input, and a worker typing without diacritics, in decomposed
 * form or with the old tone placement gets the same key as one typing the accented, canonical phrase.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { canonicalTones, cleanText, foldKey, isUnaccented, syllables, tonedKey } from '../../src/matching/normalise.js';

// ---- strings -------------------------------------------------------------------------------------

/** Characters where the normaliser's rules meet: combining marks, invisible characters, odd spaces and quotes, đ, İ, Σ. */
const tricky = fc.constantFrom(
  ...['a', 'o', 'u', 'y', 'e', 'q', 'Q', 'O', 'A', 'd', '5', ' ', '  ', '\t', '\n', '\u00a0', '\u3000'],
  ...['\u200b', '\u00ad', '\ufeff', '\u200d', '\u034f', '\ufe0f', '\u202e'],
  ...['\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u0302', '\u0306', '\u031b', '\u0308', '\u1dc4', '\u20d7'],
  ...['đ', 'Đ', 'İ', 'Σ', 'ß', 'ǅ', 'Å', '\u2019', '\u201c', '\u2013', '\u2033', 'ò', 'à', 'ỷ', 'Ư', 'ằ', '가', '\u1100', '\u1161'],
);
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: tricky, maxLength: 20 }),
);

// Vietnamese letters and the base letter an unaccented typist uses for each (written out, not derived by NFD).
const LETTERS: Record<string, string> = {
  a: 'aàáảãạăằắẳẵặâầấẩẫậ',
  e: 'eèéẻẽẹêềếểễệ',
  i: 'iìíỉĩị',
  o: 'oòóỏõọôồốổỗộơờớởỡợ',
  u: 'uùúủũụưừứửữự',
  y: 'yỳýỷỹỵ',
  d: 'đ',
};
const BASE = new Map<string, string>();
for (const [base, letters] of Object.entries(LETTERS))
  for (const c of letters) {
    BASE.set(c, base);
    BASE.set(c.toUpperCase(), base.toUpperCase());
  }
const unaccent = (s: string) => [...s].map((c) => BASE.get(c) ?? c).join('');

const onset = fc.constantFrom(
  '',
  'b',
  'c',
  'ch',
  'd',
  'đ',
  'g',
  'gh',
  'gi',
  'h',
  'k',
  'kh',
  'l',
  'm',
  'n',
  'ng',
  'ngh',
  'nh',
  'ph',
  'qu',
  'r',
  's',
  't',
  'th',
  'tr',
  'v',
  'x',
);
const vowel = fc.constantFrom(...Object.values(LETTERS).join('').replace('đ', ''));
const coda = fc.constantFrom('', '', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't', 'i', 'o', 'u', 'y');
const randomCase = (s: string, upper: boolean[]) => [...s].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join('');
/** A word of Vietnamese letters (not always a real word), in any mix of upper and lower case. */
const word = fc
  .tuple(onset, fc.array(vowel, { minLength: 1, maxLength: 3 }), coda, fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }))
  .map(([o, v, c, upper]) => randomCase(`${o}${v.join('')}${c}`, upper));
const phrase = fc.array(word, { minLength: 1, maxLength: 6 }).map((words) => words.join(' '));
/** The same phrase with untidy spacing, as typed on a phone. */
const untidy = (p: string, spaces: string[]) => p.split(' ').reduce((acc, w, i) => `${acc}${spaces[i % spaces.length]}${w}`, '') + spaces[0];
const spacing = fc.array(fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0'), { minLength: 1, maxLength: 4 });

const TONES = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const tone = fc.constantFrom(...TONES);

/** A string with every character outside printable ASCII written as \uXXXX: counterexamples that can be read. */
const shown = (s: string) => s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const run = <Ts extends [unknown, ...unknown[]]>(property: fc.IProperty<Ts>) => fc.assert(property, { numRuns: 1000 });

describe('property: Vietnamese normalisation', () => {
  describe('cleanText: NFC, invisible characters gone, quotes unified, spaces collapsed, lower case', () => {
    it('never throws and keeps every promise of its comment', () =>
      run(
        fc.property(anyString, (s) => {
          const out = cleanText(s);
          expect(shown(out), `NFC, from ${shown(s)}`).to.equal(shown(out.normalize('NFC')));
          expect(out).to.not.match(/[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/);
          expect(out).to.not.match(/[\ufe00-\ufe0f]/u); // variation selectors, on their own
          expect(out).to.not.match(/[\u2018\u2019\u201c\u201d\u2010-\u2015]/);
          expect(out).to.not.match(/^\s|\s$|\s\s|[^\S ]/);
          expect(out.toLowerCase()).to.equal(out);
        }),
      ));
    it('is idempotent: cleaning a clean text changes nothing', () =>
      run(
        fc.property(anyString, (s) => {
          expect(shown(cleanText(cleanText(s))), shown(s)).to.equal(shown(cleanText(s)));
        }),
      ));
  });

  describe('canonicalTones: old tone placement (hoà, thuỷ) → one canonical form (hòa, thủy)', () => {
    it('never throws, gives NFC, is idempotent and only moves tones (the folded letters stay the same)', () =>
      run(
        fc.property(anyString, (s) => {
          const out = canonicalTones(s);
          expect(out.normalize('NFC')).to.equal(out);
          expect(canonicalTones(out)).to.equal(out);
          expect(foldKey(out)).to.equal(foldKey(s));
        }),
      ));
    it('an open syllable oa / oe / uy toned on either vowel gives the same toned key, toned on the first', () =>
      run(
        fc.property(
          onset.filter((o) => !o.startsWith('q')),
          fc.constantFrom(['o', 'a'], ['o', 'e'], ['u', 'y']),
          tone,
          phrase,
          (start, [first, second], t, rest) => {
            const old = `${start}${first}${second}${t}`.normalize('NFC');
            const canonical = `${start}${first}${t}${second}`.normalize('NFC');
            expect(tonedKey(`${old} ${rest}`)).to.equal(tonedKey(`${canonical} ${rest}`));
            expect(canonicalTones(old)).to.equal(canonical);
          },
        ),
      ));
    it('after q the u belongs to the consonant: quà, quý keep their tone where it is', () =>
      run(
        fc.property(fc.constantFrom('qu', 'Qu', 'QU'), fc.constantFrom('a', 'e', 'y'), tone, (qu, v, t) => {
          const typed = `${qu}${v}${t}`.normalize('NFC');
          expect(canonicalTones(typed)).to.equal(typed);
        }),
      ));
  });

  describe('foldKey: diacritics removed, đ → d, after cleaning', () => {
    it('never throws; leaves no Vietnamese diacritic and no đ; is a clean text', () =>
      run(
        fc.property(anyString, (s) => {
          const out = foldKey(s);
          expect(out.normalize('NFD')).to.not.match(/[\u0300-\u036f]/);
          expect(out).to.not.match(/[đĐ]/);
          expect(shown(out), `the key is itself clean (no doubled or edge spaces), from ${shown(s)}`).to.equal(shown(cleanText(out)));
        }),
      ));
    it('is idempotent: foldKey(foldKey(x)) = foldKey(x)', () =>
      run(
        fc.property(anyString, (s) => {
          expect(shown(foldKey(foldKey(s))), shown(s)).to.equal(shown(foldKey(s)));
        }),
      ));
    it('remembering the last text never gives another text its key', () =>
      run(
        fc.property(anyString, anyString, (a, b) => {
          foldKey(b);
          const afterB = foldKey(a); // from the cache when a = b, computed otherwise
          foldKey(`${a}\u0000`);
          expect(foldKey(a)).to.equal(afterB); // computed again
        }),
      ));
    it('a worker typing without diacritics, in any case, with untidy spaces, gets the accented phrase’s key', () =>
      run(
        fc.property(phrase, spacing, (p, spaces) => {
          const key = foldKey(p);
          expect(foldKey(unaccent(p))).to.equal(key);
          expect(foldKey(untidy(unaccent(p).toUpperCase(), spaces))).to.equal(key);
          expect(key).to.equal(unaccent(p).toLowerCase());
        }),
      ));
    it('decomposed (NFD) typing, invisible characters and old tone placement fold to the same key', () =>
      run(
        fc.property(phrase, fc.constantFrom('\u200b', '\u00ad', '\ufeff'), fc.nat(), (p, invisible, at) => {
          const key = foldKey(p);
          expect(foldKey(p.normalize('NFD'))).to.equal(key);
          expect(foldKey(canonicalTones(p))).to.equal(key);
          const i = at % (p.length + 1);
          expect(foldKey(`${p.slice(0, i)}${invisible}${p.slice(i)}`)).to.equal(key);
        }),
      ));
  });

  describe('tonedKey and isUnaccented', () => {
    it('tonedKey is idempotent and the same for NFC and NFD typing', () =>
      run(
        fc.property(fc.oneof(anyString, phrase), (s) => {
          expect(tonedKey(tonedKey(s))).to.equal(tonedKey(s));
          expect(tonedKey(s.normalize('NFD'))).to.equal(tonedKey(s.normalize('NFC')));
        }),
      ));
    it('a phrase typed without diacritics is unaccented; one with any Vietnamese accented letter is not', () =>
      run(
        fc.property(phrase, (p) => {
          expect(isUnaccented(unaccent(p))).to.equal(true);
          expect(isUnaccented(p)).to.equal(unaccent(p) === p);
        }),
      ));
  });

  describe('syllables', () => {
    it('never throws; every piece is a run of digits or of letters and marks, in order', () =>
      run(
        fc.property(anyString, (s) => {
          const parts = syllables(s);
          for (const part of parts) expect(part).to.match(/^(\p{N}+|[\p{L}\p{M}]+)$/u);
          let from = 0;
          for (const part of parts) {
            const at = s.indexOf(part, from);
            expect(at).to.be.at.least(from);
            from = at + part.length;
          }
        }),
      ));
  });
});
