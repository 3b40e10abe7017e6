/**
 * Vietnamese text normalisation, as pure functions.
 * cleanText   – NFC, invisible characters gone, quotes unified, spaces collapsed, lower case
 * canonicalTones – old tone placement (hoà, thuỷ) → one canonical form (hòa, thủy)
 * foldKey     – diacritics removed, đ → d: the key workers' unaccented typing matches on
 */

// eslint-disable-next-line no-misleading-character-class -- each of these is removed on its own, joiners and variation selectors included
const INVISIBLE = /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff\ufe00-\ufe0f]/g;
const QUOTES: [RegExp, string][] = [
  [/[\u2018\u2019\u201a\u201b\u2032]/g, "'"],
  [/[\u201c\u201d\u201e\u201f\u2033]/g, '"'],
  [/[\u2010-\u2015\u2212]/g, '-'],
];

export function cleanText(input: string): string {
  let s = input.normalize('NFC').replace(INVISIBLE, '');
  for (const [re, to] of QUOTES) s = s.replace(re, to);
  // NFC again at the end: a removed invisible character can leave a letter next to its mark, and lower case can
  // put marks out of canonical order (İ → i + a dot above, before a horn).
  return s.replace(/\s+/g, ' ').trim().toLowerCase().normalize('NFC');
}

const TONE_MARKS = '\u0300\u0301\u0303\u0309\u0323'; // huyền, sắc, ngã, hỏi, nặng

/**
 * In an open syllable "oa", "oe", "uy" (not after q), old-style typing puts the tone on the
 * second vowel (hoà, khoẻ, thuỷ); the canonical form puts it on the first (hòa, khỏe, thủy).
 */
export function canonicalTones(input: string): string {
  const decomposed = input.normalize('NFD');
  const moved = decomposed.replace(
    new RegExp(`(?<![qQ])([oOuU])([aAeEyY])([${TONE_MARKS}])(?![\\p{L}\\p{M}])`, 'gu'),
    (_m, first: string, second: string, tone: string) => `${first}${tone}${second}`,
  );
  return moved.normalize('NFC');
}

let lastFolded: [string, string] | undefined;

/** Remove every diacritic, including đ → d, after cleaning. (Remembers the last message: every detector folds it.) */
export function foldKey(input: string): string {
  if (lastFolded && lastFolded[0] === input) return lastFolded[1];
  const folded = cleanText(input)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC')
    .replace(/\s+/g, ' ') // a mark standing alone between spaces leaves two of them
    .trim();
  lastFolded = [input, folded];
  return folded;
}

/** The toned key: cleaned, with canonical tone placement. Used to break ties folding creates. */
export function tonedKey(input: string): string {
  return canonicalTones(cleanText(input));
}

/** Syllables and numbers; letters and digits written together ("5tr", "t12") are split apart. */
export function syllables(text: string): string[] {
  return text.match(/\p{N}+|[\p{L}\p{M}]+/gu) ?? [];
}

/** True when the text has no Vietnamese diacritics at all (how many workers type). */
export function isUnaccented(text: string): boolean {
  return foldKey(text) === cleanText(text);
}
