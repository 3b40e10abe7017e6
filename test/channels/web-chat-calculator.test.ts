/**
 * Issue 18 in the web chat: a calculator asked for in words runs as a dialog, one question at a time,
 * through the real server; the worker can cancel; an officer's conversation is never taken by a dialog.
 */
import { expect } from 'chai';
import { calculatorNamed } from '../../src/calculators/index.js';
import { REAL_KB } from '../helpers/paths.js';
import { ChatClient, startServer, type RunningServer } from '../helpers/setup.js';

type Reply = { messages: { text: string; quickReplies: { title: string; payload: string }[] }[]; outcome: string };

describe('calculators in the web chat (issue 18)', function () {
  this.timeout(60_000);
  let server: RunningServer;
  afterEach(async () => server?.close());

  it('"tính trợ cấp thôi việc giúp em": asks, re-asks, skips, then the amount with its formula, article and date; then the bot answers as usual', async () => {
    server = await startServer({ kbDir: REAL_KB });
    const chat = new ChatClient(server.url);
    const say = async (text: string) => (await chat.send({ text })).json as unknown as Reply;
    const severance = calculatorNamed('severance')!;
    const first = await say('tính trợ cấp thôi việc giúp em');
    expect(first.outcome).to.equal('dialog');
    expect(first.messages.at(-1)!.text).to.equal(severance.inputs[0]!.question);
    expect((await say('tam trieu')).messages.at(-1)!.text).to.equal(severance.inputs[1]!.question);
    let reply = await say('3 năm rưỡi');
    for (let i = 2; i < severance.inputs.length; i++) reply = await say('bỏ qua');
    const result = reply.messages[0]!.text;
    expect(result)
      .to.contain('Trợ cấp thôi việc')
      .and.to.contain('8.000.000')
      .and.to.contain('Điều 46')
      .and.to.match(/Số liệu áp dụng ngày \d\d\/\d\d\/\d{4}/);
    expect(reply.messages[0]!.quickReplies.map((q) => q.title)).to.include('Hỏi cán bộ');
    const after = await say('luong toi thieu vung 1 la bao nhieu');
    expect(after.outcome).to.equal('answer');
  });

  it('"hủy" stops it; the next question is answered by the knowledge base', async () => {
    server = await startServer({ kbDir: REAL_KB });
    const chat = new ChatClient(server.url);
    const say = async (text: string) => (await chat.send({ text })).json as unknown as Reply;
    await say('tinh giup em tien lam them gio');
    const cancelled = await say('hủy');
    expect(cancelled.messages.map((m) => m.text)).to.deep.equal(['Đã dừng phép tính. Bạn cứ hỏi tiếp nhé.']);
    expect((await say('nghi phep nam bao nhieu ngay')).outcome).to.equal('answer');
  });

  it('an answer about severance offers "Tính giúp tôi"; tapping it starts the calculator', async () => {
    server = await startServer({ kbDir: REAL_KB });
    const chat = new ChatClient(server.url);
    const answer = (await chat.send({ text: 'tro cap thoi viec duoc tinh the nao' })).json as unknown as Reply & { entryId?: string };
    const button = answer.messages.flatMap((m) => m.quickReplies).find((q) => q.payload === 'CALC:severance');
    expect(button, JSON.stringify(answer.messages.flatMap((m) => m.quickReplies))).to.deep.equal({ title: 'Tính giúp tôi', payload: 'CALC:severance' });
    const started = (await chat.send({ text: button!.title, payload: button!.payload })).json as unknown as Reply;
    expect(started.outcome).to.equal('dialog');
    expect(started.messages.at(-1)!.text).to.equal(calculatorNamed('severance')!.inputs[0]!.question);
  });

  it('every calculator button points at an entry that exists and a calculator that exists', async () => {
    const { CALCULATOR_FOR_ENTRY } = await import('../../src/conversation/calculator-buttons.js');
    const { loadKnowledgeBase } = await import('../../src/knowledge-base/load.js');
    const { kb } = loadKnowledgeBase(REAL_KB, { day: '2026-12-06' });
    for (const [entry, calculator] of Object.entries(CALCULATOR_FOR_ENTRY)) {
      expect(kb.byId.has(entry), entry).to.equal(true);
      expect(calculatorNamed(calculator), calculator).to.not.equal(undefined);
    }
  });
});
