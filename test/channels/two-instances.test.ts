import { expect } from 'chai';
import { MongoStorage } from '../../src/storage/mongo.js';
import { FakeGraph } from '../helpers/fake-graph.js';
import { startFerretDbOrSkip, type FerretDb } from '../helpers/ferretdb.js';
import { eventually, item, messengerEnv, postWebhook, webhook } from '../helpers/messenger.js';
import { ChatClient, startServer, type RunningServer } from '../helpers/setup.js';
import { addStaff, ConsoleClient } from '../console/client.js';

describe('two app instances on one database — MongoDB adapter on FerretDB 1.24.2 (SQLite handler)', function () {
  this.timeout(20 * 60_000);
  let fdb: FerretDb;
  let graph: FakeGraph;
  let a: RunningServer;
  let b: RunningServer;
  const stores: MongoStorage[] = [];

  before(async function () {
    fdb = await startFerretDbOrSkip(this);
    graph = await new FakeGraph().start();
    const uri = fdb.uriFor();
    for (let i = 0; i < 2; i++) stores.push(await MongoStorage.connect(uri));
    a = await startServer({ env: { ...messengerEnv(graph.url), MONGODB_URI: uri }, storage: stores[0]!, kbFromStore: true });
    b = await startServer({ env: { ...messengerEnv(graph.url), MONGODB_URI: uri }, storage: stores[1]!, kbFromStore: true });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    for (const s of stores) await s.close();
    await graph?.stop();
    await fdb?.stop();
  });

  it('a webhook redelivered to the other instance is answered exactly once', async () => {
    const user = '880001';
    const body = webhook([{ messaging: [item.text(user, 'nghi phep nam bao nhieu ngay', 'mid.two-instances.1')] }]);
    const [r1, r2] = await Promise.all([postWebhook(a.url, body), postWebhook(b.url, body)]);
    expect([r1.status, r2.status]).to.deep.equal([200, 200]);
    await postWebhook(a.url, body); // and once more, later
    // Every delivery was stored (or recognised) before its 200: nothing pending in the shared inbox means
    // both instances are done with them.
    await eventually(async () => {
      expect(graph.textsTo(user).join()).to.contain('12 ngày');
      expect(await stores[0]!.countPendingInbound()).to.equal(0);
    }, 10_000);
    expect(graph.messagesTo(user).filter((c) => String(c.body.message.text).includes('12 ngày'))).to.have.length(1);
  });

  it('messages of one worker arriving at both instances are answered once each, in order', async () => {
    const user = '880002';
    await postWebhook(a.url, webhook([{ messaging: [item.text(user, 'nghi phep nam bao nhieu ngay')] }]));
    await postWebhook(b.url, webhook([{ messaging: [item.text(user, 'luong toi thieu vung 1')] }]));
    const texts = await eventually(async () => {
      const t = graph.textsTo(user);
      expect(t.some((x) => x.includes('5.310.000'))).to.equal(true);
      expect(await stores[0]!.countPendingInbound()).to.equal(0);
      return t;
    }, 10_000);
    const all = graph.textsTo(user);
    expect(all.filter((x) => x.includes('12 ngày'))).to.have.length(1);
    expect(all.filter((x) => x.includes('5.310.000'))).to.have.length(1);
    expect(texts.findIndex((x) => x.includes('12 ngày'))).to.be.lessThan(texts.findIndex((x) => x.includes('5.310.000')));
  });

  it('both instances agree on who owns a conversation', async () => {
    const user = '880003';
    await postWebhook(b.url, webhook([{ messaging: [item.text(user, 'cho em gặp cán bộ công đoàn')] }]));
    await eventually(async () => expect((await stores[0]!.getConversation(`messenger:${user}`))?.owner).to.equal('waiting_staff'), 10_000);
    expect((await stores[1]!.getConversation(`messenger:${user}`))?.owner).to.equal('waiting_staff');
  });

  it('a publish on one instance reaches the other within 5 seconds, without a restart (issue 16)', async () => {
    const path = 'entries/leave/nghi-phep-nam.yaml';
    await addStaff(a, 'bien-tap-hai', 'editor');
    await addStaff(a, 'phap-che-hai', 'reviewer');
    const editor = await ConsoleClient.signedIn(a.url, 'bien-tap-hai');
    const reviewer = await ConsoleClient.signedIn(a.url, 'phap-che-hai');
    const chatB = new ChatClient(b.url);
    expect((await chatB.send({ text: 'nghi phep nam bao nhieu ngay' })).json.text).to.contain('hưởng nguyên lương');
    const doc = (await editor.get(`/console/api/kb/document?path=${encodeURIComponent(path)}`)).json;
    const fields = { ...doc.published.fields, answer: doc.published.fields.answer.replace('hưởng nguyên lương', 'được trả đủ lương') };
    const saved = (await editor.post('/console/api/kb/draft', { path, fields })).json.draft;
    const submitted = (await editor.post('/console/api/kb/submit', { path, eTag: saved.eTag })).json.draft;
    const published = await reviewer.post('/console/api/kb/publish', { path, eTag: submitted.eTag });
    expect(published.status, published.text).to.equal(200);
    const started = Date.now();
    await eventually(async () => expect((await chatB.send({ text: 'nghi phep nam bao nhieu ngay' })).json.text).to.contain('được trả đủ lương'), 5_000);
    const tookMs = Date.now() - started;
    expect(tookMs).to.be.below(5_000);
    console.log(`      (instance B answered from the publish after ${tookMs} ms)`);
  });
});
