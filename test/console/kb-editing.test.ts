/**
 * The knowledge-base editor's API over real HTTP on a real SQLite file (issue 16 items 1, 2, 4): role checks,
 * live validation, draft → review → publish with a reviewer who is not the author, the web chat's next
 * answer showing the publish, conflicts and stale drafts, history, diff, rollback, phrasings and new entries.
 */
import { expect } from 'chai';
import { eventually } from '../helpers/messenger.js';
import { ChatClient, startServer, type RunningServer } from '../helpers/setup.js';
import { addStaff, ConsoleClient } from './client.js';

const ENTRY = 'entries/leave/nghi-phep-nam.yaml';
const OLD = 'hưởng nguyên lương';
const NEW = 'được trả nguyên lương';

describe('knowledge-base editing API (issue 16)', function () {
  this.timeout(120_000);
  let server: RunningServer;
  let editor: ConsoleClient;
  let editor2: ConsoleClient;
  let reviewer: ConsoleClient;
  let staff: ConsoleClient;

  beforeEach(async () => {
    server = await startServer({ kbFromStore: true });
    await addStaff(server, 'bien-tap', 'editor', 'Chị Biên');
    await addStaff(server, 'bien-tap-2', 'editor');
    await addStaff(server, 'phap-che', 'reviewer', 'Anh Pháp');
    await addStaff(server, 'can-bo', 'staff');
    editor = await ConsoleClient.signedIn(server.url, 'bien-tap');
    editor2 = await ConsoleClient.signedIn(server.url, 'bien-tap-2');
    reviewer = await ConsoleClient.signedIn(server.url, 'phap-che');
    staff = await ConsoleClient.signedIn(server.url, 'can-bo');
  });
  afterEach(async () => server.close());

  const fieldsOf = async (client: ConsoleClient, path = ENTRY) => {
    const doc = await client.get(`/console/api/kb/document?path=${encodeURIComponent(path)}`);
    expect(doc.status, doc.text).to.equal(200);
    return doc.json;
  };

  const P = encodeURIComponent(ENTRY);
  const ROUTES: [method: 'GET' | 'POST', path: string, body: unknown, role: 'editor' | 'reviewer'][] = [
    ['GET', '/console/api/kb/documents', undefined, 'editor'],
    ['GET', `/console/api/kb/document?path=${P}`, undefined, 'editor'],
    ['GET', `/console/api/kb/history?path=${P}`, undefined, 'editor'],
    ['GET', `/console/api/kb/diff?path=${P}&from=1&to=1`, undefined, 'editor'],
    ['GET', '/console/api/kb/reviews', undefined, 'editor'],
    ['GET', '/console/api/kb/changes', undefined, 'editor'],
    ['POST', '/console/api/kb/check', { path: ENTRY, text: 'x' }, 'editor'],
    ['POST', '/console/api/kb/preview', { question: 'nghi phep' }, 'editor'],
    ['POST', '/console/api/kb/draft', { path: ENTRY, text: 'x' }, 'editor'],
    ['POST', '/console/api/kb/submit', { path: ENTRY, eTag: 'x' }, 'editor'],
    ['POST', '/console/api/kb/discard', { path: ENTRY, eTag: 'x' }, 'editor'],
    ['POST', '/console/api/kb/rollback', { path: ENTRY, rev: 1 }, 'editor'],
    ['POST', '/console/api/kb/phrasing', { entryId: 'nghi-phep-nam', text: 'x' }, 'editor'],
    ['POST', '/console/api/kb/new-entry', { topic: 'wages', title: 'x', question: 'x' }, 'editor'],
    ['POST', '/console/api/kb/return', { path: ENTRY, eTag: 'x', note: 'x' }, 'reviewer'],
    ['POST', '/console/api/kb/publish', { path: ENTRY, eTag: 'x' }, 'reviewer'],
  ];
  it('every knowledge-base route: signed out 401, staff 403, a POST without the CSRF token 403, reviewer routes 403 for an editor', async () => {
    const anonymous = new ConsoleClient(server.url);
    for (const [method, path, body, role] of ROUTES) {
      const name = `${method} ${path}`;
      expect((await anonymous.request(method, path, body)).status, name).to.equal(401);
      expect((await staff.request(method, path, body)).status, name).to.equal(403);
      if (method === 'POST') {
        const noCsrf = await (role === 'reviewer' ? reviewer : editor).request(method, path, body, { csrf: null });
        expect([noCsrf.status, noCsrf.json?.error?.code], name).to.deep.equal([403, 'BAD_CSRF']);
      }
      if (role === 'reviewer') expect((await editor.request(method, path, body)).status, name).to.equal(403);
      else expect((await editor.request(method, path, body)).status, name).to.not.be.oneOf([401, 403]);
    }
  });

  it('checks roles: signed out 401, staff 403, a POST without the CSRF token refused; editors read, only reviewers publish', async () => {
    const anonymous = new ConsoleClient(server.url);
    expect((await anonymous.get('/console/api/kb/documents')).status).to.equal(401);
    expect((await staff.get('/console/api/kb/documents')).status).to.equal(403);
    expect((await staff.post('/console/api/kb/check', { path: ENTRY, text: 'x' })).status).to.equal(403);
    expect((await editor.post('/console/api/kb/check', { path: ENTRY, text: 'x' }, { csrf: null })).status).to.equal(403);
    const list = await editor.get('/console/api/kb/documents');
    expect(list.status).to.equal(200);
    expect(list.json.canPublish).to.equal(false);
    const entry = list.json.documents.find((d: { path: string }) => d.path === ENTRY);
    expect(entry).to.include({ kind: 'entry', id: 'nghi-phep-nam', rev: 1, draft: null });
    expect(list.json.documents.some((d: { kind: string }) => d.kind === 'figure')).to.equal(true);
    expect((await reviewer.get('/console/api/kb/documents')).json.canPublish).to.equal(true);
    expect((await editor.post('/console/api/kb/publish', { path: ENTRY, eTag: 'x' })).status).to.equal(403);
  });

  it('live check: a number no citation supports is a problem of the answer field; the clean text has none', async () => {
    const { published } = await fieldsOf(editor);
    const bad = await editor.post('/console/api/kb/check', {
      path: ENTRY,
      fields: { ...published.fields, answer: `${published.fields.answer} Thêm 99 ngày.` },
    });
    expect(bad.status).to.equal(200);
    expect(bad.json.ok).to.equal(false);
    expect(bad.json.problems.map((p: { field: string }) => p.field)).to.include('answer');
    expect(bad.json.problems[0].line).to.be.greaterThan(0);
    const good = await editor.post('/console/api/kb/check', { path: ENTRY, fields: published.fields });
    expect(good.json).to.include({ ok: true });
    expect(good.json.text).to.equal(published.text);
    const empty = await editor.post('/console/api/kb/check', { path: ENTRY, fields: { ...published.fields, citations: [] } });
    expect(empty.json.problems.map((p: { message: string }) => p.message).join(' ')).to.contain('citation');
  });

  it('live check: a problem whose message does not start with its field is placed at the field on its line (phrasings; a figure’s values, named without its id)', async () => {
    const { published } = await fieldsOf(editor);
    const few = await editor.post('/console/api/kb/check', { path: ENTRY, fields: { ...published.fields, phrasings: published.fields.phrasings.slice(0, 3) } });
    const phrasings = few.json.problems.find((p: { message: string }) => p.message.includes('10 phrasings'));
    expect(phrasings, JSON.stringify(few.json.problems)).to.include({ field: 'phrasings' });
    const wrongId = await editor.post('/console/api/kb/check', { path: ENTRY, fields: { ...published.fields, id: 'nghi-phep' } });
    expect(wrongId.json.problems.find((p: { message: string }) => p.message.includes('must equal the file name'))).to.include({ field: 'id' });

    const FIGURE = 'figures/wage.yaml#min_wage_region_1_monthly';
    const figure = (await fieldsOf(editor, FIGURE)).published.fields;
    // a later row while the row in force has no end: the message names the figure, not the field
    const values = [...figure.values, { value: 5_700_000, from: '2027-01-01', source: 'Nghị định mẫu, Điều 3' }];
    const open = await editor.post('/console/api/kb/check', { path: FIGURE, fields: { ...figure, values } });
    const overlap = open.json.problems.find((p: { message: string }) => p.message.includes('no "until"'));
    expect(overlap, JSON.stringify(open.json.problems)).to.include({ field: 'values' });
    const badDay = await editor.post('/console/api/kb/check', {
      path: FIGURE,
      fields: { ...figure, values: [{ ...figure.values[0], from: 'hôm qua' }, figure.values[1]] },
    });
    expect(badDay.json.problems.map((p: { field: string }) => p.field)).to.include('values.0.from');
  });

  it('draft → submit → publish by a reviewer who is not an author; the web chat answers from the new text within seconds', async () => {
    const chat = new ChatClient(server.url);
    expect((await chat.send({ text: 'nghi phep nam bao nhieu ngay' })).json.text).to.contain(OLD);
    const { published } = await fieldsOf(editor);
    const saved = await editor.post('/console/api/kb/draft', {
      path: ENTRY,
      fields: { ...published.fields, answer: published.fields.answer.replace(OLD, NEW) },
    });
    expect(saved.status, saved.text).to.equal(200);
    expect(saved.json.draft).to.include({ state: 'editing', baseRev: 1 });
    expect(saved.json.draft.authors).to.deep.equal([{ id: editor.account.id, name: 'Chị Biên' }]);
    // the comments and layout of the rest of the file are kept: only the answer's lines differ
    const diff = await editor.get(`/console/api/kb/diff?path=${encodeURIComponent(ENTRY)}&from=1&to=draft`);
    expect(diff.json.lines.filter((l: { op: string }) => l.op !== ' ').map((l: { op: string; text: string }) => l.op + l.text)).to.deep.equal([
      `-  ${published.fields.answer.trim()}`,
      `+  ${published.fields.answer.trim().replace(OLD, NEW)}`,
    ]);
    // served answers do not change with a draft
    expect((await chat.send({ text: 'nghi phep nam bao nhieu ngay' })).json.text).to.contain(OLD);
    // not yet in review: nothing to publish
    expect((await reviewer.post('/console/api/kb/publish', { path: ENTRY, eTag: saved.json.draft.eTag })).status).to.equal(409);
    const submitted = await editor.post('/console/api/kb/submit', { path: ENTRY, eTag: saved.json.draft.eTag });
    expect(submitted.status, submitted.text).to.equal(200);
    expect(submitted.json.draft.state).to.equal('in_review');
    expect((await reviewer.get('/console/api/kb/reviews')).json.drafts.map((d: { path: string }) => d.path)).to.deep.equal([ENTRY]);
    expect((await fieldsOf(reviewer)).canPublish).to.equal(true);
    expect((await fieldsOf(editor)).canPublish).to.equal(false);
    // a stale eTag is a conflict
    expect((await reviewer.post('/console/api/kb/publish', { path: ENTRY, eTag: saved.json.draft.eTag })).status).to.equal(409);
    const publishedNow = await reviewer.post('/console/api/kb/publish', { path: ENTRY, eTag: submitted.json.draft.eTag, note: 'đã đối chiếu Điều 113' });
    expect(publishedNow.status, publishedNow.text).to.equal(200);
    expect(publishedNow.json.revision).to.include({ rev: 2, note: 'đã đối chiếu Điều 113' });
    expect(publishedNow.json.revision.reviewer).to.deep.equal({ id: reviewer.account.id, name: 'Anh Pháp' });
    await eventually(async () => expect((await chat.send({ text: 'nghi phep nam bao nhieu ngay' })).json.text).to.contain(NEW), 30_000);
    const after = await fieldsOf(editor);
    expect(after).to.include({ rev: 2, draft: null });
    const history = await editor.get(`/console/api/kb/history?path=${encodeURIComponent(ENTRY)}`);
    expect(history.json.revisions.map((r: { rev: number }) => r.rev)).to.deep.equal([1, 2]);
    const audit = (await server.storage.listAudit(50)).map((e) => e.action);
    expect(audit).to.include.members(['kb_draft_create', 'kb_submit', 'kb_publish']);
  });

  it('the reviewer is never the author: a reviewer who edited the draft cannot publish it; another reviewer can send it back with a note', async () => {
    const { published } = await fieldsOf(editor);
    const saved = await editor.post('/console/api/kb/draft', {
      path: ENTRY,
      fields: { ...published.fields, answer: published.fields.answer.replace(OLD, NEW) },
    });
    const joined = await reviewer.post('/console/api/kb/draft', {
      path: ENTRY,
      eTag: saved.json.draft.eTag,
      fields: { ...published.fields, title: 'Nghỉ phép năm' },
    });
    expect(joined.status, joined.text).to.equal(200);
    expect(joined.json.draft.authors.map((a: { id: string }) => a.id)).to.deep.equal([editor.account.id, reviewer.account.id]);
    const submitted = await editor.post('/console/api/kb/submit', { path: ENTRY, eTag: joined.json.draft.eTag });
    expect(submitted.status, submitted.text).to.equal(200);
    const refused = await reviewer.post('/console/api/kb/publish', { path: ENTRY, eTag: submitted.json.draft.eTag });
    expect(refused.status).to.equal(403);
    expect(refused.json.error.message).to.contain('another reviewer');
    await addStaff(server, 'phap-che-2', 'reviewer');
    const second = await ConsoleClient.signedIn(server.url, 'phap-che-2');
    expect((await second.post('/console/api/kb/return', { path: ENTRY, eTag: submitted.json.draft.eTag })).status).to.equal(400);
    const back = await second.post('/console/api/kb/return', { path: ENTRY, eTag: submitted.json.draft.eTag, note: 'Ghi rõ điều kiện làm đủ 12 tháng' });
    expect(back.status, back.text).to.equal(200);
    expect(back.json.draft).to.include({ state: 'editing', note: 'Ghi rõ điều kiện làm đủ 12 tháng' });
  });

  it('a draft with problems cannot be submitted; two editors saving from the same read conflict; only an author or a reviewer discards', async () => {
    const { published } = await fieldsOf(editor);
    const saved = await editor.post('/console/api/kb/draft', { path: ENTRY, fields: { ...published.fields, answer: 'Được nghỉ 99 ngày.' } });
    const refused = await editor.post('/console/api/kb/submit', { path: ENTRY, eTag: saved.json.draft.eTag });
    expect(refused.status).to.equal(400);
    expect((await editor.post('/console/api/kb/draft', { path: ENTRY, fields: published.fields })).status).to.equal(409); // exists: no eTag
    const first = await editor.post('/console/api/kb/draft', { path: ENTRY, eTag: saved.json.draft.eTag, fields: published.fields });
    expect(first.status).to.equal(200);
    expect((await editor2.post('/console/api/kb/draft', { path: ENTRY, eTag: saved.json.draft.eTag, fields: published.fields })).status).to.equal(409);
    expect((await editor2.post('/console/api/kb/discard', { path: ENTRY, eTag: first.json.draft.eTag })).status).to.equal(403);
    expect((await editor.post('/console/api/kb/discard', { path: ENTRY, eTag: first.json.draft.eTag })).status).to.equal(200);
    expect((await fieldsOf(editor)).draft).to.equal(null);
  });

  it('a draft started before someone else published is stale: refused at submit', async () => {
    const { published } = await fieldsOf(editor);
    const mine = await editor.post('/console/api/kb/draft', { path: ENTRY, fields: { ...published.fields, title: 'Phép năm' } });
    // meanwhile the document is published from elsewhere (kb:import of a changed folder does the same)
    await server.storage.appendKbRevisions([
      { ...(await server.storage.listKbRevisions(ENTRY))[0]!, rev: 2, text: published.text.replace(OLD, NEW), note: 'elsewhere' },
    ]);
    const refused = await editor.post('/console/api/kb/submit', { path: ENTRY, eTag: mine.json.draft.eTag });
    expect(refused.status).to.equal(409);
    expect(refused.json.error.message).to.contain('published');
  });

  it('rollback makes the old text a draft, which goes through review like any change', async () => {
    const { published } = await fieldsOf(editor);
    await server.storage.appendKbRevisions([{ ...(await server.storage.listKbRevisions(ENTRY))[0]!, rev: 2, text: published.text.replace(OLD, NEW) }]);
    const rolled = await editor.post('/console/api/kb/rollback', { path: ENTRY, rev: 1 });
    expect(rolled.status, rolled.text).to.equal(200);
    expect(rolled.json.draft).to.include({ text: published.text, baseRev: 2, state: 'editing', note: 'rollback to rev 1' });
    expect(rolled.json.draft.origin).to.deep.equal({ kind: 'rollback', ref: '1' });
    expect((await editor.post('/console/api/kb/rollback', { path: ENTRY, rev: 9 })).status).to.equal(404);
  });

  it('the learning loop: a worker’s words become a phrasing (a draft), and a question starts a new entry that needs a citation before review', async () => {
    const phrasing = await editor.post('/console/api/kb/phrasing', {
      entryId: 'nghi-phep-nam',
      text: 'e lam dc 1 nam thi dc nghi may ngay phep',
      origin: { kind: 'unanswered', ref: 'web:x' },
    });
    expect(phrasing.status, phrasing.text).to.equal(200);
    expect(phrasing.json.draft.fields.phrasings).to.include('e lam dc 1 nam thi dc nghi may ngay phep');
    expect(phrasing.json.draft.origin).to.deep.equal({ kind: 'unanswered', ref: 'web:x' });
    const created = await editor.post('/console/api/kb/new-entry', {
      topic: 'wages',
      title: 'Lương tháng 13',
      question: 'cty co bat buoc tra luong thang 13 ko',
      answer: 'Chị hỏi công ty…',
      origin: { kind: 'officer_reply', ref: 'web:y' },
    });
    expect(created.status, created.text).to.equal(200);
    expect(created.json.draft).to.include({ path: 'entries/wages/luong-thang-13.yaml', state: 'editing' });
    expect(created.json.draft.fields).to.include({ status: 'needs_review', id: 'luong-thang-13' });
    const refused = await editor.post('/console/api/kb/submit', { path: 'entries/wages/luong-thang-13.yaml', eTag: created.json.draft.eTag });
    expect(refused.status).to.equal(400);
    expect((await editor.post('/console/api/kb/new-entry', { topic: 'wages', title: 'Lương tháng 13', question: 'x' })).status).to.equal(409);
  });

  it('preview: how the bot would answer, before and after the edit (the edited matcher built off the answering thread)', async () => {
    const { published } = await fieldsOf(editor);
    const res = await editor.post('/console/api/kb/preview', {
      path: ENTRY,
      fields: { ...published.fields, answer: published.fields.answer.replace(OLD, NEW) },
      question: 'nghi phep nam bao nhieu ngay',
    });
    expect(res.status, res.text).to.equal(200);
    expect(res.json.before).to.include({ outcome: 'answer', entryId: 'nghi-phep-nam' });
    expect(res.json.before.text).to.contain(OLD);
    expect(res.json.after.text).to.contain(NEW);
    expect(res.json.after.candidates[0]).to.include({ entryId: 'nghi-phep-nam' });
  });

  it('figures as dated rows: a new row is checked (an overlap is a problem), published, and the answers use it from its day', async () => {
    const FIGURE = 'figures/wage.yaml#min_wage_region_1_monthly';
    const doc = await fieldsOf(editor, FIGURE);
    expect(doc.published.fields).to.include({ id: 'min_wage_region_1_monthly', unit: 'đồng/tháng' });
    expect(doc.published.fields.values).to.have.length(2);
    const rows = doc.published.fields.values;
    const overlapping = [...rows, { value: 5600000, from: '2026-12-01', source: 'Nghị định (thử)' }];
    const bad = await editor.post('/console/api/kb/check', { path: FIGURE, fields: { ...doc.published.fields, values: overlapping } });
    expect(bad.json.ok).to.equal(false);
    expect(bad.json.problems.map((p: { message: string }) => p.message).join(' ')).to.contain('no "until"');
    const closed = [{ ...rows[0] }, { ...rows[1], until: '2026-11-30' }, { value: 5600000, from: '2026-12-01', source: 'Nghị định (thử)' }];
    const good = await editor.post('/console/api/kb/check', { path: FIGURE, fields: { ...doc.published.fields, values: closed } });
    expect(good.json, good.text).to.include({ ok: true });
    // the rest of the file is untouched: the other figure keeps its text
    const saved = await editor.post('/console/api/kb/draft', { path: FIGURE, fields: { ...doc.published.fields, values: closed } });
    const submitted = await editor.post('/console/api/kb/submit', { path: FIGURE, eTag: saved.json.draft.eTag });
    expect(submitted.status, submitted.text).to.equal(200);
    expect((await reviewer.post('/console/api/kb/publish', { path: FIGURE, eTag: submitted.json.draft.eTag })).status).to.equal(200);
    const other = (await server.storage.listLatestKbRevisions()).find((r) => r.path === 'figures/wage.yaml#maternity_months_second_child')!;
    expect(other.rev).to.equal(1);
    await eventually(() => expect(server.kb.current().kb.figures.get('min_wage_region_1_monthly')!.values).to.have.length(3), 30_000);
    const changes = await editor.get('/console/api/kb/changes?from=2026-11-01&to=2026-12-31');
    expect(changes.status).to.equal(200);
    expect(JSON.stringify(changes.json)).to.contain('2026-12-01');
  });
});
