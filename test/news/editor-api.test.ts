/** The editors' news API over real HTTP: roles, CSRF, validation as clear 400s, the life of an item, the audit log. */
import { expect } from 'chai';
import { startServer, type RunningServer } from '../helpers/setup.js';
import { addStaff, ConsoleClient } from '../console/client.js';

const draft = {
  kind: 'programme',
  title: '[DỮ LIỆU THỬ] Chương trình mẫu',
  body: 'Nội dung mẫu để kiểm thử, không phải chương trình thật.',
  link: 'https://example.org/du-lieu-thu',
  validFrom: '2026-11-20',
  validUntil: '2026-11-30',
};

describe('the news editor API (/console/api/news)', function () {
  this.timeout(60_000);
  let server: RunningServer;
  before(async () => {
    server = await startServer({ day: '2026-11-26' });
    await addStaff(server, 'editor1', 'editor');
    await addStaff(server, 'officer1', 'staff');
    await addStaff(server, 'admin1', 'admin');
  });
  after(async () => server.close());

  it('signed out → 401; staff → 403; without the CSRF token → refused; nothing is created', async () => {
    const anonymous = new ConsoleClient(server.url);
    expect((await anonymous.get('/console/api/news')).status).to.equal(401);
    expect((await anonymous.post('/console/api/news', draft)).status).to.equal(401);
    const officer = await ConsoleClient.signedIn(server.url, 'officer1');
    expect((await officer.get('/console/api/news')).status).to.equal(403);
    expect((await officer.post('/console/api/news', draft)).status).to.equal(403);
    const editor = await ConsoleClient.signedIn(server.url, 'editor1');
    const noCsrf = await editor.post('/console/api/news', draft, { csrf: null });
    expect(noCsrf.status).to.equal(403);
    expect(noCsrf.json.error.code).to.equal('BAD_CSRF');
    expect(await server.storage.listNewsItems()).to.have.length(0);
  });

  it('validation errors are 400s naming every problem', async () => {
    const editor = await ConsoleClient.signedIn(server.url, 'editor1');
    const cases: [Record<string, unknown>, string][] = [
      [{ ...draft, title: 'a'.repeat(81) }, 'title: at most 80 characters'],
      [{ ...draft, body: 'a'.repeat(601) }, 'body: at most 600 characters'],
      [{ ...draft, link: 'http://example.org/' }, 'link: only https:// addresses'],
      [{ ...draft, link: 'javascript:alert(1)' }, 'link: only https:// addresses'],
      [{ ...draft, validUntil: '2026-11-19' }, 'validUntil: the last day cannot be before the first day'],
      [{ ...draft, validFrom: '2026-02-30' }, 'validFrom: a day as YYYY-MM-DD'],
      [{ ...draft, kind: 'quảng cáo' }, 'kind: news or programme'],
      [{ ...draft, title: undefined }, 'title: give the title'],
      [{ ...draft, title: '', link: 'ftp://x.example' }, 'title: give the title; link: only https:// addresses'],
    ];
    for (const [body, message] of cases) {
      const res = await editor.post('/console/api/news', body);
      expect(res.status, message).to.equal(400);
      expect(res.json.error.code).to.equal('BAD_REQUEST');
      expect(res.json.error.message).to.contain(message);
    }
    expect(await server.storage.listNewsItems()).to.have.length(0);
  });

  it('create (a draft) → update → publish → withdraw → delete, each audited; the preview shows the chat text', async () => {
    const editor = await ConsoleClient.signedIn(server.url, 'editor1');
    const created = await editor.post('/console/api/news', { ...draft, title: `  ${draft.title}  ` });
    expect(created.status).to.equal(201);
    const id = created.json.item.id as string;
    expect(created.json.item).to.deep.include({ status: 'draft', state: 'draft', title: draft.title, createdBy: editor.account.id });

    // a draft reaches nobody: the preview of today's list has nothing
    expect((await editor.post('/console/api/news/preview', {})).json.text).to.contain('chưa đăng tin');

    const updated = await editor.post(`/console/api/news/${id}`, { ...draft, body: 'Nội dung đã sửa (dữ liệu thử).', link: '', validUntil: '' });
    expect(updated.status).to.equal(200);
    expect(updated.json.item.body).to.equal('Nội dung đã sửa (dữ liệu thử).');
    expect(updated.json.item).to.not.have.property('link');
    expect(updated.json.item).to.not.have.property('validUntil');

    const published = await editor.post(`/console/api/news/${id}/publish`);
    expect(published.status).to.equal(200);
    expect(published.json.item).to.deep.include({ status: 'published', state: 'current', publishedBy: editor.account.id });
    const list = await editor.get('/console/api/news');
    expect(list.json.today).to.equal('2026-11-26');
    expect(list.json.items.map((i: { id: string; state: string }) => [i.id, i.state])).to.deep.equal([[id, 'current']]);
    const preview = await editor.post('/console/api/news/preview', {});
    expect(preview.json.text).to.contain(draft.title).and.contain('Nội dung đã sửa');
    const single = await editor.post('/console/api/news/preview', { lang: 'en', item: { ...draft, kind: 'news' } });
    expect(single.json.text).to.contain(`• News: ${draft.title} (until 30/11/2026)`);

    const withdrawn = await editor.post(`/console/api/news/${id}/withdraw`);
    expect(withdrawn.json.item).to.deep.include({ status: 'withdrawn', state: 'withdrawn' });
    expect((await editor.post(`/console/api/news/${id}/withdraw`)).status).to.equal(409);

    // an admin is an editor too
    const admin = await ConsoleClient.signedIn(server.url, 'admin1');
    expect((await admin.post(`/console/api/news/${id}/delete`)).json).to.deep.equal({ ok: true });
    expect((await admin.post(`/console/api/news/${id}/delete`)).status).to.equal(404);
    expect((await editor.post(`/console/api/news/${id}/publish`)).status).to.equal(404);

    const actions = (await server.storage.listAudit(100)).filter((e) => e.target === id).map((e) => e.action);
    expect([...actions].sort()).to.deep.equal(['news_create', 'news_delete', 'news_publish', 'news_update', 'news_withdraw']);
  });

  it('an item whose last day has passed is not published (change its days first)', async () => {
    const editor = await ConsoleClient.signedIn(server.url, 'editor1');
    const created = await editor.post('/console/api/news', { ...draft, validFrom: '2026-10-01', validUntil: '2026-11-25' });
    const res = await editor.post(`/console/api/news/${created.json.item.id}/publish`);
    expect(res.status).to.equal(400);
    expect(res.json.error.message).to.contain('validUntil: the item ended on 2026-11-25');
  });
});
