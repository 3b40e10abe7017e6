import { expect } from 'chai';
import { BotkitConversation } from 'botkit';
import { DialogEngine } from '../../src/conversation/dialogs/engine.js';
import { SqliteStorage } from '../../src/storage/sqlite.js';

/** A two-question dialog, as a calculator would ask: a number, re-asked until it is one, then a result. */
function ageDialog(controller: ConstructorParameters<typeof BotkitConversation>[1]): BotkitConversation {
  const convo = new BotkitConversation('age', controller);
  convo.ask(
    { text: ['Bạn bao nhiêu tuổi?'], quick_replies: [{ title: '30', payload: '30' }] },
    async (answer, c) => {
      if (!/^\d+$/.test(String(answer).trim())) await c.repeat();
    },
    { key: 'age' },
  );
  convo.ask('Bạn làm ở tỉnh nào?', async () => undefined, { key: 'province' });
  convo.after(async (results, bot) => {
    await bot.say(`Tuổi ${results.age}, tỉnh ${results.province}.`);
  });
  return convo;
}

describe('multi-step conversations run as Botkit dialogs (DialogEngine)', () => {
  let storage: SqliteStorage;
  let engine: DialogEngine;
  beforeEach(() => {
    storage = new SqliteStorage(':memory:');
    engine = new DialogEngine({ state: storage, dialogs: [ageDialog], cancelled: () => 'Đã hủy.' });
  });
  afterEach(() => storage.close());

  it('with no dialog in progress a message is not taken (the service answers it)', async () => {
    expect(await engine.continue('web:1', 'luong toi thieu', 'vi')).to.deep.equal({ handled: false, messages: [] });
  });

  it('asks one thing at a time, re-asks a wrong answer, keeps its state in the store between turns, ends with the result', async () => {
    const first = await engine.begin('web:1', 'age', 'vi');
    expect(first).to.deep.equal([{ text: 'Bạn bao nhiêu tuổi?', quickReplies: [{ title: '30', payload: '30' }] }]);
    expect((await engine.continue('web:1', 'ba muoi', 'vi')).messages.map((m) => m.text)).to.deep.equal(['Bạn bao nhiêu tuổi?']);
    // a second engine on the same store (another instance, or after a restart) goes on where the first left
    const other = new DialogEngine({ state: storage, dialogs: [ageDialog], cancelled: () => 'Đã hủy.' });
    expect((await other.continue('web:1', '30', 'vi')).messages.map((m) => m.text)).to.deep.equal(['Bạn làm ở tỉnh nào?']);
    const last = await engine.continue('web:1', 'Bắc Ninh', 'vi');
    expect(last.handled).to.equal(true);
    expect(last.messages.map((m) => m.text)).to.deep.equal(['Tuổi 30, tỉnh Bắc Ninh.']);
    expect((await engine.continue('web:1', 'cảm ơn', 'vi')).handled).to.equal(false);
  });

  it('"hủy" ends the dialog at any step; conversations do not share a dialog', async () => {
    await engine.begin('web:1', 'age', 'vi');
    await engine.begin('web:2', 'age', 'vi');
    const cancelled = await engine.continue('web:1', 'hủy', 'vi');
    expect(cancelled).to.deep.equal({ handled: true, messages: [{ text: 'Đã hủy.', quickReplies: [] }] });
    expect((await engine.continue('web:1', '30', 'vi')).handled).to.equal(false);
    expect((await engine.continue('web:2', '30', 'vi')).messages.map((m) => m.text)).to.deep.equal(['Bạn làm ở tỉnh nào?']);
    expect((await engine.continue('web:3', 'thôi', 'vi')).handled).to.equal(false);
  });

  it('cancel() ends a dialog in progress silently, and begin() starts one over another in progress', async () => {
    await engine.begin('web:1', 'age', 'vi');
    await engine.cancel('web:1', 'vi');
    expect((await engine.continue('web:1', '30', 'vi')).handled).to.equal(false);
    await engine.begin('web:1', 'age', 'vi');
    await engine.continue('web:1', '30', 'vi');
    expect((await engine.begin('web:1', 'age', 'vi')).map((m) => m.text)).to.deep.equal(['Bạn bao nhiêu tuổi?']);
  });

  it('with interruptible: false, "thôi …" is an answer, not a cancel (the intake: "thôi việc ngày 5/3")', async () => {
    await engine.begin('web:1', 'age', 'vi');
    await engine.continue('web:1', '30', 'vi');
    const last = await engine.continue('web:1', 'thôi việc rồi', 'vi', { interruptible: false });
    expect(last.messages.map((m) => m.text)).to.deep.equal(['Tuổi 30, tỉnh thôi việc rồi.']);
  });
});

