/**
 * Issue 17 item 5 through the real server and the web chat, with a clock the test moves: hand-offs, the first
 * staff reply and the resolve, counted in office minutes (OFFICE_HOURS); the worker's one-tap rating after the
 * resolve; the dashboard API and who may read it.
 */
import { expect } from 'chai';
import { translator } from '../../src/i18n.js';
import { addStaff, ConsoleClient, conv, waitingWebWorker } from './client.js';
import { FakeGraph } from '../helpers/fake-graph.js';
import { eventually, item, messengerEnv, postWebhook, webhook } from '../helpers/messenger.js';
import { MutableClock, startServer, type RunningServer } from '../helpers/setup.js';

const t = translator('vi');
const MIN = 60_000;

describe('the dashboard: response times in office hours and ratings (issue 17 item 5)', function () {
  this.timeout(60_000);
  let server: RunningServer;
  let clock: MutableClock;
  beforeEach(async () => {
    // Thursday 16:50, ten minutes before the office closes
    clock = new MutableClock('2026-11-26T16:50:00+07:00');
    server = await startServer({ clock, env: { OFFICE_HOURS: '1-5 07:30-17:00' } });
    await addStaff(server, 'lan', 'staff', 'Chị Lan');
    await addStaff(server, 'hoa', 'editor', 'Chị Hoa');
    await addStaff(server, 'admin', 'admin', 'Quản trị');
  });
  afterEach(async () => server?.close());

  it('signed out: 401; staff, editor and admin may read it; days must be 1–366', async () => {
    expect((await fetch(`${server.url}/console/api/dashboard`)).status).to.equal(401);
    for (const who of ['lan', 'hoa', 'admin']) {
      const res = await (await ConsoleClient.signedIn(server.url, who)).get('/console/api/dashboard?days=7');
      expect(res.status, who).to.equal(200);
      expect(res.json.perDay).to.have.length(7);
      expect(res.json).to.include({ handoffs: 0, medianFirstResponse: null, medianResolution: null });
    }
    const lan = await ConsoleClient.signedIn(server.url, 'lan');
    for (const bad of ['0', '400', 'abc', '2.5']) expect((await lan.get(`/console/api/dashboard?days=${bad}`)).status, bad).to.equal(400);
    expect((await lan.get('/console/api/dashboard')).json.days).to.equal(30);
  });

  it('a hand-off at 16:50 answered at 07:40 next morning took 20 office minutes; resolved at 08:10, 50; the worker rates it 👍', async () => {
    const first = await waitingWebWorker(server);
    const second = await waitingWebWorker(server); // never answered: counted, with no response time
    clock.advance(10 * MIN); // 17:00, closed
    clock.advance(14 * 60 * MIN + 40 * MIN); // Friday 07:40
    const lan = await ConsoleClient.signedIn(server.url, 'lan');
    expect((await lan.post(conv(first.id, 'take'))).status).to.equal(200);
    expect((await lan.post(conv(first.id, 'reply'), { text: 'Chào em, chị là cán bộ công đoàn.' })).status).to.equal(200);
    expect((await lan.post(conv(first.id, 'labels'), { topic: 'Tiền lương' })).status).to.equal(200);
    clock.advance(30 * MIN); // 08:10
    expect((await lan.post(conv(first.id, 'resolve'), { outcome: 'answered' })).status).to.equal(200);

    // the worker taps "👍 Hài lòng" under the closing message and is thanked
    const rated = await first.chat.send({ text: t('buttons.rateUp'), payload: 'RATE_STAFF:up' });
    expect((rated.json.messages as { text: string }[]).map((m) => m.text)).to.include(t('feedback.staffUp'));
    expect((await server.storage.getConversation(first.id))!.staffRating).to.deep.equal({ up: true, at: clock.now().toISOString() });

    const dash = (await lan.get('/console/api/dashboard?days=7')).json;
    expect(dash).to.include({ handoffs: 2, urgent: 0, medianFirstResponse: 20, medianResolution: 50 });
    expect(dash.byReason).to.deep.equal({ asked: 2 });
    expect(dash.byTopic).to.deep.equal({ 'Tiền lương': 1 });
    expect(dash.ratings).to.deep.equal({ up: 1, down: 0 });
    expect(dash.perDay.at(-1)).to.deep.equal({ day: '2026-11-27', handoffs: 0 });
    expect(dash.perDay.at(-2)).to.deep.equal({ day: '2026-11-26', handoffs: 2 });
    const row = dash.cases.find((c: { conversationId: string }) => c.conversationId === first.id);
    expect(row).to.include({ firstResponse: 20, resolution: 50, topic: 'Tiền lương', reason: 'asked' });
    expect(dash.cases.find((c: { conversationId: string }) => c.conversationId === second.id)).to.not.have.property('firstResponse');

    // a second opinion, 👎, replaces the first
    await first.chat.send({ text: t('buttons.rateDown'), payload: 'RATE_STAFF:down' });
    expect((await lan.get('/console/api/dashboard?days=7')).json.ratings).to.deep.equal({ up: 0, down: 1 });
  });
  it('on Messenger the closing message after resolve carries the two rating buttons, and a tap is counted', async () => {
    const graph = await new FakeGraph().start();
    const m = await startServer({ env: messengerEnv(graph.url), clock });
    try {
      await addStaff(m, 'lan', 'staff');
      const psid = '7700445566';
      const id = `messenger:${psid}`;
      await postWebhook(m.url, webhook([{ messaging: [item.text(psid, 'cho em gặp cán bộ công đoàn')] }]));
      await eventually(async () => expect((await m.storage.getConversation(id))?.owner).to.equal('waiting_staff'));
      const lan = await ConsoleClient.signedIn(m.url, 'lan');
      expect((await lan.post(conv(id, 'resolve'), { outcome: 'answered' })).status).to.equal(200);
      const closing = graph.messagesTo(psid).at(-1)!.body.message;
      expect(closing.text).to.equal(t('handoff.backToBot'));
      expect(closing.quick_replies.map((q: { title: string; payload: string }) => [q.title, q.payload])).to.deep.equal([
        [t('buttons.rateUp'), 'RATE_STAFF:up'],
        [t('buttons.rateDown'), 'RATE_STAFF:down'],
      ]);
      await postWebhook(m.url, webhook([{ messaging: [item.quickReply(psid, t('buttons.rateDown'), 'RATE_STAFF:down')] }]));
      await eventually(async () => expect(graph.textsTo(psid)).to.include(t('feedback.staffDown')));
      expect((await lan.get('/console/api/dashboard?days=1')).json.ratings).to.deep.equal({ up: 0, down: 1 });
    } finally {
      await m.close();
      await graph.stop();
    }
  });
});
