/**
 * Which language a message is written in: Vietnamese or English. Workers type Vietnamese without
 * diacritics as often as with them, so "no diacritics" does not mean English: the words decide.
 * A message with Vietnamese diacritics is Vietnamese; otherwise common English words are counted
 * against common unaccented Vietnamese syllables and chat abbreviations. Pure.
 */
import { cleanText } from './normalise.js';

export type Language = 'vi' | 'en';

const ENGLISH = new Set(
  (
    'a about after all also am an and any are as ask at be because been before being boss but by can cannot ' +
    'company contract could day days did do does dont doesnt employer employee fired for from get gets give got had has ' +
    'have having he her here him his how i if im in is it its job just leave maternity me month months more much must ' +
    'my need no not now of off on only or our out overtime paid pay payment per please quit salary severance she ' +
    'should sick so some still than that the their them then there they this time to union until up us wage wages ' +
    'was we were what when where which while who why will with without work worked worker workers working would ' +
    'year years yes you your insurance social health unemployment benefit benefits allowance holiday holidays ' +
    'hours hour notice probation pregnant resign resignation dismissed terminate termination compensation rights ' +
    'minimum annual sign signed deduct deduction retire retirement pension law legal allowed illegal hi hello thanks ' +
    'thank dear sir madam help hey want wants know tell hr manager late unpaid weekend night shift'
  ).split(/\s+/),
);

/** Unaccented Vietnamese that an English message would not contain (chat abbreviations included). */
const VIETNAMESE = new Set(
  (
    'la khong ko k hok cho em e anh chi toi minh duoc dc bao nhieu luong nghi viec cong ty cty thi co chua roi ' +
    'voi vay sao gi j the nao nhu hoi oi ad a ak nhe nha nhi cua ve lam nguoi ng bhxh bhyt bhtn bh hop dong hd hdld ' +
    'thang nam ngay tro cap thai san that nghiep phep tang ca sa thai cong doan doan phi tien tra dong mat bi ' +
    'phai nhung neu khi nao dau duong sau truoc moi cung da dang se van con nua xin cam on chao ban tui mk mik ' +
    'tr trieu nghin ngan huu om dau lao dong quy dinh luat dieu'
  ).split(/\s+/),
);

const VIETNAMESE_LETTERS = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/;

/**
 * The message's language; `fallback` (the page's or the conversation's language) when the words do not
 * tell ("ok", "???", a number).
 */
export function detectLanguage(text: string, fallback: Language = 'vi'): Language {
  const cleaned = cleanText(text);
  if (VIETNAMESE_LETTERS.test(cleaned)) return 'vi';
  const words = cleaned.match(/[a-z']+/g)?.map((w) => w.replace(/'/g, '')) ?? [];
  let english = 0;
  let vietnamese = 0;
  for (const w of words) {
    if (ENGLISH.has(w)) english++;
    if (VIETNAMESE.has(w)) vietnamese++;
  }
  // Short words such as "a", "the", "do", "can" are in both lists' reach; English needs a clear lead.
  if (english >= 2 && english > vietnamese * 1.5) return 'en';
  if (vietnamese >= 1 && vietnamese >= english) return 'vi';
  return fallback;
}