describe('a calculator as a chat dialog (issue 18)', () => {
  it('severance: asks each input in Vietnamese, reads "8tr" and "5 năm 3 tháng", re-asks what it cannot read, skips optional ones, ends with amount, formula, articles and date', async () => {
    const { loadKnowledgeBase } = await import('../../src/knowledge-base/load.js');
    const { calculatorNamed, calculate } = await import('../../src/calculators/index.js');
    const { calculatorDialog, resultText } = await import('../../src/conversation/dialogs/calculator-dialog.js');
    const { REAL_KB } = await import('../helpers/paths.js');
    const { kb } = loadKnowledgeBase(REAL_KB, { day: '2026-12-06' });
    const context = () => ({ date: '2026-12-06', figures: kb.figures });
    const severance = calculatorNamed('severance')!;
    const storage = new SqliteStorage(':memory:');
    const engine = new DialogEngine({ state: storage, dialogs: [calculatorDialog(severance, context, 'HANDOFF')], cancelled: () => 'Đã hủy.' });
    try {
      const texts = (ms: { text: string }[]) => ms.map((m) => m.text);
      const opening = await engine.begin('messenger:42', 'calc:severance', 'vi');
      expect(texts(opening)).to.deep.equal([
        `Mình sẽ hỏi ${severance.inputs.length} câu, từng câu một (gõ "làm lại" để nhập lại từ đầu, "hủy" để dừng).`,
        severance.inputs[0]!.question,
      ]);
      // a mistake: "làm lại" starts the questions again
      await engine.continue('messenger:42', '80tr', 'vi');
      const restarted = texts((await engine.continue('messenger:42', 'lam lai', 'vi')).messages);
      expect(restarted[0]).to.equal('Mình hỏi lại từ đầu nhé.');
      expect(restarted.at(-1)).to.equal(severance.inputs[0]!.question);
      const unreadable = await engine.continue('messenger:42', 'khoang may trieu', 'vi');
      expect(unreadable.messages[0]!.text).to.contain('chưa đọc được số tiền');
      expect(unreadable.messages.at(-1)!.text).to.equal(severance.inputs[0]!.question);
      expect(texts((await engine.continue('messenger:42', '8tr', 'vi')).messages)).to.deep.equal([severance.inputs[1]!.question]);
      let last = await engine.continue('messenger:42', '5 năm 3 tháng', 'vi');
      // the optional inputs offer "Bỏ qua"
      for (let i = 2; i < severance.inputs.length; i++) {
        expect(last.messages[0]!.quickReplies.map((q) => q.title)).to.include('Bỏ qua');
        last = await engine.continue('messenger:42', 'bỏ qua', 'vi');
      }
      const expected = resultText(severance, calculate(severance, { monthlyWage: '8tr', monthsWorked: '5 năm 3 tháng' }, context()));
      expect(last.messages).to.have.length(1);
      expect(last.messages[0]!.text.startsWith(expected)).to.equal(true);
      expect(last.messages[0]!.text).to.contain('Bạn đã bỏ qua').and.to.contain(severance.inputs[2]!.question);
      expect(expected)
        .to.match(/Điều 46/)
        .and.to.contain('Số liệu áp dụng ngày 06/12/2026');
      expect(last.messages[0]!.quickReplies).to.deep.equal([{ title: 'Hỏi cán bộ', payload: 'HANDOFF' }]);
      expect((await engine.continue('messenger:42', 'cảm ơn', 'vi')).handled).to.equal(false);
    } finally {
      storage.close();
    }
  });
});
