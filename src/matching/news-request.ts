/**
 * "công đoàn có chương trình gì không", "có tin gì mới không ad", "cd co chuong trinh ho tro gi k",
 * "any union news?": a worker asking what the union has on now — its news and programmes, which editors
 * publish in the console (src/news), not a question for the knowledge base.
 *
 * Two conditions, both on the folded text (no diacritics): the message names news or a programme (a
 * trigger, typos included), and every other word is one a generic ask is made of (courtesy, pronouns, the
 * union's name, "gì / nào / mới / không"). A single word outside that vocabulary — "sinh con", "ốm đau",
 * "nhà ở", "hỏi ai", "Báo Lao Động" — means the worker asks about something in particular, which the
 * knowledge base answers (its entry "Phúc lợi đoàn viên" covers the union's support by law), so the
 * message goes there. The dev evaluation sets check that no labelled legal question is taken
 * (test/matching/news-request.test.ts).
 */
import { foldKey } from './normalise.js';

/** News or a programme, as workers write it (folded; typos and run-together words too). */
const TRIGGERS: RegExp[] = [
  /\btin ?(tuc|tuk|tk)\b/,
  /\btin (gi|j|nao) ?(moi|hot)?\b/,
  /\b(co|xem) tin\b/,
  /\btin moi\b/,
  /\bban tin\b/,
  /\bthong bao (moi|gi|j|nao)\b/,
  /\bch?(u|uo|o)?ng ?tr[iy]?n?h\b/,
  /\bctr\b/,
  /\b(hoat dong|su kien) (gi|j|nao|moi)\b/,
  /\b(co )?gi moi\b/,
  /\bnews\b/,
  /\bwhat'?s ?new\b/,
  /\b(programmes?|programs?|events?|activities)\b/,
];

/** Words a generic ask is made of, besides the trigger: courtesy, pronouns, the union, question words. */
const GENERIC = new Set(
  [
    // courtesy and address
    'ad admin ah a ak da oi cho xin hoi vui long nhe nha nhi voi vay v the thi chao hello hi alo ban',
    // pronouns
    'em e minh toi t anh chi chung',
    // the union, by name and by abbreviation
    'cong doan cd cdcs doan vien dv lien ldld tld tong co so cty cua',
    // what the ask is about
    'tin tuc thongbao chuong trinh ho tro phuc loi uu dai hoat dong su kien moi nhat hot',
    // question and time words
    'co gi j nao khong ko k kg hong hok hem ko khong nua hien nay gan day dang sap toi thang tuan nam hom cac nhung xem biet muon duoc dc the',
    // English
    'any union s what whats new news is are there the our latest programme programmes program programs event events activities for members member please do you have about of current this week month trade updates update info',
  ]
    .join(' ')
    .split(' '),
);

/** At most this many words: a long message is a story with a question in it, for the knowledge base. */
const MAX_WORDS = 14;

/** True when the message asks for the union's current news or programmes (and nothing in particular). */
export function newsRequested(text: string): boolean {
  let folded = foldKey(text);
  if (!folded || !TRIGGERS.some((re) => re.test(folded))) return false;
  // "thông báo" is a notice; "báo" alone is a newspaper ("Báo Lao Động có tin gì mới"), not the union's news.
  folded = folded.replace(/\bthong bao\b/g, 'thongbao');
  // Typos of the trigger words count as themselves; then every word must be a generic one.
  for (const re of TRIGGERS) folded = folded.replace(new RegExp(re.source, 'g'), ' tin ');
  const words = folded.match(/[a-z0-9]+/g) ?? [];
  if (words.length > MAX_WORDS) return false;
  return words.every((w) => GENERIC.has(w));
}
