import { expect } from 'chai';
import { PAYLOAD } from '../../src/conversation/respond.js';
import { REAL_KB } from '../helpers/paths.js';
import { Script } from '../helpers/script.js';
import { testCore } from '../helpers/setup.js';

describe('scripted conversations (fixture knowledge base)', () => {
  const core = testCore();

  it("the first reply to a new worker says it is the union's automated assistant and gives general information only", () => {
    const s = new Script(core, { greeted: false }).send('lương tối thiểu vùng 1 là bao nhiêu');
    expect(s.last.messages[0]!.text)
      .to.match(/trợ lý tự động/)
      .and.match(/không phải người thật/)
      .and.match(/thông tin pháp luật chung/);
    s.expectOutcome('answer', 'luong-toi-thieu').expectText('5.310.000');
    s.send('nghỉ phép năm bao nhiêu ngày');
    expect(s.text()).to.not.match(/không phải người thật/);
  });

  it('a worker typing without diacritics gets the same answer', () => {
    const toned = new Script(core).send('Một năm được nghỉ phép bao nhiêu ngày?');
    const plain = new Script(core).send('mot nam duoc nghi phep bao nhieu ngay');
    toned.expectOutcome('answer', 'nghi-phep-nam');
    plain.expectOutcome('answer', 'nghi-phep-nam');
    expect(plain.text()).to.equal(toned.text());
  });

  it('chat abbreviations are understood', () => {
    new Script(core).send('lg toi thieu vung 1 bn v ad').expectOutcome('answer', 'luong-toi-thieu');
    new Script(core).send('nghi de dc may thang').expectOutcome('answer', 'nghi-thai-san');
  });

  it('an answer cites its source and its last-checked date', () => {
    new Script(core)
      .send('nghi phep nam bao nhieu ngay')
      .expectText(/Căn cứ: Bộ luật Lao động 2019: Điều 113\./)
      .expectText('Kiểm tra lần cuối: 26/11/2026');
  });

  it('"Xem thêm" shows the detail of the entry', () => {
    const s = new Script(core).send('nghi thai san may thang');
    expect(s.replies()).to.include(`${PAYLOAD.more}nghi-thai-san`);
    s.tap(`${PAYLOAD.more}nghi-thai-san`).expectOutcome('answer', 'nghi-thai-san').expectText('Tối đa 2 tháng');
  });

  it("a follow-up after an answer uses the entry's related entries", () => {
    new Script(core)
      .send('nghi thai san may thang')
      .expectOutcome('answer', 'nghi-thai-san')
      .send('còn lương tối thiểu thì sao?')
      .expectOutcome('answer', 'luong-toi-thieu');
  });

  it('small talk is answered honestly', () => {
    new Script(core).send('bạn là người hay máy vậy').expectOutcome('smalltalk').expectText('không phải người thật');
    new Script(core).send('cảm ơn ad nhiều').expectOutcome('smalltalk');
    new Script(core).send('chào ad').expectOutcome('smalltalk');
  });

  it('a question outside labour law says what the bot can help with', () => {
    new Script(core).send('giá vàng hôm nay bao nhiêu').expectOutcome('out_of_scope').expectText('lao động, tiền lương');
  });

  it('asking for a person hands off and the bot then stays silent until staff are done', () => {
    const s = new Script(core).send('cho em gặp cán bộ công đoàn').expectOutcome('handoff').expectText('cán bộ công đoàn');
    expect(s.state.owner).to.equal('waiting_staff');
    s.send('lương tối thiểu vùng 1 là bao nhiêu').expectOutcome('handoff');
    expect(s.state.owner).to.equal('waiting_staff');
    // The worker's next message while waiting is acknowledged once (not answered by the bot)…
    expect(s.last.messages).to.have.length(1);
    s.expectText('Đã nhận thêm tin nhắn của bạn');
    s.send('alo');
    expect(s.last.messages).to.have.length(0); // said once, not again
  });

  it('"hủy" returns the worker to the bot', () => {
    const s = new Script(core).send('tôi muốn nói chuyện với người thật').expectOutcome('handoff');
    s.send('hủy').expectText('trợ lý tự động');
    expect(s.state.owner).to.equal('bot');
    s.send('nghi phep nam bao nhieu ngay').expectOutcome('answer', 'nghi-phep-nam');
  });

  it("a question about the worker's own records goes to staff", () => {
    new Script(core).send('hồ sơ thất nghiệp của em đã duyệt chưa ạ').expectOutcome('handoff').expectText('hồ sơ của riêng bạn');
  });

  it('an emergency goes to staff marked urgent, with the emergency numbers', () => {
    new Script(core).send('anh em vừa bị tai nạn ở xưởng, máy cuốn tay, giờ phải làm sao').expectOutcome('handoff').expectText('115');
  });

  it('a photo or sticker gets a polite request for words', () => {
    new Script(core).send('', { attachment: true }).expectOutcome('smalltalk').expectText('gõ câu hỏi bằng chữ');
  });

  it("deleting one's data asks for confirmation first", () => {
    const s = new Script(core).send('xóa dữ liệu của tôi').expectText('không hoàn tác');
    expect(s.replies()).to.deep.equal([PAYLOAD.deleteConfirm, PAYLOAD.deleteKeep]);
  });

  it('English speakers get the English phrases and the English entry', () => {
    const s = new Script(core).send('what is the regional minimum wage in region 1?', { locale: 'en' });
    s.expectOutcome('answer', 'luong-toi-thieu').expectText('The region I monthly minimum wage is 5,310,000 VND').expectText('Legal basis');
    expect(s.last.language).to.equal('en');
  });

  it('a question in English is answered in English, also on the Vietnamese page', () => {
    const s = new Script(core).send('what is the regional minimum wage in region 1?', { locale: 'vi' });
    s.expectOutcome('answer', 'luong-toi-thieu').expectText('The region I monthly minimum wage is');
  });

  it('a Vietnamese message on the English page is answered in Vietnamese', () => {
    const s = new Script(core).send('luong toi thieu vung 1', { locale: 'en' });
    s.expectOutcome('answer', 'luong-toi-thieu').expectText('Lương tối thiểu');
    expect(s.last.language).to.equal('vi');
  });

  it('messages respect Messenger limits', () => {
    const s = new Script(core).send('nghi thai san may thang');
    for (const m of s.last.messages) {
      expect([...m.text].length).to.be.at.most(2000);
      expect(m.quickReplies.length).to.be.at.most(13);
      for (const q of m.quickReplies) expect([...q.title].length).to.be.at.most(20);
    }
  });
});

