/**
 * "What changes on this date" over real HTTP (issue 16 item 3): GET /console/api/kb/changes for editors and
 * above, on the fixture knowledge base (the region I minimum wage changes on 2026-01-01, the second child's
 * maternity leave on 2026-07-01); and fuse.js served for the editor's page.
 */
import { expect } from 'chai';
import { addStaff, ConsoleClient } from './client.js';
import { startServer, type RunningServer } from '../helpers/setup.js';

describe('GET /console/api/kb/changes: what changes on a date', function () {
  this.timeout(60_000);
  let server: RunningServer;
  before(async () => {
    server = await startServer({ day: '2026-11-26' });
    await addStaff(server, 'lan', 'staff', 'Chị Lan');
    await addStaff(server, 'hoa', 'editor', 'Chị Hoa');
    await addStaff(server, 'luat', 'reviewer', 'Anh Luật');
    await addStaff(server, 'admin', 'admin', 'Quản trị');
  });
  after(async () => server?.close());

  it('signed out: 401; staff: 403; editor, reviewer and admin may read it', async () => {
    expect((await fetch(`${server.url}/console/api/kb/changes`)).status).to.equal(401);
    expect((await (await ConsoleClient.signedIn(server.url, 'lan')).get('/console/api/kb/changes')).status).to.equal(403);
    for (const who of ['hoa', 'luat', 'admin']) {
      expect((await (await ConsoleClient.signedIn(server.url, who)).get('/console/api/kb/changes')).status, who).to.equal(200);
    }
  });

  it('by default from a year ago to three years ahead: each day with its figures and the answers whose text changes', async () => {
    const hoa = await ConsoleClient.signedIn(server.url, 'hoa');
    const res = await hoa.get('/console/api/kb/changes');
    expect(res.json).to.include({ today: '2026-11-26', from: '2025-11-26', to: '2029-11-25' });
    const days = res.json.days as {
      day: string;
      figures: { id: string }[];
      entries: { id: string; kind: string; texts: { field: string; before: string; after: string }[] }[];
    }[];
    expect(days.map((d) => d.day)).to.deep.equal(['2026-01-01', '2026-07-01']);
    const [wage, maternity] = days;
    expect(wage!.figures.map((f) => f.id)).to.deep.equal(['min_wage_region_1_monthly']);
    expect(wage!.entries.map((e) => e.id)).to.deep.equal(['luong-toi-thieu']);
    const answer = wage!.entries[0]!.texts.find((t) => t.field === 'answer')!;
    expect(answer.before).to.contain('4.960.000').and.contain('74/2024');
    expect(answer.after).to.contain('5.310.000').and.contain('293/2025');
    expect(maternity!.figures.map((f) => f.id)).to.deep.equal(['maternity_months_second_child']);
    expect(maternity!.entries.map((e) => [e.id, e.kind])).to.deep.equal([['nghi-thai-san', 'changes']]);
  });

  it('a range: only its days; a wrong day or range is a 400', async () => {
    const hoa = await ConsoleClient.signedIn(server.url, 'hoa');
    const res = await hoa.get('/console/api/kb/changes?from=2026-06-01&to=2026-12-31');
    expect(res.status).to.equal(200);
    expect(res.json.days.map((d: { day: string }) => d.day)).to.deep.equal(['2026-07-01']);
    for (const bad of ['from=2026-02-30', 'to=tomorrow', 'from=2026-07-01&to=2026-06-01', 'from=2000-01-01&to=2090-01-01']) {
      const r = await hoa.get(`/console/api/kb/changes?${bad}`);
      expect(r.status, bad).to.equal(400);
      expect(r.json.error.code, bad).to.equal('BAD_REQUEST');
    }
  });

  it('serves fuse.js as an ES module for the editor’s search, and nothing else of node_modules', async () => {
    const res = await fetch(`${server.url}/console/static/vendor/fuse.mjs`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/javascript/);
    expect(await res.text()).to.contain('export{');
    expect((await fetch(`${server.url}/console/static/vendor/fuse.cjs`)).status).to.equal(404);
    expect((await fetch(`${server.url}/console/static/vendor/../../package.json`)).status).to.not.equal(200);
  });
});
