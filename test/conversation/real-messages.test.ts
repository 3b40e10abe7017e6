import { expect } from 'chai';
import path from 'node:path';
import { frozenClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { ConversationCore, newConversationState, type TurnResult } from '../../src/conversation/respond.js';
import { KnowledgeBaseProvider } from '../../src/knowledge-base/provider.js';
import { ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/process.js';

/**
 * The messages quoted in the evaluation issue, on the shipped knowledge base, as `ask` answers them:
 * each is a specification of what a worker who writes like that must get.
 */
describe('real messages from the evaluation issue (shipped knowledge base)', function () {
  this.timeout(60_000);
  let core: ConversationCore;
  before(() => {
    const clock = frozenClock('2026-12-06');
    core = new ConversationCore(
      KnowledgeBaseProvider.load(path.join(ROOT, 'knowledge-base'), clock),
      loadConfig({ KB_DIR: path.join(ROOT, 'knowledge-base') } as NodeJS.ProcessEnv),
      clock,
    );
  });
  const ask = (text: string, locale: 'vi' | 'en' = 'vi'): TurnResult =>
    core.respond({ ...newConversationState('cli', 'ask', locale), greeted: true }, { channel: 'cli', userId: 'ask', text, locale }).result;
  const all = (r: TurnResult) => r.messages.map((m) => m.text).join('\n');
  const WORKER_QUITS = [
    'nghi-viec-trai-luat-hau-qua',
    'bao-truoc-khi-nghi-viec',
    'nghi-khong-can-bao-truoc',
    'rut-lai-thong-bao',
    'nghi-trai-luat-mat-tro-cap-that-nghiep',
  ];

  it('a pregnant worker told to leave tomorrow gets her protections, never the rules for a worker who quits', () => {
    const r = ask(
      'e lam cty may o binh duong dc 3 nam… quan ly goi len bao e nghi tu ngay mai, ko bao truoc… luc do e dang co bau thang thu 4. e co dc boi thuong gi ko',
    );
    const given = [r.entryId, ...(r.parts ?? []).map((p) => p.entryId)];
    for (const id of WORKER_QUITS) expect(given).to.not.include(id);
    expect(r.outcome).to.equal('answer');
    expect(given).to.include('cam-cham-dut');
    expect(given).to.include('cong-ty-sa-thai-trai-luat');
    expect(all(r)).to.match(/Bộ luật Lao động 2019: Điều [^.]*37/);
  });

  it('a household-business owner is told he must join compulsory social insurance since 1/7/2025', () => {
    const r = ask('Tôi là chủ hộ kinh doanh có đăng ký, mở tiệm tạp hóa. Tôi có phải tham gia bảo hiểm xã hội bắt buộc không?');
    expect(r.outcome).to.equal('answer');
    expect(r.entryId).to.equal('chu-ho-kinh-doanh-bhxh-bat-buoc');
  });

  it("a freelancer asking about the job-loss allowance is not told he gets two months' pay", () => {
    const r = ask('Tôi làm tự do, chạy xe ôm công nghệ. Nếu mất việc thì có được trợ cấp mất việc làm không?');
    expect(r.outcome).to.not.equal('answer');
    expect(all(r)).to.not.match(/ít nhất bằng 02 tháng tiền lương/);
  });

  it('"ad ơi cho e hỏi" in front of a general question changes nothing, and a general question is never told it needs the worker\'s records', () => {
    for (const q of ['nghỉ thai sản được mấy tháng', 'lương tối thiểu vùng 1 bao nhiêu', 'làm thêm giờ ngày lễ được trả bao nhiêu']) {
      const plain = ask(q);
      const polite = ask(`ad ơi cho e hỏi ${q}`);
      expect([polite.outcome, polite.entryId]).to.deep.equal([plain.outcome, plain.entryId]);
      expect(plain.outcome).to.equal('answer');
      expect(all(polite)).to.not.contain('hồ sơ của riêng bạn');
    }
  });

  it('an angry message is acknowledged, gets the overtime answer, and goes to an officer as a complaint', () => {
    const r = ask('CTY TOI LA BON LUA DAO!!! tang ca ko tra tien, goi cong doan ko ai nghe may…');
    expect(r.outcome).to.equal('handoff');
    expect(r.reason).to.equal('complaint');
    expect(all(r)).to.contain('rất tiếc');
    // The overtime-pay rule: answered when the bot is sure which one, else offered one tap away.
    const overtime = ['luong-lam-them-gio', 'cach-tinh-luong-lam-them', 'luong-lam-them-tron-goi'];
    const offered = [r.entryId, ...r.options.map((o) => o.entryId)];
    expect(
      offered.some((id) => id !== undefined && overtime.includes(id)),
      all(r),
    ).to.equal(true);
  });

  it('a worker made to sign a resignation right now is urgent', () => {
    const r = ask('gap can bo gap, cty dang bat e ky giay nghi viec ngay bay gio');
    expect([r.outcome, r.reason]).to.deep.equal(['handoff', 'urgent']);
  });

  it('a union chair demoted after founding the union is urgent, not a clarification', () => {
    const r = ask('Em là chủ tịch công đoàn cơ sở. Sau khi thành lập công đoàn thì em bị giáng chức xuống làm công nhân, cắt phụ cấp.');
    expect([r.outcome, r.reason]).to.deep.equal(['handoff', 'urgent']);
  });

  it('"khác nhau giữa trợ cấp thôi việc và mất việc" is answered in two parts, each named', () => {
    const r = ask('khác nhau giữa trợ cấp thôi việc và mất việc');
    expect(r.outcome).to.equal('answer');
    expect(r.parts?.map((p) => p.entryId)).to.have.members(['tro-cap-thoi-viec', 'tro-cap-mat-viec']);
    expect(all(r)).to.contain('Trợ cấp thôi việc').and.contain('Trợ cấp mất việc làm');
  });

  it('"Công ty được trừ lương tối đa bao nhiêu phần trăm?" gets the wage-deduction rule, not contribution rates', () => {
    const r = ask('Công ty được trừ lương tối đa bao nhiêu phần trăm?');
    expect(r.outcome).to.equal('answer');
    expect(r.entryId).to.equal('tru-luong');
  });

  it('a simple English question is understood and answered in English', () => {
    const r = ask('How many days of paid annual leave do I get per year?');
    expect(r.language).to.equal('en');
    expect(r.outcome).to.be.oneOf(['answer', 'clarify']);
    if (r.outcome === 'answer') expect(r.entryId).to.equal('nghi-phep-nam');
    else expect(r.options.map((o) => o.entryId)).to.include('nghi-phep-nam');
    expect(all(r)).to.match(/annual leave|Annual leave/);
  });

  it('a land dispute gets a pointer to the right authority, never labour entries', () => {
    const r = ask('ad ơi cho em hỏi nhà em tranh chấp đất với hàng xóm thì làm sao');
    expect(r.outcome).to.equal('out_of_scope');
    expect(r.options).to.deep.equal([]);
    expect(all(r)).to.contain('đất đai');
  });

  it('ask --json prints language and reason for these messages', async () => {
    const { stdout } = await runCli(
      'ask.ts',
      ['--jsonl'],
      { KB_DIR: path.join(ROOT, 'knowledge-base'), BOT_CLOCK: '2026-12-06' },
      'gap can bo gap, cty dang bat e ky giay nghi viec ngay bay gio\nHow many days of paid annual leave do I get per year?\n',
    );
    const [urgent, english] = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(urgent).to.include({ outcome: 'handoff', reason: 'urgent', language: 'vi' });
    expect(english).to.include({ language: 'en' });
  });
});
