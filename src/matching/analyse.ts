/**
 * Turn a message into matching terms: folded syllables, abbreviations expanded, stop words removed,
 * plus syllable bigrams ("bao_hiem") that stand in for Vietnamese two-syllable words.
 */
import { expandAbbreviations, type AbbreviationTable } from './abbreviations.js';
import { foldKey, syllables, tonedKey } from './normalise.js';

/** Folded words that carry no topic: pronouns, politeness, fillers. Question words are kept. */
export const STOP_WORDS = new Set(
  (
    'a ad admin ah ak anh ban cac cai cau cho cua da di do em e gium giup ha hay luon minh mk mik mh nay ' +
    'nhe nha nhi nhung oi roi thi toi tui u uh va vay ve voi xin ne ma nua cung rat qua vang duoc o la ' +
    // English function words that are not also Vietnamese syllables ("the" is thẻ, and "can", "me", "do", "to", "an" are words too)
    'is are am i you your does did of for and or what how when which would should could please there ' +
    'their this that with have from get got am was were will'
  ).split(/\s+/),
);

export interface Analysed {
  /** cleaned original, lower case, with diacritics */
  toned: string;
  /** folded, expanded syllables, in order, stop words included */
  tokens: string[];
  /** folded, expanded syllables without stop words */
  content: string[];
  /** bigrams over the content syllables, joined with "_" */
  bigrams: string[];
  /** content + bigrams: what the rankers index and search */
  terms: string[];
}

export function bigramsOf(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]}_${tokens[i + 1]}`);
  return out;
}

export function analyse(text: string, table: AbbreviationTable): Analysed {
  const toned = tonedKey(text);
  const tokens = expandAbbreviations(syllables(foldKey(text)), table);
  const content = tokens.filter((t) => !STOP_WORDS.has(t));
  const bigrams = bigramsOf(content);
  return { toned, tokens, content, bigrams, terms: [...content, ...bigrams] };
}
