/**
 * Issue 17 item 4 in the web chat, through the real server: after a hand-off the bot asks the intake's
 * questions one at a time while the worker waits (each skippable), the answers show in the console, and the
 * bot falls silent once an officer takes the case. An urgent hand-off gets no questions, only the hotline.
 */
import { expect } from 'chai';
import { translator } from '../../src/i18n.js';
import { addStaff, ConsoleClient, conv } from '../console/client.js';
import { ChatClient, startServer, type RunningServer } from '../helpers/setup.js';

type Reply = { messages: { text: string; quickReplies: { title: string; payload: string }[] }[]; outcome: string; owner: string };

const t = translator('vi');
const HOTLINE = '1900 6868';

describe('the intake while a web chat worker waits for staff (issue 17)', function () {
  this.timeout(60_000);
  let server: RunningServer;
  afterEach(async () => server?.close());

  const start = async () => {
    server = await startServer({ env: { ORG_HOTLINE: HOTLINE } });
    await addStaff(server, 'lan', 'staff', 'Chị Lan');
    const chat = new ChatClient(server.url);
    const say = async (text: string, payload?: string) => (await chat.send({ text, ...(payload ? { payload } : {}) })).json as unknown as Reply;
    return { chat, say, id: () => `web:${chat.cookie.split('=')[1]!}` };
  };

  it('hand-off → four questions, one skipped → the console shows the answers at the top of the case → the officer takes it → the bot is silent', async () => {
    const { say, id } = await start();
    const handoff = await say('cho em gặp cán bộ');
    expect(handoff.owner).to.equal('waiting_staff');
    const texts = handoff.messages.map((m) => m.text);
    expect(texts.slice(-2)).to.deep.equal([t('dialog.intake.intro'), t('dialog.intake.employer')]);
    expect(texts.join('\n')).to.not.match(/CCCD.*\?|số sổ bảo hiểm.*\?/); // it never asks for them
    expect(handoff.messages.at(-1)!.quickReplies.map((q) => q.title)).to.deep.equal(['Bỏ qua']);

    const afterEmployer = await say('Công ty TNHH May Hưng Yên');
    expect(afterEmployer.owner).to.equal('waiting_staff');
    expect(afterEmployer.messages.map((m) => m.text)).to.deep.equal([t('dialog.intake.province')]);
    // an old province name, before the 2025 mergers, is kept as typed; the province is skipped here by the button
    const afterProvince = await say('Bỏ qua', 'Bỏ qua');
    expect(afterProvince.messages.at(-1)!.text).to.equal(t('dialog.intake.problem'));
    expect(afterProvince.messages.at(-1)!.quickReplies.map((q) => q.title)).to.deep.equal([
      'Tiền lương',
      'Hợp đồng/sa thải',
      'Bảo hiểm',
      'Tai nạn lao động',
      'Khác',
      'Bỏ qua',
    ]);
    expect((await say('Hợp đồng/sa thải', 'Hợp đồng/sa thải')).messages.at(-1)!.text).to.equal(t('dialog.intake.dates'));
    // "thôi việc…" is an answer here, not "thôi" (cancel)
    const done = await say('thôi việc ngày 5/3/2026, lương cuối nhận 10/2');
    expect(done.owner).to.equal('waiting_staff');
    expect(done.messages.map((m) => m.text)).to.deep.equal([t('dialog.intake.done')]);

    const lan = await ConsoleClient.signedIn(server.url, 'lan');
    const before = await lan.get(conv(id()));
    expect(before.status).to.equal(200);
    expect(before.json.conversation.intake).to.include({
      employer: 'Công ty TNHH May Hưng Yên',
      province: '',
      problem: 'Hợp đồng/sa thải',
      dates: 'thôi việc ngày 5/3/2026, lương cuối nhận 10/2',
    });
    expect(before.json.conversation.intake.finishedAt).to.be.a('string');
    // the answers are in the transcript too, in order
    expect(before.json.messages.filter((m: { author: string }) => m.author === 'worker').map((m: { text: string }) => m.text)).to.include(
      'Công ty TNHH May Hưng Yên',
    );

    // after the intake, the worker's next message is acknowledged once, with the expected wait (as before)
    const next = await say('em cần gấp ạ');
    expect(next.messages.map((m) => m.text)).to.deep.equal([t('handoff.stillWaiting')]);
    expect((await say('alo')).messages).to.deep.equal([]);

    expect((await lan.post(conv(id(), 'take'))).status).to.equal(200);
    const silent = await say('cán bộ ơi');
    expect(silent.owner).to.equal('staff');
    expect(silent.messages).to.deep.equal([]);
  });

  it('an officer taking the case mid-intake stops the questions; the partial answers stay for the officer', async () => {
    const { say, id } = await start();
    await say('cho em gặp cán bộ');
    await say('Cty Samsung');
    const lan = await ConsoleClient.signedIn(server.url, 'lan');
    expect((await lan.post(conv(id(), 'take'))).status).to.equal(200);
    const reply = await say('Hà Tây');
    expect(reply.owner).to.equal('staff');
    expect(reply.messages.map((m) => m.text)).to.not.include(t('dialog.intake.problem'));
    const intake = (await lan.get(conv(id()))).json.conversation.intake;
    expect(intake).to.include({ employer: 'Cty Samsung', stopped: true });
    expect(intake).to.not.have.property('province');
  });

  it('the worker cancelling the hand-off mid-intake goes back to the bot, and no intake question follows', async () => {
    const { say } = await start();
    await say('cho em gặp cán bộ');
    const cancelled = await say('hủy');
    expect(cancelled.owner).to.equal('bot');
    expect(cancelled.messages.map((m) => m.text)).to.deep.equal([t('handoff.cancelled')]);
    const answer = await say('luong toi thieu vung 1');
    expect(answer.messages.map((m) => m.text).join('\n')).to.not.contain(t('dialog.intake.province'));
  });

  it('an ID or insurance number typed by mistake is not kept', async () => {
    const { say, id } = await start();
    await say('cho em gặp cán bộ');
    const reply = await say('Công ty ABC, CCCD em 001203004567');
    expect(reply.messages.map((m) => m.text)).to.deep.equal([t('dialog.intake.noNumbers'), t('dialog.intake.province')]);
    const lan = await ConsoleClient.signedIn(server.url, 'lan');
    expect((await lan.get(conv(id()))).json.conversation.intake.employer).to.equal('Công ty ABC, CCCD em […]');
  });

  it('an urgent hand-off gets no intake: the hotline, at once', async () => {
    const { say } = await start();
    const urgent = await say('anh em vừa bị tai nạn ở xưởng, máy cuốn tay, giờ phải làm sao');
    expect(urgent.owner).to.equal('waiting_staff');
    const texts = urgent.messages.map((m) => m.text).join('\n');
    expect(texts).to.contain(HOTLINE);
    expect(texts).to.not.contain(t('dialog.intake.intro'));
    // the next message is acknowledged as before, not taken as an intake answer
    expect((await say('Công ty ABC')).messages.map((m) => m.text)).to.deep.equal([t('handoff.stillWaiting')]);
  });
});
