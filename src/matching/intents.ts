/**
 * Things a message can be besides a legal question, recognised on the folded text:
 * small talk, a request for a person, a question that needs the worker's own records,
 * an emergency, a wish to cancel or to delete one's data.
 */
import { foldKey } from './normalise.js';

export type SmalltalkKind = 'hello' | 'thanks' | 'bye' | 'bot' | 'insult' | 'ack' | 'feelings';

const words = (s: string) => `(?:${s})`;
const PRONOUN = words('em|e|toi|tui|minh|mk|mik|tao|con|chau|anh|chi|t');

const SMALLTALK: [SmalltalkKind, RegExp][] = [
  [
    'bot',
    /^(ban|ad|bot|admin) (ten (la )?gi|ten gi|bao nhieu tuoi|bn tuoi|may tuoi|o dau|song o dau)\b|\bai (tao ra|lam ra|viet ra|lap trinh) (ban|bot|may)\b|\b(ban|may|em|bot|ad|admin)?\s*(la ai|la gi vay|la nguoi hay may|nguoi hay may|la nguoi that|co phai (la )?(nguoi|bot|may|robot)|la bot|la robot|la may)\b|\bbot (a|ha|hay nguoi)\b|\bare you (a )?(bot|robot|human|real)\b|\bwho are you\b|^(bot|robot|chatbot)\s*\??$/,
  ],
  ['insult', /\b(ngu|ngu vl|dot nat|vo dung|oc cho|cut|vl|vcl|dm|dcm|dmm|clgt|stupid|useless|idiot|shit|fuck|bi dien|dien a|kho nan|vo van)\b|c\*t|d\*t/],
  ['feelings', /^(hix+|huhu+|hu hu|buon qua|met qua|chan qua|chan that|buon that|met moi qua|nan qua)( \w+)?$/],
  ['thanks', /\b(cam on|cam ow|cam un|thanks?|thank you|thank u|tks|camon|cmon)\b/],
  ['bye', /\b(tam biet|bye|bye bye|bb|pp|bai bai|goodbye|hen gap lai|chao nhe|di lam day|di ngu day)\b/],
  [
    'hello',
    /\b(chuc mung nam moi|happy new year|chuc ad)\b|^(xin )?(chao|hello|hi|helo|he lo|hi ad|alo|a lo|hey|chao ad|chao ban|chao admin|ad oi|admin oi|shop oi|co ai khong|co ai ko|good morning)\b/,
  ],
  [
    'ack',
    /^(ok|oke|okay|okie|uk|uh|u|um|vang|da|da vang|vang a|da a|duoc roi|dc roi|hieu roi|ro roi|ah|a|ha(ha)+|hi(hi)+|he(he)+|k{2,}|=\)\)|:\)|:d|<3|yes|yep|roi|(em|e|toi|minh|mk) (hieu|biet|ro) roi|vang (em|e|toi|minh) (hieu|biet) roi|tuyet voi|hay qua|nhanh ghe|gioi qua)( a| nhe| nha| ad| ban| ghe| that| qua)*$/,
  ],
];

