/**
 * Courtesy around a question: "ad ơi cho em hỏi …", "em chào anh chị ạ", "… vậy ad", "em cảm ơn ạ".
 * Workers wrap most questions in it, and it carries no meaning for matching — but its words ("em",
 * "ad", "cho", "hỏi") are exactly what the personal-record and hand-off classifiers see in requests
 * ("ad check giúp em"), so left in place it sent one polite question in six to a person. It is cut
 * from both ends before anything is matched or classified; the worker's own words are kept as typed.
 * Pure; works on the cleaned text, with the patterns run on its folded twin (same length).
 */
import { cleanText } from './normalise.js';

const ME = '(?:em|e|toi|tui|minh|mk|mik|chau|con|anh|chi|a|c|t)';
const YOU =
  '(?:ad|admin|ad min|anh chi|anh chi oi|a c|ac|anh|chi|ban|bot|mn|moi nguoi|ca nha|cong doan|cd|tro ly|luat su|ls|ban tu van|chuyen vien|cac anh chi|quy anh chi|quy ban|thay|co)';
/** Who may be addressed at the very end ("… vậy ad", "… nhé mọi người"): only words that cannot end a question. */
const YOU_AT_END = '(?:ad|admin|anh chi|a c|ac|mn|moi nguoi|ca nha|anh chi oi|ad oi|admin oi|mn oi)';
const PARTICLE = '(?:a|ah|nhe|nha|nhi|voi|vs|cai|chut|xiu|ti|tí|chut xiu|mot chut|1 chut|1 xiu|1 ti|ti xiu|ho|giup|dum|gium)';

/** What may open a message, tried again and again ("dạ, em chào ad ạ. Ad ơi cho em hỏi …"). */
const OPENERS: RegExp[] = [
  // a formal letter's salutation, up to its end of sentence or line
  /^kinh (gui|thua)[^.:\n!?]{0,80}?[.:\n!?,]/,
  /^(da|da thua|thua|vang|xin chao|chao|hello|hi|alo|a lo|hey|good morning|good afternoon|dear [a-z ]{1,30}),?\s/,
  new RegExp(`^${ME}? ?(xin )?chao ${YOU}( a| nhe| nha)?\\b`),
  new RegExp(`^${YOU} (oi|oii+|ui|a)\\b`),
  new RegExp(
    `^(cho|cho phep|xin phep|xin cho) ${ME} (duoc )?(xin hoi|hoi nho|hoi thu|hoi them|hoi ve|hoi chut|hoi xiu|hoi ti|hoi y kien|hoi|tham khao|nho)( ${YOU_AT_END})?( ${PARTICLE})*\\b`,
  ),
  new RegExp(
    `^${ME} (muon|xin|can|co) (duoc )?(hoi ve|hoi them|hoi y kien|hoi|xin tu van|nho tu van|tu van ve|tu van|mot cau hoi|1 cau hoi|cau hoi|viec can hoi|van de can hoi|chuyen can hoi)( ${PARTICLE})*\\b`,
  ),
  new RegExp(`^(xin|xin duoc|nho|nho ${YOU}) (hoi|tu van|giai dap|giai thich)( giup| dum| gium| ho)?( ${ME})?( ${PARTICLE})*\\b`),
  new RegExp(`^${YOU} (tu van|giai dap|giai thich|tra loi)( giup| dum| gium| ho| cho)( ${ME})?( ${PARTICLE})*\\b`),
  /^(cho hoi|hoi chut|hoi xiu|hoi ti|cau hoi|hoi|question|quick question|hi there|hello there)\b[:,]?/,
  /^(em|e|toi|minh) cam on( truoc)?( ${YOU})?\b/,
  // English courtesy
  /^(hi|hello|hey|dear|good (morning|afternoon|evening))( (admin|ad|sir|madam|team|union|there|everyone|all))?[,!.:]?\s/,
  /^(admin|ad|sir|madam|team)[,!.:]?\s/,
  /^(can|could|may) i ask( you)?( (a|one|some) (question|questions|thing))?( please)?[,:?.]?\s/,
  /^(i (have|got) a question|quick question|question)[,:.]?\s/,
  /^(please )?(help|advise) me( please)?[,:.]\s/,
  // Where the worker works, said before the question ("e lam cong nhan o binh duong, …"): context the
  // story reader keeps (situation.ts reads the whole message) but noise for matching.
  new RegExp(
    `^${ME} (?![^,.;:]{0,50}(giup viec|thu viec|cong chuc|vien chuc|ho kinh doanh|tu do|hop dong|thoi vu|co bau|mang thai|nuoc ngoai|chua thanh nien))(dang |hien |hien dang |moi )?(lam|la) (cong nhan|cn|nhan vien|nv|ke toan|tho|lao dong|ld|bao ve|tap vu|lai xe|tai xe|giao vien|van phong)?( [a-z]+){0,3} (o|tai|trong) [a-z0-9 ]{2,40}?[,.;:]\\s`,
  ),
  /^i (work|am working)( as [a-z ]{2,25})? (in|at|for) [a-z0-9 ]{2,40}?[,.;:]\s/,
];