describe('scripted conversations (shipped knowledge base)', () => {
  let core: ReturnType<typeof testCore>;
  before(() => {
    core = testCore(REAL_KB, '2026-11-26');
  });
  const cases: [string, string, RegExp][] = [
    ['luong toi thieu vung 1 la bao nhieu', 'luong-toi-thieu-vung', /5\.310\.000/],
    ['Lương tối thiểu vùng I hiện nay là bao nhiêu?', 'luong-toi-thieu-vung', /5\.310\.000/],
    ['nghi viec phai bao truoc bao nhieu ngay', 'bao-truoc-khi-nghi-viec', /45 ngày/],
    ['thu viec toi da bao lau', 'thu-viec-thoi-gian', /180 ngày|60 ngày/],
    ['tien tang ca ngay thuong tinh bang bao nhieu phan tram', 'luong-lam-them-gio', /150%/],
  ];
  for (const [question, entryId, content] of cases) {
    it(`"${question}" → ${entryId}`, () => {
      new Script(core)
        .send(question)
        .expectOutcome('answer', entryId)
        .expectText(content)
        .expectText(/Căn cứ: .*Điều \d+/);
    });
  }
  it('a question that fits several overtime entries is answered with a choice, the right one among them', () => {
    const s = new Script(core).send('lam them gio duoc tra luong the nao');
    // (since 2026-12-06 "Cách tính tiền tăng ca" answers it too)
    const right = ['luong-lam-them-gio', 'cach-tinh-luong-lam-them'];
    if (s.last.outcome === 'clarify') expect(s.last.options.map((o) => o.entryId).some((id) => right.includes(id))).to.equal(true);
    else expect(right).to.include(s.last.entryId);
  });
  it('before its rules applied (1/1/2026) the minimum-wage entry is not served, so no 2026 figure is shown on an earlier day', () => {
    // The shipped entry explains Decree 293/2025's transition rules, so it starts on 1/1/2026; the switch of
    // figures across that date is tested on the fixture knowledge base above.
    const s = new Script(testCore(REAL_KB, '2025-06-01')).send('luong toi thieu vung 1 la bao nhieu');
    expect(s.text()).to.not.contain('5.310.000');
    expect(s.last.entryId).to.not.equal('luong-toi-thieu-vung');
  });
});

describe('hand-off messages follow the configuration', () => {
  it('outside office hours the worker is told when staff are back; the hotline is given only when configured', () => {
    const closed = new Script(testCore(undefined, '2026-11-29', { OFFICE_HOURS: '1-5 07:30-17:00', ORG_OFFICE_HOURS: '7:30–17:00, thứ Hai đến thứ Sáu' })).send(
      'cho em gặp cán bộ công đoàn',
    );
    closed.expectOutcome('handoff').expectText('ngoài giờ làm việc').expectText('7:30–17:00, thứ Hai đến thứ Sáu');
    expect(closed.text()).to.not.match(/đường dây nóng/);
    const withHotline = new Script(testCore(undefined, '2026-11-26', { ORG_HOTLINE: '0123 456 789' })).send('cho em gặp cán bộ công đoàn');
    withHotline.expectText('đường dây nóng 0123 456 789');
  });
});
