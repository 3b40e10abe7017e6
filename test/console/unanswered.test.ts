/**
 * The learning loop's API over real HTTP (issue 16 item 4): who may call each route, an officer marking a
 * bot answer wrong from a real web-chat conversation, the groups that result, an editor's "handled" mark,
 * and the per-entry usage numbers.
 */
import { expect } from 'chai';
import { translator } from '../../src/i18n.js';
import { addStaff, ConsoleClient, conv } from './client.js';
import { ChatClient, MutableClock, startServer, type RunningServer } from '../helpers/setup.js';

const t = translator('vi');
const MIN = 60_000;

/** The conversation's id and the time of the bot's answer with this entry. */
async function answered(server: RunningServer, chat: ChatClient, text: string, entryId: string): Promise<{ id: string; at: string }> {
  const reply = await chat.send({ text });
  expect(reply.status).to.equal(200);
  const id = `web:${chat.cookie.split('=')[1]!}`;
  const messages = await server.storage.listMessages(id);
  const answer = messages.filter((m) => m.author === 'bot' && m.entryId === entryId).at(-1);
  expect(answer, `${text} → ${entryId}: ${JSON.stringify(messages.map((m) => [m.author, m.outcome, m.entryId]))}`).to.not.equal(undefined);
  return { id, at: answer!.at };
}