/** What may close a message. */
const CLOSERS: RegExp[] = [
  new RegExp(`\\b(${ME} )?(xin )?(chan thanh )?(cam on|cam o|cmon|camon|thank you|thanks|thank|tks|thks)( ${YOU})?( (rat )?nhieu)?( truoc)?( a| nhe| nha)*$`),
  /\b(tran trong( cam on)?|kinh thu|kinh chuc [a-z ]{0,40})$/,
  new RegExp(
    `\\b(mong|xin|rat mong|hy vong|hi vong) (${YOU} )?(som )?(duoc )?(tra loi|phan hoi|giai dap|tu van|hoi am|rep|reply|giup do)( som)?( giup| cho)?( ${ME})?( ${PARTICLE})*$`,
  ),
  new RegExp(`\\b(vay|the|vay thi|the thi)( ${YOU_AT_END})( ${PARTICLE})*$`),
  new RegExp(`\\b(${YOU_AT_END})( ${PARTICLE})+$`),
  new RegExp(`\\b(a|ah|nhe|nha|voi|vs|nhe ${YOU_AT_END}|nha ${YOU_AT_END}|${YOU_AT_END})$`),
  /\b(please|pls|plz|thx)$/,
  /\b(thank you|thanks|thank u|ty)( (so|very) much| a lot| in advance)?( (admin|ad|sir|madam|team))?$/,
  /\b(please (help|advise|answer)( me)?|hope (you|to) (can )?(help|answer|hear from you)( me)?( soon)?)$/,
  /\b(hic|hix|huhu|hjc)+$/,
];

/**
 * Removes each Vietnamese diacritic and đ → d one character at a time, so that positions in the folded
 * text are positions in the cleaned text (foldKey may change the length when combining marks are left).
 */
function foldSameLength(cleaned: string): string {
  let out = '';
  for (const ch of cleaned) {
    const base = ch
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd');
    out += base.length === ch.length ? base : ch;
  }
  return out;
}

const PUNCT_EDGE = /^[\s,.:;!?~…\-–—()"'*]+|[\s,.:;!?~…\-–—()"'*]+$/g;

/**
 * The question inside its courtesy: cleaned text (lower case, NFC) without the openers and closers.
 * Returns the cleaned text unchanged when nothing would be left (a message that is only "chào ad ạ"
 * is small talk, and the small-talk rules must see it whole).
 */
export function trimCourtesy(text: string): string {
  const cleaned = cleanText(text)
    .replace(/\p{Extended_Pictographic}|\u200d/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  let s = cleaned.replace(PUNCT_EDGE, '');
  let f = foldSameLength(s);
  for (let changed = true, rounds = 0; changed && rounds < 12; rounds++) {
    changed = false;
    for (const re of OPENERS) {
      const m = re.exec(f);
      if (m && m[0].length > 0 && m[0].length < f.length) {
        s = s.slice(m[0].length).replace(PUNCT_EDGE, '');
        f = foldSameLength(s);
        changed = true;
      }
    }
    for (const re of CLOSERS) {
      const m = re.exec(f);
      if (m && m[0].length > 0 && m.index > 0) {
        s = s.slice(0, m.index).replace(PUNCT_EDGE, '');
        f = foldSameLength(s);
        changed = true;
      }
    }
  }
  // Too little left to be a question by itself: keep the whole message.
  return s.split(' ').filter(Boolean).length >= 2 ? s : cleaned;
}
