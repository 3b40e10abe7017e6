/**
 * The console's case work over real HTTP on loopback (issue 17): the case list with its filters, search
 * (typos and missing diacritics forgiven) and unread counts; staff-only notes, labels, assignment with a
 * note, resolve with an outcome and a follow-up day that brings the case back, reopen, the text export;
 * canned replies with placeholders. Every route: signed out → 401, without the CSRF token → 403.
 */
import { expect } from 'chai';
import type { StaffAccount } from '../../src/storage/types.js';
import { FakeGraph } from '../helpers/fake-graph.js';
import { eventually, item, messengerEnv, postWebhook, webhook } from '../helpers/messenger.js';
import { ChatClient, MutableClock, startServer, type RunningServer } from '../helpers/setup.js';
import { addStaff, ConsoleClient, conv, waitingWebWorker } from './client.js';

const HOTLINE = '1900 6868';
const URGENT = 'anh em vừa bị tai nạn ở xưởng, máy cuốn tay, giờ phải làm sao';

describe('console case work (HTTP)', function () {
  this.timeout(30000);
  let server: RunningServer;
  let clock: MutableClock;
  let lan: StaffAccount;
  let minh: StaffAccount;

  beforeEach(async () => {
    clock = new MutableClock();
    server = await startServer({ clock, env: { ORG_HOTLINE: HOTLINE, ORG_NAME: 'Công đoàn KCN Bắc Thăng Long' } });
    [lan, minh] = await Promise.all([
      addStaff(server, 'lan', 'staff', 'Chị Lan'),
      addStaff(server, 'minh', 'staff', 'Anh Minh'),
      addStaff(server, 'hoa', 'editor'),
    ]);
  });
  afterEach(async () => server.close());

  const list = async (c: ConsoleClient, query = '') => {
    const res = await c.get(`/console/api/conversations${query}`);
    expect(res.status, res.text).to.equal(200);
    return res.json as { items: any[]; total: number; filter: string };
  };
  const ids = async (c: ConsoleClient, query = '') => (await list(c, query)).items.map((i) => i.id as string);

  describe('roles and CSRF on every new route', () => {
    const GETS = ['/console/api/conversations', '/console/api/conversations?filter=all&q=luong', conv('web:x', 'export'), '/console/api/canned'];
    const POSTS = [
      conv('web:x', 'notes'),
      conv('web:x', 'labels'),
      conv('web:x', 'reopen'),
      conv('web:x', 'read'),
      '/console/api/canned',
      '/console/api/canned/some-id',
      '/console/api/canned/some-id/delete',
    ];
    for (const path of GETS)
      it(`GET ${path} signed out → 401`, async () => {
        const res = await new ConsoleClient(server.url).get(path);
        expect(res.status).to.equal(401);
        expect(res.json.error.code).to.equal('NOT_SIGNED_IN');
      });
    for (const path of POSTS) {
      it(`POST ${path} signed out → 401`, async () => {
        expect((await new ConsoleClient(server.url).post(path, { text: 'x', title: 'x', topic: 'x' })).status).to.equal(401);
      });
      it(`POST ${path} without the CSRF token, or with another session's → 403, nothing changes`, async () => {
        const { id } = await waitingWebWorker(server);
        const c = await ConsoleClient.signedIn(server.url, 'lan');
        const other = await ConsoleClient.signedIn(server.url, 'minh');
        const before = (await server.storage.getConversation(id))!;
        for (const csrf of [null, other.csrf]) {
          const res = await c.post(path.replace('web%3Ax', encodeURIComponent(id)), { text: 'Ghi chú', title: 'Mẫu', topic: 'Lương' }, { csrf });
          expect(res.status).to.equal(403);
          expect(res.json.error.code).to.equal('BAD_CSRF');
        }
        expect((await server.storage.getConversation(id))!.eTag).to.equal(before.eTag);
        expect(await server.storage.listNotes(id)).to.deep.equal([]);
        expect(await server.storage.listCannedReplies()).to.deep.equal([]);
      });
    }
  });

  describe('the case list', () => {
    it('filters: open (the queue), mine, unassigned, urgent, waiting, resolved, all', async () => {
      const a = await waitingWebWorker(server, 'cho em gặp cán bộ');
      clock.advance(60_000);
      const b = await waitingWebWorker(server, 'cho em gặp cán bộ công đoàn');
      clock.advance(60_000);
      const u = await waitingWebWorker(server, URGENT);
      const r = await waitingWebWorker(server, 'em muốn gặp cán bộ');
      const c = await ConsoleClient.signedIn(server.url, 'lan');
      const m = await ConsoleClient.signedIn(server.url, 'minh');
      expect((await c.post(conv(a.id, 'take'))).status).to.equal(200);
      expect((await m.post(conv(b.id, 'take'))).status).to.equal(200);
      expect((await c.post(conv(r.id, 'resolve'), { outcome: 'answered' })).status).to.equal(200);

      expect(await ids(c)).to.deep.equal([u.id, a.id, b.id]);
      expect((await list(c)).filter).to.equal('open');
      expect(await ids(c, '?filter=mine')).to.deep.equal([a.id]);
      expect(await ids(m, '?filter=mine')).to.deep.equal([b.id]);
      expect(await ids(c, '?filter=unassigned')).to.deep.equal([u.id]);
      expect(await ids(c, '?filter=urgent')).to.deep.equal([u.id]);
      expect(await ids(c, '?filter=waiting')).to.deep.equal([u.id]);
      expect(await ids(c, '?filter=resolved')).to.deep.equal([r.id]);
      expect(await ids(c, '?filter=all')).to.deep.equal([u.id, a.id, b.id, r.id]);
      // a conversation only the bot ever had is not a case
      await new ChatClient(server.url).send({ text: 'nghi phep nam bao nhieu ngay' });
      expect(await ids(c, '?filter=all')).to.have.length(4);
      const bad = await c.get('/console/api/conversations?filter=everything');
      expect(bad.status).to.equal(400);
      expect(bad.json.error.message).to.contain('filter: ');
    });

    it("each card: the hand-off reason, the worker's own words (not the button they tapped), the reply windows and labels", async () => {
      // The bot answers the complaint; the worker then taps "Hỏi cán bộ" (its payload is stored as the message).
      const chat = new ChatClient(server.url);
      expect((await chat.send({ text: 'công ty nợ lương em 3 tháng rồi' })).json.owner).to.equal('bot');
      expect((await chat.send({ payload: 'HANDOFF' })).json.owner).to.equal('waiting_staff');
      const id = `web:${chat.cookie.split('=')[1]!}`;
      const c = await ConsoleClient.signedIn(server.url, 'lan');
      const card = (await list(c)).items.find((i) => i.id === id);
      expect(card.preview).to.equal('công ty nợ lương em 3 tháng rồi');
      expect(card.handoffReason).to.be.a('string').and.not.equal('');
      expect(card).to.include({ owner: 'waiting_staff', channel: 'web', resolution: null });
      expect(card.windows).to.equal(null);
      expect(card.labels).to.deep.equal({});
      // the old queue shows the same words
      expect((await c.get('/console/api/queue')).json.items.find((i: any) => i.id === id).preview).to.equal('công ty nợ lương em 3 tháng rồi');
    });

    it('unread counts per officer: worker messages since the officer last opened the conversation', async () => {
      const { chat, id } = await waitingWebWorker(server);
      const c = await ConsoleClient.signedIn(server.url, 'lan');
      const m = await ConsoleClient.signedIn(server.url, 'minh');
      const unread = async (who: ConsoleClient) => (await list(who)).items.find((i) => i.id === id).unread as number;
      expect(await unread(c)).to.equal(1);
      clock.advance(1000);
      expect((await c.post(conv(id, 'read'))).status).to.equal(200);
      expect(await unread(c)).to.equal(0);
      clock.advance(1000);
      await chat.send({ text: 'em làm ở công ty may' });
      clock.advance(1000);
      await chat.send({ text: 'hợp đồng 2 năm' });
      expect(await unread(c)).to.equal(2);
      expect(await unread(m)).to.equal(3);
      expect((await c.post(conv('web:nope', 'read'))).status).to.equal(404);
    });

    it('search: typos and missing diacritics forgiven, over the worker’s words, notes, labels and the worker id', async () => {
      const wage = await waitingWebWorker(server, 'công ty nợ lương em 3 tháng rồi, giờ em phải làm sao', 'cho em gặp cán bộ');
      const insurance = await waitingWebWorker(server, 'công ty không đóng bảo hiểm xã hội cho em, cho em gặp cán bộ');
      const other = await waitingWebWorker(server, 'cho em gặp cán bộ');
      const c = await ConsoleClient.signedIn(server.url, 'lan');
      const search = (q: string, filter = 'all') => ids(c, `?filter=${filter}&q=${encodeURIComponent(q)}`);
      expect(await search('nợ lương')).to.deep.equal([wage.id]);
      expect(await search('no luong')).to.deep.equal([wage.id]);
      expect(await search('NO LUONG')).to.deep.equal([wage.id]);
      expect(await search('bao hiem xa hoi')).to.deep.equal([insurance.id]);
      expect(await search('bảo hiễm xã hộj')).to.deep.equal([insurance.id]); // two typos
      expect(await search('xin visa du lịch')).to.deep.equal([]);
      // labels, notes and the worker's id are searched too
      await c.post(conv(other.id, 'labels'), { employer: 'Công ty May Đức Giang', workerName: 'Nguyễn Thị Hạnh' });
      expect(await search('may duc giang')).to.deep.equal([other.id]);
      expect(await search('nguyen thi hanh')).to.deep.equal([other.id]);
      expect(await search('hanh duc giang')).to.deep.equal([other.id]); // words from two labels
      await c.post(conv(insurance.id, 'notes'), { text: 'Đã hẹn gặp tại văn phòng thứ Hai' });
      expect(await search('hen gap van phong')).to.deep.equal([insurance.id]);
      expect(await search(wage.id.slice(-12))).to.deep.equal([wage.id]);
      // within the filter chosen: none of these is resolved
      expect(await search('no luong', 'resolved')).to.deep.equal([]);
    });
  });

  describe('notes, labels, assignment', () => {
    it('a note is staff-only: kept on the case, never sent to the worker, audited', async () => {
      const { chat, id } = await waitingWebWorker(server);
      const c = await ConsoleClient.signedIn(server.url, 'lan');
      const note = await c.post(conv(id, 'notes'), { text: '  Chị Hạnh, công ty may, ca đêm; nghi bị ép nghỉ việc.  ' });
      expect(note.status).to.equal(200);
      expect(note.json.note).to.include({ conversationId: id, kind: 'note', staffId: lan.id, text: 'Chị Hạnh, công ty may, ca đêm; nghi bị ép nghỉ việc.' });
      const call = await c.post(conv(id, 'notes'), { text: 'Gọi điện 10 phút, hẹn gửi hợp đồng.', kind: 'call' });
      expect(call.json.note.kind).to.equal('call');
      const detail = await c.get(conv(id));
      expect(detail.json.notes.map((n: any) => n.kind)).to.deep.equal(['note', 'call']);
      const seen = await (await fetch(`${server.url}/api/chat/messages?after=0`, { headers: { Cookie: chat.cookie } })).text();
      expect(seen).to.not.contain('ép nghỉ việc').and.not.contain('Gọi điện');
      expect((await server.storage.listMessages(id, 100)).some((m) => m.text.includes('ép nghỉ việc'))).to.equal(false);
      for (const body of [{}, { text: '   ' }, { text: 5 }, { text: 'x'.repeat(4001) }, { text: 'x', kind: 'email' }])
        expect((await c.post(conv(id, 'notes'), body)).status, JSON.stringify(body)).to.equal(400);
      expect((await c.post(conv('web:nope', 'notes'), { text: 'x' })).status).to.equal(404);
      const audit = await server.storage.listAudit(50);
      expect(audit.filter((e) => e.target === id).map((e) => e.action)).to.include.members(['note', 'log_call']);
    });

    it('labels: set, changed, cleared with an empty value; at least one field; audited', async () => {
      const { id } = await waitingWebWorker(server);
      const c = await ConsoleClient.signedIn(server.url, 'lan');
      let res = await c.post(conv(id, 'labels'), { topic: 'Tiền lương', employer: ' Công ty TNHH Hòa Bình ' });
      expect(res.status).to.equal(200);
      expect(res.json.conversation.labels).to.deep.equal({ topic: 'Tiền lương', employer: 'Công ty TNHH Hòa Bình' });
      res = await c.post(conv(id, 'labels'), { topic: '', workerName: 'Hạnh' });
      expect(res.json.conversation.labels).to.deep.equal({ employer: 'Công ty TNHH Hòa Bình', workerName: 'Hạnh' });
      expect((await server.storage.getConversation(id))!.owner).to.equal('waiting_staff'); // labels change no owner
      for (const body of [{}, { topic: 7 }, { employer: 'x'.repeat(121) }, []]) expect((await c.post(conv(id, 'labels'), body)).status).to.equal(400);
      expect((await server.storage.listAudit(50)).find((e) => e.action === 'label')).to.include({ staffId: lan.id, target: id });
    });

    it('assignment with a note: the note is kept as an assignment note', async () => {
      const { id } = await waitingWebWorker(server);
      const c = await ConsoleClient.signedIn(server.url, 'lan');
      const res = await c.post(conv(id, 'assign'), { staffId: minh.id, note: 'Anh Minh xem giúp hợp đồng thử việc.' });
      expect(res.status).to.equal(200);
      expect(res.json.conversation.assignedTo).to.equal(minh.id);
      expect((await server.storage.listNotes(id)).map((n) => ({ kind: n.kind, text: n.text, staffId: n.staffId }))).to.deep.equal([
        { kind: 'assignment', text: 'Anh Minh xem giúp hợp đồng thử việc.', staffId: lan.id },
      ]);
      expect((await c.post(conv(id, 'assign'), { staffId: minh.id, note: 5 })).status).to.equal(400);
    });
  });

  describe('resolve with an outcome, follow-up, reopen', () => {
    it('outcomes are checked: a follow-up needs a day after today, and only a follow-up has one', async () => {
      const { id } = await waitingWebWorker(server);
      const c = await ConsoleClient.signedIn(server.url, 'lan');
      const bad = [
        { outcome: 'done' },
        { outcome: 'follow_up' },
        { outcome: 'answered', followUpOn: '2026-12-01' },
        { outcome: 'follow_up', followUpOn: '01/12/2026' },
        { outcome: 'follow_up', followUpOn: '2026-02-30' },
        { outcome: 'follow_up', followUpOn: '2026-11-26' }, // today in Vietnam
        { outcome: 'follow_up', followUpOn: '2026-11-20' },
      ];
      for (const body of bad) {
        const res = await c.post(conv(id, 'resolve'), body);
        expect(res.status, JSON.stringify(body)).to.equal(400);
        expect(res.json.error.code).to.equal('BAD_REQUEST');
      }
      expect((await server.storage.getConversation(id))!.owner).to.equal('waiting_staff');
      const ok = await c.post(conv(id, 'resolve'), { outcome: 'referred' });
      expect(ok.status).to.equal(200);
      expect(ok.json.conversation).to.include({ owner: 'resolved' });
      expect(ok.json.conversation.resolution).to.deep.equal({ outcome: 'referred', at: clock.now().toISOString(), by: lan.id });
      expect((await server.storage.listAudit(20)).find((e) => e.action === 'resolve')).to.include({ detail: 'referred', target: id });
    });

    it('"follow-up needed" brings the case back to the queue on its day, unassigned, with the reason follow_up', async () => {
      const { id } = await waitingWebWorker(server);
      const c = await ConsoleClient.signedIn(server.url, 'lan');
      await c.post(conv(id, 'take'));
      const res = await c.post(conv(id, 'resolve'), { outcome: 'follow_up', followUpOn: '2026-11-28' });
      expect(res.json.conversation.resolution).to.include({ outcome: 'follow_up', followUpOn: '2026-11-28' });
      expect(await ids(c)).to.deep.equal([]);
      expect(await ids(c, '?filter=resolved')).to.deep.equal([id]);
      clock.advance(24 * 3600_000); // the 27th: not yet
      await c.login('lan');
      expect(await ids(c)).to.deep.equal([]);
      clock.advance(15 * 3600_000); // the 28th, 00:00 in Vietnam
      await c.login('lan');
      const back = (await list(c)).items;
      expect(back.map((i) => i.id)).to.deep.equal([id]);
      expect(back[0]).to.include({ owner: 'waiting_staff', handoffReason: 'follow_up', assignedTo: null, resolution: null, waitingMs: 0 });
      const history = (await c.get(conv(id))).json.ownership;
      expect(history.at(-1)).to.include({ from: 'resolved', to: 'waiting_staff', by: 'follow_up', reason: 'follow_up' });
      // once only
      expect(await server.escalations.bringBackFollowUps()).to.deep.equal([]);
    });

    it('reopen: a resolved case, or one the bot took back, goes back to the queue; an open one cannot be reopened', async () => {
      const { chat, id } = await waitingWebWorker(server);
      const c = await ConsoleClient.signedIn(server.url, 'lan');
      expect((await c.post(conv(id, 'reopen'))).status).to.equal(409);
      await c.post(conv(id, 'resolve'), { outcome: 'answered' });
      let res = await c.post(conv(id, 'reopen'));
      expect(res.status).to.equal(200);
      expect(res.json.conversation).to.include({ owner: 'waiting_staff', handoffReason: 'reopened', resolution: null });
      expect(await ids(c, '?filter=waiting')).to.deep.equal([id]);
      // resolved again, then the worker writes and the bot answers: the bot owns it, and it can still be reopened
      await c.post(conv(id, 'resolve'), { outcome: 'answered' });
      await chat.send({ text: 'nghi phep nam bao nhieu ngay' });
      expect((await server.storage.getConversation(id))!.owner).to.equal('bot');
      expect(await ids(c, '?filter=resolved')).to.deep.equal([id]);
      res = await c.post(conv(id, 'reopen'));
      expect(res.json.conversation.owner).to.equal('waiting_staff');
      // while waiting the bot is silent again
      const meanwhile = await chat.send({ text: 'nghi phep nam bao nhieu ngay' });
      expect(meanwhile.json.owner).to.equal('waiting_staff');
      expect(String(meanwhile.json.text ?? '')).to.not.contain('12 ngày làm việc');
      expect((await c.post(conv('web:nope', 'reopen'))).status).to.equal(404);
      expect((await server.storage.listAudit(50)).filter((e) => e.action === 'reopen' && e.target === id)).to.have.length(2);
    });
  });

  describe('transcript export', () => {
    it('plain text for a dispute file: labels, outcome, every message, the notes, who held the case; audited', async () => {
      const { id } = await waitingWebWorker(server, 'công ty nợ lương em 3 tháng rồi', 'cho em gặp cán bộ');
      const c = await ConsoleClient.signedIn(server.url, 'lan');
      await c.post(conv(id, 'labels'), { topic: 'Tiền lương', employer: 'Công ty May Đức Giang' });
      await c.post(conv(id, 'notes'), { text: 'Đã gọi điện, chị xác nhận nợ 3 tháng.', kind: 'call' });
      await c.post(conv(id, 'reply'), { text: 'Chào em, chị là cán bộ công đoàn.' });
      await c.post(conv(id, 'resolve'), { outcome: 'follow_up', followUpOn: '2026-12-03' });
      const res = await c.get(conv(id, 'export'));
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/plain; charset=utf-8/);
      expect(res.headers.get('content-disposition')).to.match(/^attachment; filename="?ho-so-web-[A-Za-z0-9_-]+\.txt"?$/);
      expect(res.text)
        .to.contain('Công đoàn KCN Bắc Thăng Long')
        .and.contain(`Mã cuộc trò chuyện: ${id}`)
        .and.contain('Doanh nghiệp: Công ty May Đức Giang')
        .and.contain('Chủ đề: Tiền lương')
        .and.contain('Kết quả: Cần theo dõi tiếp, theo dõi lại ngày 03/12/2026 (Chị Lan, 26/11/2026 09:00)')
        .and.contain('[26/11/2026 09:00] Người lao động: công ty nợ lương em 3 tháng rồi')
        .and.contain('Cán bộ Chị Lan: Chào em, chị là cán bộ công đoàn.')
        .and.contain('Cuộc gọi — Chị Lan: Đã gọi điện, chị xác nhận nợ 3 tháng.')
        .and.contain('chờ cán bộ → cán bộ (Chị Lan)')
        .and.contain('cán bộ → đã kết thúc (Chị Lan)');
      expect((await server.storage.listAudit(10)).find((e) => e.action === 'export')).to.include({ staffId: lan.id, target: id });
      expect((await c.get(conv('web:nope', 'export'))).status).to.equal(404);
    });

    it('the same case as a page to print or save as PDF: the text escaped (a worker’s <script> stays text), A4 styles from a file (the CSP allows no inline style)', async () => {
      const { id } = await waitingWebWorker(server, 'em bị nợ lương <script>alert(1)</script>', 'cho em gặp cán bộ');
      const c = await ConsoleClient.signedIn(server.url, 'lan');
      const res = await c.get(`${conv(id, 'export')}?format=print`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/html; charset=utf-8/);
      expect(res.text).to.contain('<link rel="stylesheet" href="/console/static/print.css" />').and.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(res.text).to.not.contain('<script>');
      expect(res.headers.get('content-security-policy')).to.contain("style-src 'self'");
      const css = await fetch(`${server.url}/console/static/print.css`);
      expect(css.status).to.equal(200);
      expect(await css.text()).to.contain('size: A4');
      expect((await new ConsoleClient(server.url).get(`${conv(id, 'export')}?format=print`)).status).to.equal(401);
    });
  });

  describe('canned replies', () => {
    it('any officer adds them; they are searched without diacritics and filled in for the worker', async () => {
      const { id } = await waitingWebWorker(server);
      const c = await ConsoleClient.signedIn(server.url, 'lan');
      const text = 'Chào {{ten_nguoi_lao_dong}}, em là {{ten_can_bo}}. Gọi {{hotline}} nếu cần gấp. {{khong_biet}}';
      const created = await c.post('/console/api/canned', { title: 'Chào hỏi và đường dây nóng', text });
      expect(created.status).to.equal(201);
      expect(created.json.reply).to.include({ title: 'Chào hỏi và đường dây nóng', text, createdBy: lan.id });
      await c.post('/console/api/canned', { title: 'Nợ lương: hồ sơ cần chuẩn bị', text: 'Em chuẩn bị hợp đồng lao động và bảng lương.' });
      for (const body of [{}, { title: 'x' }, { title: '  ', text: 'x' }, { title: 'x', text: 'y'.repeat(4001) }, { title: 5, text: 'x' }])
        expect((await c.post('/console/api/canned', body)).status, JSON.stringify(body)).to.equal(400);

      const all = await c.get('/console/api/canned');
      expect(all.json.replies.map((r: any) => r.title)).to.deep.equal(['Chào hỏi và đường dây nóng', 'Nợ lương: hồ sơ cần chuẩn bị']);
      expect((await c.get('/console/api/canned?q=no%20luong')).json.replies.map((r: any) => r.title)).to.deep.equal(['Nợ lương: hồ sơ cần chuẩn bị']);
      expect((await c.get('/console/api/canned?q=duong%20day%20nongg')).json.replies.map((r: any) => r.title)).to.deep.equal(['Chào hỏi và đường dây nóng']);

      const unnamed = await c.get(`/console/api/canned?conversationId=${encodeURIComponent(id)}&q=chao`);
      expect(unnamed.json.replies[0].filled).to.equal(`Chào anh/chị, em là Chị Lan. Gọi ${HOTLINE} nếu cần gấp. {{khong_biet}}`);
      await c.post(conv(id, 'labels'), { workerName: 'chị Hạnh' });
      const named = await c.get(`/console/api/canned?conversationId=${encodeURIComponent(id)}&q=chao`);
      expect(named.json.replies[0].filled).to.equal(`Chào chị Hạnh, em là Chị Lan. Gọi ${HOTLINE} nếu cần gấp. {{khong_biet}}`);
      expect((await c.get('/console/api/canned?conversationId=web%3Anope')).status).to.equal(404);
    });

    it('the author or an editor changes or deletes one; another officer may not (403); audited', async () => {
      const c = await ConsoleClient.signedIn(server.url, 'lan');
      const m = await ConsoleClient.signedIn(server.url, 'minh');
      const editor = await ConsoleClient.signedIn(server.url, 'hoa');
      const { json } = await c.post('/console/api/canned', { title: 'Mẫu', text: 'Nội dung' });
      const id = json.reply.id as string;
      expect((await m.post(`/console/api/canned/${id}`, { title: 'Của Minh', text: 'khác' })).status).to.equal(403);
      expect((await m.post(`/console/api/canned/${id}/delete`)).status).to.equal(403);
      clock.advance(1000);
      const changed = await c.post(`/console/api/canned/${id}`, { title: 'Mẫu mới', text: 'Nội dung mới' });
      expect(changed.status).to.equal(200);
      expect(changed.json.reply).to.include({ title: 'Mẫu mới', text: 'Nội dung mới', updatedAt: clock.now().toISOString() });
      expect((await editor.post(`/console/api/canned/${id}`, { title: 'Sửa bởi biên tập', text: 'x' })).status).to.equal(200);
      expect((await editor.post(`/console/api/canned/${id}/delete`)).status).to.equal(200);
      expect((await c.get('/console/api/canned')).json.replies).to.deep.equal([]);
      expect((await c.post(`/console/api/canned/${id}/delete`)).status).to.equal(404);
      expect((await c.post('/console/api/canned/nope', { title: 'x', text: 'y' })).status).to.equal(404);
      const actions = (await server.storage.listAudit(20)).filter((e) => e.target === id).map((e) => e.action);
      expect(actions).to.deep.equal(['canned_delete', 'canned_update', 'canned_update', 'canned_create']);
    });
  });

  describe('Messenger reply windows on each card', () => {
    it('both deadlines: 24 hours and 7 days after the worker’s last message', async () => {
      const graph = await new FakeGraph().start();
      const m = await startServer({ env: messengerEnv(graph.url), clock });
      try {
        await addStaff(m, 'lan', 'staff');
        const psid = '7700998877';
        await postWebhook(m.url, webhook([{ messaging: [item.text(psid, 'cho em gặp cán bộ công đoàn')] }]));
        await eventually(async () => expect((await m.storage.getConversation(`messenger:${psid}`))?.owner).to.equal('waiting_staff'));
        const last = Date.parse((await m.storage.getConversation(`messenger:${psid}`))!.lastUserMessageAt!);
        const c = await ConsoleClient.signedIn(m.url, 'lan');
        const card = (await c.get('/console/api/conversations')).json.items[0];
        expect(card.windows).to.deep.equal({
          standardClosesAt: new Date(last + 24 * 3600_000).toISOString(),
          humanAgentClosesAt: new Date(last + 7 * 24 * 3600_000).toISOString(),
        });
        expect(card.window.kind).to.equal('standard');
      } finally {
        await m.close();
        await graph.stop();
      }
    });
  });
});