describe('the learning loop over HTTP (issue 16 item 4)', function () {
  this.timeout(60_000);
  let server: RunningServer;
  let clock: MutableClock;
  beforeEach(async () => {
    clock = new MutableClock('2026-11-26T09:00:00+07:00');
    server = await startServer({ clock });
    await addStaff(server, 'lan', 'staff', 'Chị Lan');
    await addStaff(server, 'hoa', 'editor', 'Chị Hoa');
  });
  afterEach(async () => server?.close());

  describe('who may call what', () => {
    const editorRoutes: [string, string, unknown?][] = [
      ['GET', '/console/api/unanswered/groups'],
      ['GET', '/console/api/kb/usage'],
      ['POST', '/console/api/unanswered/dismiss', { key: 'x' }],
    ];
    for (const [method, path, body] of editorRoutes) {
      it(`${method} ${path}: 401 signed out, 403 for staff, allowed for an editor`, async () => {
        expect((await new ConsoleClient(server.url).request(method, path, body)).status).to.equal(401);
        const lan = await ConsoleClient.signedIn(server.url, 'lan');
        expect((await lan.request(method, path, body)).json.error.code).to.equal('FORBIDDEN');
        const hoa = await ConsoleClient.signedIn(server.url, 'hoa');
        expect((await hoa.request(method, path, body)).status).to.be.oneOf([200, 404]);
      });
    }
    it('POSTs without the CSRF token are refused', async () => {
      const hoa = await ConsoleClient.signedIn(server.url, 'hoa');
      const dismissed = await hoa.post('/console/api/unanswered/dismiss', { key: 'x' }, { csrf: null });
      expect(dismissed.json.error.code).to.equal('BAD_CSRF');
      const marked = await hoa.post('/console/api/messages/mark-wrong', { conversationId: 'web:x', at: '2026-11-26T02:00:00.000Z' }, { csrf: null });
      expect(marked.json.error.code).to.equal('BAD_CSRF');
      expect((await new ConsoleClient(server.url).post('/console/api/messages/mark-wrong', {})).status).to.equal(401);
    });
    it('bad input: days other than 30 or 90, a mark-wrong without its fields or on no answer', async () => {
      const hoa = await ConsoleClient.signedIn(server.url, 'hoa');
      for (const days of ['7', 'abc', '365']) expect((await hoa.get(`/console/api/unanswered/groups?days=${days}`)).status, days).to.equal(400);
      expect((await hoa.get('/console/api/unanswered/groups?days=90')).json.days).to.equal(90);
      const lan = await ConsoleClient.signedIn(server.url, 'lan');
      expect((await lan.post('/console/api/messages/mark-wrong', { at: 'x' })).json.error.message).to.match(/conversationId/);
      expect((await lan.post('/console/api/messages/mark-wrong', { conversationId: 'web:nobody', at: '2026-11-26T02:00:00.000Z' })).status).to.equal(404);
    });
    it('the raw list GET /console/api/unanswered is still there', async () => {
      const hoa = await ConsoleClient.signedIn(server.url, 'hoa');
      expect(Object.keys((await hoa.get('/console/api/unanswered')).json)).to.deep.equal(['questions', 'feedback']);
    });
  });

  it('an officer marks a web-chat answer wrong: the question lands in a group with the answered entry as candidate, audited, once', async () => {
    const chat = new ChatClient(server.url);
    const { id, at } = await answered(server, chat, 'Một năm được nghỉ phép bao nhiêu ngày?', 'nghi-phep-nam');
    clock.advance(5 * MIN);
    const lan = await ConsoleClient.signedIn(server.url, 'lan');
    // the conversation view shows the answer with its time and entry: what the page sends back
    const shown = (await lan.get(conv(id))).json.messages.find((m: { entryId: string | null }) => m.entryId === 'nghi-phep-nam');
    expect(shown.at).to.equal(at);
    const marked = await lan.post('/console/api/messages/mark-wrong', {
      conversationId: id,
      at,
      note: 'Người lao động hỏi về phép của người làm bán thời gian',
    });
    expect(marked.status).to.equal(200);
    expect(marked.json).to.include({ already: false, entryId: 'nghi-phep-nam' });
    expect((await lan.post('/console/api/messages/mark-wrong', { conversationId: id, at })).json.already).to.equal(true);

    const hoa = await ConsoleClient.signedIn(server.url, 'hoa');
    const { groups, totals } = (await hoa.get('/console/api/unanswered/groups')).json;
    const group = groups.find((g: { kinds: Record<string, number> }) => g.kinds.marked_wrong);
    expect(group, JSON.stringify(groups)).to.include({ count: 1, distinctWorkers: 1, label: 'Một năm được nghỉ phép bao nhiêu ngày?' });
    expect(group.candidates).to.deep.equal([{ entryId: 'nghi-phep-nam', title: 'Nghỉ phép năm' }]);
    expect(group.examples[0]).to.include({ text: 'Một năm được nghỉ phép bao nhiêu ngày?', conversationId: id });
    expect(totals.byKind.marked_wrong).to.equal(1);
    const audit = await server.storage.listAudit(10);
    expect(audit.filter((e) => e.action === 'mark_wrong')).to.have.length(1);
    expect(audit.find((e) => e.action === 'mark_wrong')).to.include({
      target: id,
      detail: 'nghi-phep-nam: Người lao động hỏi về phép của người làm bán thời gian',
    });
  });

  it('similar questions from several workers make one group; long numbers are not shown; a handled group comes back with a new message', async () => {
    const texts = ['công ty nợ lương 2 tháng thì làm sao', 'cong ty no luong em phai lam sao, sdt em 0912345678', 'Công ty nợ lương thì làm sao ạ'];
    for (const text of texts) {
      await server.storage.logUnanswered({
        conversationId: `web:${text.length}`,
        text,
        outcome: 'clarify',
        confidence: 0.2,
        candidates: [],
        at: clock.now().toISOString(),
      });
      clock.advance(MIN);
    }
    await server.storage.logUnanswered({
      conversationId: 'web:other',
      text: 'nghỉ việc có được trợ cấp không',
      outcome: 'handoff',
      confidence: 0.5,
      candidates: [],
      at: clock.now().toISOString(),
    });
    const hoa = await ConsoleClient.signedIn(server.url, 'hoa');
    const first = (await hoa.get('/console/api/unanswered/groups')).json;
    expect(first.groups.map((g: { count: number }) => g.count)).to.deep.equal([3, 1]);
    const wages = first.groups[0];
    expect(wages.kinds).to.deep.equal({ low_confidence: 3 });
    expect(JSON.stringify(wages)).to.not.include('0912345678');
    expect(wages.examples.map((e: { text: string }) => e.text)).to.include('cong ty no luong em phai lam sao, sdt em […]');

    const dismissed = await hoa.post('/console/api/unanswered/dismiss', { key: wages.key, days: 30 });
    expect(dismissed.status).to.equal(200);
    const after = (await hoa.get('/console/api/unanswered/groups')).json;
    expect(after.groups.map((g: { count: number }) => g.count)).to.deep.equal([1]);
    expect(after.totals.handled).to.equal(1);
    expect((await hoa.post('/console/api/unanswered/dismiss', { key: 'no-such-group' })).status).to.equal(404);

    clock.advance(MIN);
    await server.storage.logUnanswered({
      conversationId: 'web:late',
      text: 'cong ty no luong thi lam sao',
      outcome: 'clarify',
      confidence: 0.7,
      candidates: [],
      at: clock.now().toISOString(),
    });
    // (its key may change: it follows the group's most common wording, now 'công ty nợ lương thì làm sao')
    const back = (await hoa.get('/console/api/unanswered/groups')).json.groups.find((g: { count: number }) => g.count > 1);
    expect(back).to.include({ count: 4, newSinceHandled: 1, handledAt: dismissed.json.handledAt });
    expect((await server.storage.listAudit(5)).some((e) => e.action === 'unanswered_handled' && e.target === wages.key)).to.equal(true);
  });

  it('usage per entry: served, 👍/👎 and hand-offs after the answer; a 👎 and a hand-off after an answer become signals', async () => {
    const one = new ChatClient(server.url);
    const first = await answered(server, one, 'Một năm được nghỉ phép bao nhiêu ngày?', 'nghi-phep-nam');
    clock.advance(MIN);
    await one.send({ text: t('buttons.notHelpful'), payload: 'FEEDBACK_DOWN:nghi-phep-nam' });
    clock.advance(MIN);
    await one.send({ text: t('buttons.askStaff'), payload: 'HANDOFF' });
    const two = new ChatClient(server.url);
    await answered(server, two, 'nghi phep nam bao nhieu ngay', 'nghi-phep-nam');
    clock.advance(MIN);
    await two.send({ text: t('buttons.helpful'), payload: 'FEEDBACK_UP:nghi-phep-nam' });
    const three = new ChatClient(server.url);
    await answered(server, three, 'Lương tối thiểu vùng I là bao nhiêu?', 'luong-toi-thieu');

    const hoa = await ConsoleClient.signedIn(server.url, 'hoa');
    const usage = (await hoa.get('/console/api/kb/usage')).json;
    expect(usage.entries).to.deep.equal({
      'nghi-phep-nam': { served: 2, helpful: 1, unhelpful: 1, handoffsAfter: 1 },
      'luong-toi-thieu': { served: 1, helpful: 0, unhelpful: 0, handoffsAfter: 0 },
    });
    expect(usage.conversationsRead).to.equal(3);

    const { groups } = (await hoa.get('/console/api/unanswered/groups')).json;
    const leave = groups.find((g: { candidates: { entryId: string }[] }) => g.candidates[0]?.entryId === 'nghi-phep-nam');
    expect(leave, JSON.stringify(groups)).to.deep.include({ kinds: { thumbs_down: 1, handoff: 1 }, count: 2, distinctWorkers: 1 });
    expect(leave.examples[0]).to.include({ text: 'Một năm được nghỉ phép bao nhiêu ngày?', conversationId: first.id });
  });
});
