/**
 * Issue 17 item 7: the officer's name shown to the worker is per account and optional — an officer chooses
 * the name workers see with their replies ("Chị Lan"), or none ("Cán bộ công đoàn" is shown then).
 */
import { expect } from 'chai';
import { startServer, type RunningServer } from '../helpers/setup.js';
import { addStaff, ConsoleClient, conv, waitingWebWorker } from './client.js';

describe('the officer’s public name in the web chat (issue 17)', function () {
  this.timeout(60_000);
  let server: RunningServer;
  beforeEach(async () => {
    server = await startServer();
    await addStaff(server, 'lan', 'staff', 'Nguyễn Thị Lan (tổ tư vấn)');
  });
  afterEach(async () => server.close());

  const staffMessages = async (chat: { baseUrl: string; cookie: string }) => {
    const res = await fetch(`${chat.baseUrl}/api/chat/messages`, { headers: { Cookie: chat.cookie } });
    const body = (await res.json()) as { messages: { author: string; text: string; staffName?: string }[] };
    return body.messages.filter((m) => m.author === 'staff');
  };

  it('without a public name, a reply carries no name (the page shows "Cán bộ công đoàn"), never the account name', async () => {
    const officer = await ConsoleClient.signedIn(server.url, 'lan');
    const { chat, id } = await waitingWebWorker(server);
    expect((await officer.post(conv(id, 'take'))).status).to.equal(200);
    expect((await officer.post(conv(id, 'reply'), { text: 'Chào em, chị xem giúp nhé.' })).status).to.equal(200);
    const [reply] = await staffMessages(chat);
    expect(reply).to.deep.include({ text: 'Chào em, chị xem giúp nhé.' });
    expect(reply).to.not.have.property('staffName');
    expect(JSON.stringify(await staffMessages(chat))).to.not.contain('Nguyễn Thị Lan');
  });

  it('an officer sets a public name (CSRF needed, at most 40 characters): later replies carry it; clearing it stops it; audited', async () => {
    const officer = await ConsoleClient.signedIn(server.url, 'lan');
    expect((await officer.post('/console/api/me/public-name', { publicName: 'Chị Lan' }, { csrf: null })).status).to.equal(403);
    expect((await officer.post('/console/api/me/public-name', { publicName: 'x'.repeat(41) })).status).to.equal(400);
    expect((await new ConsoleClient(server.url).post('/console/api/me/public-name', { publicName: 'A' })).status).to.equal(401);
    const set = await officer.post('/console/api/me/public-name', { publicName: '  Chị   Lan ' });
    expect(set.status).to.equal(200);
    expect(set.json.account.publicName).to.equal('Chị Lan');
    expect((await officer.get('/console/api/me')).json.account.publicName).to.equal('Chị Lan');
    const { chat, id } = await waitingWebWorker(server);
    await officer.post(conv(id, 'take'));
    await officer.post(conv(id, 'reply'), { text: 'Chào em.' });
    await officer.post('/console/api/me/public-name', { publicName: '' });
    await officer.post(conv(id, 'reply'), { text: 'Em gửi chị hợp đồng nhé.' });
    expect((await officer.get('/console/api/me')).json.account).to.not.have.property('publicName');
    const replies = await staffMessages(chat);
    expect(replies.map((m) => m.staffName ?? null)).to.deep.equal(['Chị Lan', null]);
    const audit = await server.storage.listAudit(50);
    expect(audit.filter((e) => e.action === 'public_name').map((e) => e.detail)).to.have.members(['Chị Lan', '(none)']);
  });
});

describe('the rating after a resolve reaches the web chat (issue 17 item 5)', function () {
  this.timeout(60_000);
  let server: RunningServer;
  afterEach(async () => server?.close());

  it('the closing message comes with 👍/👎 in the web chat’s message list; a tap is counted on the dashboard', async () => {
    server = await startServer();
    await addStaff(server, 'lan', 'staff');
    const officer = await ConsoleClient.signedIn(server.url, 'lan');
    const { chat, id } = await waitingWebWorker(server);
    await officer.post(conv(id, 'take'));
    await officer.post(conv(id, 'reply'), { text: 'Chị đã trả lời em qua điện thoại rồi nhé.' });
    expect((await officer.post(conv(id, 'resolve'), { outcome: 'answered' })).status).to.equal(200);
    const res = await fetch(`${chat.baseUrl}/api/chat/messages`, { headers: { Cookie: chat.cookie } });
    const body = (await res.json()) as { messages: { author: string; quickReplies?: { payload: string }[] }[] };
    const closing = body.messages.at(-1)!;
    expect(closing.author).to.equal('bot');
    expect(closing.quickReplies!.map((q) => q.payload)).to.deep.equal(['RATE_STAFF:up', 'RATE_STAFF:down']);
    await chat.send({ text: '👍', payload: 'RATE_STAFF:up' });
    const dashboard = await officer.get('/console/api/dashboard?days=7');
    expect(JSON.stringify(dashboard.json)).to.match(/"up":1/);
  });
});
