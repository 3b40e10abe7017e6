/**
 * The questions inside one message: "khác nhau giữa trợ cấp thôi việc và mất việc", "nghỉ thai sản
 * mấy tháng? còn chồng được nghỉ mấy ngày?". Each segment that reads as a question is matched on its
 * own, so that a message with two questions can get two answers. Story sentences ("em làm công ty
 * được 3 năm") are not questions and are left to the whole-message match. Pure.
 */
import { foldKey } from './normalise.js';

/** A word that makes a segment a question (folded). */
const QUESTION =
  /\?|\b(khong|ko|k|hok|chua|bao nhieu|bn|bao lau|may|the nao|ntn|nhu nao|sao|ra sao|gi|j|khi nao|bao gio|o dau|dau|co duoc|duoc khong|co phai|phai khong|lam sao|tinh sao|tinh the nao|how|what|when|where|can i|do i|is it|am i|should)\b/;

/** "khác nhau giữa A và B", "phân biệt A với B", "A và B khác nhau thế nào" */
const COMPARISON = [
  /\b(?:khac nhau giua|khac gi giua|phan biet|so sanh|difference between)\s+(.+?)\s+(?:va|voi|vs|and)\s+(.+)$/,
  /^(.+?)\s+(?:va|voi|vs|and)\s+(.+?)\s+(?:khac nhau|khac gi nhau|khac gi|co gi khac|giong nhau)\b/,
];

/** Connectors that start a new question inside a sentence ("còn" alone is too often "con", a child). */
const CONNECTORS = /\s*\b(?:con nua|them nua|ngoai ra|them cau nua|cau \d+|y \d+|\d+[).:]|thu hai la|and also|also)\b\s*/;

function words(s: string): number {
  return s.split(' ').filter(Boolean).length;
}

/**
 * The question segments of a message, in order (cleaned and folded), when it holds at least two
 * (otherwise none), and whether they are the two sides of a comparison ("khác nhau giữa A và B").
 */
export function segmentsOf(text: string): { segments: string[]; comparison: boolean } {
  const folded = foldKey(text).replace(/\s+/g, ' ').trim();
  for (const re of COMPARISON) {
    const m = re.exec(folded);
    if (m && words(m[1]!) >= 2 && words(m[2]!) >= 2) return { segments: [m[1]!.trim(), m[2]!.trim()], comparison: true };
  }
  const questions: string[] = [];
  for (const sentence of folded.match(/[^.!?;\n]+[.!?;\n]*/g) ?? []) {
    const asked = sentence.includes('?');
    const pieces = sentence
      .replace(/[.!?;\n]+$/, '')
      .split(CONNECTORS)
      .map((p) => p.trim())
      .filter((p) => words(p) >= 3);
    pieces.forEach((p, i) => {
      if (QUESTION.test(p) || (asked && i === pieces.length - 1)) questions.push(p);
    });
  }
  return { segments: questions.length >= 2 ? questions.slice(0, 4) : [], comparison: false };
}