/** A short message that is only small talk. Longer messages with a question are not. */
export function smalltalkKind(text: string): SmalltalkKind | undefined {
  const folded = foldKey(text)
    .replace(/[!?.,~]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // Only emoji or punctuation: a reaction, not a question.
  if (!/[\p{L}\p{N}]/u.test(folded) && /\p{Extended_Pictographic}/u.test(text)) return 'ack';
  const tokens = folded.split(' ').filter(Boolean);
  if (tokens.length === 0) return undefined;
  if (tokens.length > 8) return undefined;
  for (const [kind, re] of SMALLTALK) {
    if (!re.test(folded)) continue;
    // "chào ad, lương tối thiểu vùng 1 bao nhiêu" is a question, not small talk
    if ((kind === 'hello' || kind === 'thanks') && hasTopicWord(folded) && tokens.length > 3) return undefined;
    // "ad ơi, check vssid giúp em với", "ad oi vu cua e toi dau roi": a greeting in front of a request.
    if (kind === 'hello' && tokens.length > 3 && REQUEST.test(folded)) return undefined;
    if (kind === 'insult' && hasTopicWord(folded)) return undefined;
    return kind;
  }
  return undefined;
}

/** Words that make a message a request or a question, whatever greeting it starts with. */
const REQUEST =
  /\b(giup|dum|gium|ho voi|check|kiem tra|tra cuu|xem|coi|sao|tai sao|dau|o dau|bao gio|khi nao|chua|duoc khong|dc khong|dc ko|duoc ko|bao nhieu|the nao|nhu the nao|lam sao)\b/;

const TOPIC =
  /\b(luong|bao hiem|bhxh|bhyt|bhtn|hop dong|hdld|nghi|viec|lao dong|cong doan|thai san|that nghiep|huu|tro cap|phep|tang ca|sa thai|ky luat|cong ty|cty|thu viec|doan phi|om dau|tai nan|dinh cong|salary|wages?|paid|pay|payslip|leave|maternity|pregnant|insurance|contract|overtime|severance|union|fired|dismiss(ed|al)?|resign(ed|ation)?|quit|probation|pension|strike|employer|company|boss|hr|job|work(ing|er|ers)?|allowance|holiday|sick|notice|minimum wage|retire(ment)?|accident)\b/;
export function hasTopicWord(folded: string): boolean {
  return TOPIC.test(folded);
}

const ASK_FOR_PERSON = new RegExp(
  [
    `\\b(gap|noi chuyen|chat|trao doi|ket noi|chuyen|cho gap|muon gap|can gap|goi cho|lien lac)( truc tiep)?( voi| cho)?( ${PRONOUN})?( mot| 1)? (can bo|nguoi that|nguoi|nhan vien|tu van vien|chuyen vien|luat su|admin that|con nguoi|ban chap hanh|chu tich cong doan)`,
    `\\b(nguoi|ng) that\\b`,
    `\\b(real person|human|a person|an officer)\\b.*\\b(please|pls|plz)?`,
    `\\bco ai (hieu|biet|tra loi|tu van|giup)[a-z ]* (hon|khong|ko|k)\\b`,
    `\\b(goi dien|goi lai|goi) (lai )?cho ${PRONOUN}\\b|\\b(goi dien|goi lai) ${PRONOUN}\\b`,
    `\\b(zalo|sdt|so dien thoai|so dt|facebook|fb) (cua )?(can bo|cong doan|nguoi tu van)`,
    `\\b(hoi|gap) can bo\\b`,
    `\\bcan bo cong doan (tu van|tra loi|giup)`,
    `\\b(xin|cho xin) (so dien thoai|sdt|so dt|so) (cua )?(can bo|cong doan|tu van)`,
    `\\b(talk|speak|chat) (to|with) (a |an )?(human|person|officer|agent|someone|real person)\\b`,
    `\\b(tu van|tro chuyen) truc tiep\\b`,
  ].join('|'),
);

export function asksForPerson(text: string): boolean {
  return ASK_FOR_PERSON.test(foldKey(text));
}

const OWNER = words('em|e|toi|tui|minh|mk|mik|vo em|vo toi|vk|vo|chong|ck|ba|bo|me|con|bo me|ba toi|me toi|chong em|vo minh');
const RECORD = words('ho so|tien|che do|so bhxh|so bao hiem|don khieu nai|don de nghi|don xin|quyet dinh|tro cap|luong huu|the bhyt|the|yeu cau|khieu nai');
const PERSONAL_RECORD = new RegExp(
  [
    // (A record "of mine" followed by any of "chưa", "về", "khi nào"… anywhere was too broad: "sổ BHXH của
    // em ghi sai năm sinh, sửa thế nào" is a question about the law. Only the progress of one's own file.)
    `\\b${RECORD} (\\w+ ){0,6}(cua )?${OWNER}\\b.{0,40}\\b(duoc duyet|da duyet|duyet chua|xong chua|giai quyet chua|xu ly chua|den dau roi|the nao roi|sao roi|toi dau roi|sao lau vay|lau qua vay|dau roi)\\b`,
    `\\b(bao gio|khi nao|may gio) ${PRONOUN} (moi )?(nhan|lay|linh|lanh|co) (duoc )?(tien|tro cap|luong huu|so|quyet dinh|the)`,
    `\\b(so bhxh|so bao hiem|so bao hiem xa hoi) (cua )?${OWNER} (dang )?(o dau|dau roi|the nao|sao roi)`,
    `\\b(cong ty|cty)( cua)?( ${OWNER})? (co|dang|con) no (tien )?(bh|bhxh|bao hiem)[a-z ]*(khong|ko|k|chua|bao nhieu|may)\\b`,
    `\\b${PRONOUN} (da )?dong (\\w+ ){0,5}(duoc )?(bao nhieu|may|bn) (nam|thang)( roi)?\\b`,
    `\\b(da|duoc|dc) (duoc |dc )?(duyet|chuyen|giai quyet|xu ly|chot|tra|thanh toan) chua\\b`,
    `\\b(duyet|chuyen|giai quyet|xu ly|chot so|thanh toan) chua\\b`,
    `\\b(sao|tai sao|ma|van|ve)? ?chua (nhan|co|ve|thay|chuyen|duoc chuyen|duoc tra|duoc nhan) (duoc )?(tien|tro cap|luong huu|so|the|quyet dinh|phieu)`,
    `\\b(bao gio|khi nao|may gio|hom nao) (thi )?(tien|tro cap|luong huu|so|ho so)? ?(moi )?(ve|co|duoc chuyen|duoc tra|den)\\b`,
    `\\b(kiem tra|tra cuu|check|xem|coi)( lai)? (giup|dum|ho|cho|gium)\\b`,
    `\\btra (giup|dum|ho|gium)\\b`,
    `\\b(tra cuu|kiem tra|check|xem) (qua trinh|thoi gian|so nam|so thang)? ?(dong )?(bao hiem|bhxh|bh|so bhxh|so bao hiem)( cua)? ${PRONOUN}\\b`,
    `\\bma so (bhxh|bao hiem|bh|so)\\b`,
    `\\b(so|ma) (so )?(bhxh|bao hiem xa hoi) (cua )?${PRONOUN} (la|bao nhieu|la gi|so may)`,
    `\\b(cccd|cmnd|can cuoc)\\b.*\\d{6,}`,
    `\\d{9,}`,
    `\\b(tong cong |tat ca |den nay |toi gio )?${PRONOUN} (da )?dong (duoc )?((bhxh|bhtn|bhyt|bh|bao hiem|bao hiem xa hoi|bao hiem that nghiep) )?(duoc )?(bao nhieu|may|bn) (nam|thang|tien)\\b`,
    `\\b(cong ty|cty) (da |co )?dong (duoc )?(bao nhieu|bn|may) (tien|thang|nam)\\b.*\\b(cho|cua) ${OWNER}\\b`,
    `\\b(cong ty|cty) (co|da) (dong|bao|bao giam|bao tang|no) [a-z ]*(cho|cua) ${OWNER} (chua|khong|ko|k|bao nhieu|bn|may)\\b`,
    `\\b(cong ty|cty) (\\w+ ){0,3}(con )?no (tien )?(bh|bhxh|bao hiem)[a-z ]* (bao nhieu|may|bn)`,
    `\\bcua ${OWNER} (da|duoc|dc) (xu ly|giai quyet|chuyen|duyet)`,
    `\\b(nop|gui) (ho so|don)\\b.*\\b(roi|lau|ngay)\\b.*\\b(chua|sao)\\b`,
    `\\bvssid\\b.*\\b(thieu|mat|sai|khong co|ko co|k co|khong hien|ko hien)\\b`,
    `\\b(lan truoc|hom truoc|tuan truoc) ${PRONOUN} (da |co )?hoi\\b`,
    // English: asking about one's own file
    `\\b(check|look up|see) (my|our) (file|record|records|application|claim|book|insurance|payment|status)\\b`,
    `\\b(has|have|was) my (claim|application|file|benefit|payment|money)\\b.{0,40}\\b(approved|paid|processed|sent|yet)\\b`,
    `\\bwhy (have|has)n'?t (i|my)\\b.{0,40}\\b(received|got|been paid|arrived)\\b`,
    `\\bhow (many|much) (years|months|money) (have )?i (paid|contributed)\\b`,
  ].join('|'),
);

export function needsPersonalRecords(text: string): boolean {
  return PERSONAL_RECORD.test(foldKey(text));
}

const URGENT = new RegExp(
  [
    // An accident happening now or just now — not a question about what the law says on accidents,
    // nor about one that happened weeks ago (that worker needs the answer on who pays).
    `\\b(vua|dang|moi|vua moi) (bi )?(tai nan|thuong|gay|bong|dien giat|may cuon|nga|ngat|bat tinh)\\b`,
    `\\b(tai nan|bi thuong|dut ngon|dut tay|dap dut|may cuon|xe nang can|chay xuong|no noi hoi|sap gian|sap tuong|ngo doc|ngat xiu)\\b.*\\b(vua xay ra|vua xong|dang cap cuu|chay mau|bat tinh|nguy kich|hom nay|sang nay|chieu nay|toi nay|luc nay|bay gio)\\b`,
    `\\b(bi|dang bi) (hanh hung|cuong hiep|nhot|giam long|giam giu)\\b`,
    `\\b(khong cho ve|khoa cua nhot|giam long)\\b`,
    `\\bcuu (em|e|toi|voi|minh|tui)\\b`,
    `\\bbi (quan ly |to truong |to pho |sep |giam doc |bao ve |chu |nguoi )?(tat|danh dap|dam|chem|hanh hung)\\b(?! (ba|gia|dau|thue|so|cap))`,
    `\\bde doa (se )?(danh|giet|chem|dam)\\b`,
    // Made to sign away the job right now: once signed, a "voluntary" resignation is hard to undo.
    `\\b(bat|ep|buoc|doi|yeu cau|giuc|thuc)\\b.{0,40}\\bky\\b.{0,40}\\b(nghi viec|thoi viec|cham dut|tu nguyen nghi|xin nghi|nghi tu nguyen)\\b.{0,80}\\b(ngay bay gio|bay gio|ngay luc nay|luc nay|hom nay|ngay trong hom nay|sang nay|chieu nay|toi nay|ngay mai|truoc khi ve|moi cho ve|gap|lien|dang dung|dang ngoi|dang o)\\b`,
    `\\b(dang|vua|moi) (bi |goi len |goi em len |goi toi len )?(bat|ep|buoc|doi|giuc)\\b.{0,40}\\bky\\b.{0,40}\\b(nghi viec|thoi viec|cham dut|tu nguyen|xin nghi)\\b`,
    `\\b(dang|vua) goi (em|toi|minh|e) len\\b.{0,60}\\bky\\b.{0,40}\\b(nghi viec|thoi viec|cham dut|tu nguyen|xin nghi)\\b`,
    // The same in English.
    `\\b(sign|signing)\\b.{0,40}\\b(resignation|resign|termination)\\b.{0,100}\\b(right now|now|today|immediately|quick|urgent)\\b`,
    `\\b(right now|now)\\b.{0,60}\\b(sign|signing)\\b.{0,40}\\b(resignation|termination)\\b`,
    `\\b(touched me|groped|grabbed me|raped|rape|sexual(ly)? assault(ed)?|forced me to (sleep|have sex))\\b`,
    `\\b(hit me|beat me|slapped me|threaten(ed)? to (kill|beat|hurt))\\b`,
    `\\b(just had an accident|accident (just now|today|this morning)|is bleeding|unconscious|suicide|kill myself|want to die)\\b`,
    `\\b(started|founded|set up|joined|registered) (the |a |our )?union\\b.{0,200}\\b(moved me|demoted|fired|transferred|cut my|threaten)|\\b(demoted|fired|transferred|moved me)\\b.{0,120}\\b(because of|for|after) (the |my )?union\\b`,
    // Sexual assault or coercion.
    `\\b(hiep dam|cuong hiep|xam hai tinh duc|ep quan he|doi quan he|ep (di )?khach san)\\b`,
    `\\b(bi|dang bi|vua bi) ([a-z]+ ){0,3}(quay roi|sam so|so soang|om hon|so mo|so nguoi)\\b.{0,80}\\b(hom nay|sang nay|chieu nay|toi nay|toi qua|hom qua|vua xong|bay gio|luc nay|ngay luc nay|dang so|so lam|so qua|khong dam di lam)\\b`,
    // Something fell on someone: a building-site accident in progress.
    `\\b(sap|do) (de|dap|trung) (len |vao )?(nguoi|cong nhan|tho|anh|em|chi|ba|ong)?\\b|\\b(gian giao|tuong|tran|cot|mai) (bi )?(sap|do) (de|dap)\\b`,
    // Despair: a person in danger comes before any question.
    `\\b(tu tu|muon chet|khong muon song|ko muon song|k muon song|chan song|ket lieu|nhay cau|uong thuoc chuot)\\b`,
    // Unpaid wages and a walk-out brewing.
    `\\b(luong|no luong|chua tra luong|cham luong)\\b.{0,120}\\b(dinh cong|ngung viec tap the|bo viec tap the|keo nhau|lam reo|chan cong|bieu tinh|ca xuong (nghi|bo|dinh|ngung)|tap trung truoc cong)\\b`,
    `\\b(dinh cong|ngung viec tap the|keo nhau|chan cong|ca xuong (nghi|bo|dinh))\\b.{0,120}\\b(luong|no luong)\\b`,
  ].join('|'),
);

/**
 * Reprisal for union work (dismissal, demotion, threats, transfer): urgent, the union must act at once.
 * Needs both the reprisal, as something that happened ("bị", "vừa"), and the union in the same message;
 * a general question ("cán bộ công đoàn có bị sa thải không") asks what the law says instead.
 */
const UNION_REPRISAL =
  /\b(bi|vua|da bi|moi bi|lien bi|thi bi|roi bi)\b.{0,30}\b(giang chuc|cach chuc|ha chuc|ha bac|mat chuc|tru dap|duoi|sa thai|cho nghi|de doa|chuyen (sang |qua )?(lam )?(viec|cong viec|bo phan|cho) khac|cat (luong|thuong|phu cap)|o ep|gay kho de|ky luat)\b/;
const UNION_WORK = /\b(cong doan|cd co so|cdcs|ban chap hanh|chu tich cong doan|thanh lap cong doan|lap cong doan)\b/;
const GENERAL_QUESTION = /^(co|cong ty co|nguoi su dung lao dong co|can bo cong doan co|chu tich cong doan co)\b.*\b(khong|ko|k)\s*\??$/;

/** A threat or a transfer told in the worker's own story ("nếu không rút ra thì cho nghỉ", "giấy chuyển em sang bốc vác"). */
const UNION_THREAT =
  /\b(neu (khong|ko|k) rut|rut ten|rut ra khoi|bat rut|giay chuyen (em|toi|minh)|chuyen (em|toi|minh) (sang|xuong|qua)|doa (se )?(cho nghi|duoi|sa thai|khong tai ky|khong ky tiep)|de doa (se )?(cho nghi|duoi|sa thai|khong tai ky|khong ky tiep))\b/;
const UNION_MEMBER =
  /\b(tham gia|vao|duoc bau|bau vao|lap|thanh lap|van dong) (ban chap hanh|cong doan)|\b(chu tich|pho chu tich|uy vien|ban chap hanh) cong doan\b/;

export function isUnionReprisal(folded: string): boolean {
  if (GENERAL_QUESTION.test(folded)) return false;
  return (UNION_REPRISAL.test(folded) && UNION_WORK.test(folded)) || (UNION_THREAT.test(folded) && UNION_MEMBER.test(folded));
}

/**
 * Anger at the employer or at the union: acknowledged first, and an officer should see it, whatever
 * else the message asks. Strong words, or a shouted message (mostly capitals, "!!!") about work.
 */
const COMPLAINT_WORDS = new RegExp(
  [
    `\\b(lua dao|bon lua|do lua|boc lot|an chan|an cuop|an bot|khon nan|mat day|vo luong tam|vo nhan tinh|lam an gian doi|gian doi|lat long|quyt|bat cong qua|qua dang qua|vo ly qua|uc che|buc minh|buc qua|tuc qua|phan no|het chiu noi|chiu het noi|khong chiu noi|ko chiu noi|qua quat|vo trach nhiem|coi thuong|chen ep)\\b`,
    `\\b(khong|ko|k|chang) (ai|co ai) (nghe may|bat may|tra loi|giai quyet|quan tam|giup)\\b`,
    `\\bcong doan (de |lap ra de |ton tai de )?lam (gi|j|cai gi)\\b|\\bcong doan (an hai|bu nhin|vo dung|lam ngo)\\b`,
    `\\b(boc phot|dua len bao|keu len bao|dang len mang|kien den cung|kien toi cung)\\b`,
    `\\b(vo dung|nuc cuoi|that vong|chan lam roi|chan qua roi|ghet|tra loi tu dong|nguoi dau het|toan tra loi|chang giup duoc gi|khong giup duoc gi|lam an kieu gi|an chia|bu nhin|da (toi|em|minh) ra|khong con gi de noi|tuc chet|ap buc|o ep qua|bat nat)\\b`,
    `\\b(scam|cheat(ed|ing)?|ripped off|exploit(ed|ing)?|disgusting|outrageous|nobody answers|no one answers)\\b`,
  ].join('|'),
);

export function isComplaint(text: string): boolean {
  const folded = foldKey(text);
  if (COMPLAINT_WORDS.test(folded)) return true;
  const letters = text.match(/\p{L}/gu) ?? [];
  const upper = letters.filter((c) => c !== c.toLowerCase()).length;
  const shouting = letters.length >= 15 && upper / letters.length >= 0.7;
  return shouting && (hasTopicWord(folded) || /!{2,}/.test(text));
}

export function isUrgent(text: string): boolean {
  const folded = foldKey(text);
  return URGENT.test(folded) || isUnionReprisal(folded);
}

export function wantsCancel(text: string): boolean {
  return /^(thoi|huy|huy bo|huy yeu cau|khong can nua|ko can nua|k can nua|thoi khoi|cancel|stop|quay lai bot|hoi tro ly|hoi bot)( a| nhe| nha| ad)*[.!]*$/.test(
    foldKey(text),
  );
}

export function wantsDataDeletion(text: string): boolean {
  return (
    /\b(xoa|huy|delete|remove) (het |toan bo |tat ca )?(du lieu|thong tin|tin nhan|lich su|data)( ca nhan)?( cua)? ?(toi|em|minh|tui|my)?\b/.test(
      foldKey(text),
    ) || /\bdelete my data\b/.test(foldKey(text))
  );
}

export function wantsHelp(text: string): boolean {
  return /^(huong dan|help|tro giup|menu|ban lam duoc gi|bot lam duoc gi|hoi duoc gi|hoi gi duoc)( a| nhe| ad)*\??$/.test(foldKey(text));
}
