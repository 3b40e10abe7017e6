import { expect } from 'chai';
import { outOfScopeDomain } from '../../src/matching/domains.js';
import { isComplaint, isUrgent } from '../../src/matching/intents.js';
import { detectLanguage } from '../../src/matching/language.js';
import { segmentsOf } from '../../src/matching/parts.js';
import { trimCourtesy } from '../../src/matching/politeness.js';
import { readSituation } from '../../src/matching/situation.js';

describe('courtesy is cut from the question (politeness.ts)', () => {
  const cases: [string, string][] = [
    ['ad ơi cho e hỏi lương tối thiểu vùng 1 bao nhiêu', 'lương tối thiểu vùng 1 bao nhiêu'],
    ['Em chào anh chị ạ. Cho em hỏi chút, nghỉ thai sản được mấy tháng ạ? Em cảm ơn nhiều ạ!', 'nghỉ thai sản được mấy tháng'],
    ['Kính gửi Ban tư vấn Công đoàn, tôi xin hỏi về trợ cấp thôi việc. Trân trọng cảm ơn.', 'trợ cấp thôi việc'],
    ['cty no bhxh thi sao vay ad', 'cty no bhxh thi sao'],
    ['e lam cong nhan o binh duong, nghi thai san dc may thang', 'nghi thai san dc may thang'],
    ['hi admin, can I ask: is strike legal in vietnam? thank you so much', 'is strike legal in vietnam'],
  ];
  for (const [message, question] of cases) it(`"${message}" → "${question}"`, () => expect(trimCourtesy(message)).to.equal(question));
  it('keeps a message that is only courtesy whole (small talk must see it)', () => expect(trimCourtesy('chào ad ạ')).to.equal('chào ad ạ'));
  it('keeps "công đoàn" at the end of a question about the union', () => expect(trimCourtesy('em muốn hỏi về công đoàn')).to.contain('công đoàn'));
  it('keeps the job when it decides the rule (a domestic worker)', () =>
    expect(trimCourtesy('em làm giúp việc ở hà nội, chủ có phải đóng bhxh không')).to.contain('giúp việc'));
});

describe('the language of a message (language.ts)', () => {
  const cases: [string, 'vi' | 'en'][] = [
    ['How many days of paid annual leave do I get per year?', 'en'],
    ['nghi phep nam duoc may ngay', 'vi'],
    ['lương tối thiểu vùng 1', 'vi'],
    ['i only pay BHXH 5 month then give birth. can get maternity money or no?', 'en'],
  ];
  for (const [text, lang] of cases) it(`"${text}" is ${lang}`, () => expect(detectLanguage(text)).to.equal(lang));
  it('"ok" takes the page\'s language', () => {
    expect(detectLanguage('ok', 'en')).to.equal('en');
    expect(detectLanguage('ok', 'vi')).to.equal('vi');
  });
});

describe("who did what in the worker's story (situation.ts)", () => {
  it('the employer ended the contract, and she is pregnant', () => {
    expect(readSituation('quan ly goi len bao e nghi tu ngay mai, luc do e dang co bau thang thu 4')).to.include({
      endedBy: 'employer_ends',
      pregnantOrYoungChild: true,
    });
  });
  it('the worker quits', () => expect(readSituation('em muốn nghỉ việc để về quê thì báo trước bao lâu').endedBy).to.equal('worker_quits'));
  it('a freelancer, a household-business owner and a civil servant are not employees', () => {
    expect(readSituation('Tôi làm tự do, chạy xe ôm công nghệ').outsider).to.equal('freelancer');
    expect(readSituation('Tôi là chủ hộ kinh doanh có đăng ký').outsider).to.equal('household_business_owner');
    expect(readSituation('chồng em là công chức địa chính xã').outsider).to.equal('public_sector');
  });
  it('a union officer', () => expect(readSituation('em là chủ tịch công đoàn cơ sở').unionOfficer).to.equal(true));
});

describe('questions inside one message (parts.ts)', () => {
  it('a comparison gives its two sides', () =>
    expect(segmentsOf('khác nhau giữa trợ cấp thôi việc và mất việc')).to.deep.equal({ segments: ['tro cap thoi viec', 'mat viec'], comparison: true }));
  it('two questions give two segments', () => expect(segmentsOf('Nghỉ thai sản được mấy tháng? Chồng được nghỉ mấy ngày?').segments).to.have.length(2));
  it('a story with one question gives none', () =>
    expect(segmentsOf('em làm cty 3 năm. giờ em nghỉ thì có được trợ cấp thôi việc không ạ').segments).to.deep.equal([]));
});

describe('anger, emergencies and questions outside labour law', () => {
  it('a complaint: strong words, or a shouted message about work', () => {
    expect(isComplaint('CTY TOI LA BON LUA DAO!!! tang ca ko tra tien')).to.equal(true);
    expect(isComplaint('goi cong doan ko ai nghe may')).to.equal(true);
    expect(isComplaint('quan ly goi len bao e nghi tu ngay mai')).to.equal(false);
  });
  const urgent = [
    'gap can bo gap, cty dang bat e ky giay nghi viec ngay bay gio',
    'Em là chủ tịch công đoàn cơ sở. Sau khi thành lập công đoàn thì em bị giáng chức xuống làm công nhân',
    'HR is in the room with me RIGHT NOW asking me to sign resignation letter',
  ];
  for (const text of urgent) it(`urgent: "${text.slice(0, 50)}…"`, () => expect(isUrgent(text)).to.equal(true));
  const notUrgent = [
    'cty nợ lương 2 tháng rồi em nghỉ luôn có sao không',
    'Cán bộ công đoàn có bị sa thải không?',
    'Công ty không trả lương làm thêm giờ cho cả xưởng 300 người',
  ];
  for (const text of notUrgent) it(`not urgent: "${text.slice(0, 50)}…"`, () => expect(isUrgent(text)).to.equal(false));
  it('land, family, criminal questions get their field', () => {
    expect(outOfScopeDomain('tranh chấp đất với hàng xóm')).to.equal('land');
    expect(outOfScopeDomain('ly hôn thì ai nuôi con')).to.equal('family');
    expect(outOfScopeDomain('bị lừa chuyển khoản mất 20 triệu')).to.equal('criminal');
  });
});
