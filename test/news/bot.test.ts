/**
 * A worker asks the bot for the union's news — in words on the web chat, by the persistent menu on
 * Messenger — and gets the items current today; nothing else is ever sent about news.
 */
import { expect } from 'chai';
import { FakeGraph } from '../helpers/fake-graph.js';
import { eventually, item, messengerEnv, postWebhook, webhook } from '../helpers/messenger.js';
import { ChatClient, startServer, type RunningServer } from '../helpers/setup.js';
import { testItem } from './fixtures.js';

const current = testItem({ title: '[DỮ LIỆU THỬ] Chương trình mẫu đang chạy', validFrom: '2026-11-20', validUntil: '2026-11-30' });
const ended = testItem({ title: '[DỮ LIỆU THỬ] Chương trình mẫu đã hết hạn', validFrom: '2026-10-01', validUntil: '2026-11-25' });

describe('the bot offers the current news when asked (issue 16 item 5)', function () {
  this.timeout(60_000);
  let graph: FakeGraph;
  let server: RunningServer;
  before(async () => {
    graph = await new FakeGraph().start();
    server = await startServer({ day: '2026-11-26', env: { ...messengerEnv(graph.url), PUBLIC_BASE_URL: 'https://bot.example' } });
    await server.storage.saveNewsItem(current);
    await server.storage.saveNewsItem(ended);
  });
  after(async () => {
    await server.close();
    await graph.stop();
  });

  it('web chat: "có tin gì mới không ad" gets the current item (not the ended one), with the public list linked', async () => {
    const chat = new ChatClient(server.url);
    const res = await chat.send({ text: 'có tin gì mới không ad' });
    expect(res.status).to.equal(200);
    const text = String(res.json.text);
    expect(text).to.contain(current.title).and.contain('https://example.org/du-lieu-thu');
    expect(text).to.contain('Xem tất cả: https://bot.example/tin-tuc');
    expect(text).to.not.contain(ended.title);
    expect(res.json.outcome).to.equal('smalltalk');
    const replies = (res.json.messages as { quickReplies: { payload: string }[] }[]).at(-1)!.quickReplies.map((r) => r.payload);
    expect(replies).to.include('HANDOFF');
    // the next question still goes to the knowledge base
    const next = await chat.send({ text: 'nghi phep nam bao nhieu ngay' });
    expect(String(next.json.text)).to.contain('12 ngày');
  });

  it("the web chat's first screen offers the news button (payload MENU_NEWS), in the page's language", async () => {
    const vi = await (await fetch(`${server.url}/`)).text();
    expect(vi).to.contain('<button type="button" class="news" data-payload="MENU_NEWS">Tin &amp; chương trình</button>');
    const en = await (await fetch(`${server.url}/?lang=en`)).text();
    expect(en).to.contain('data-payload="MENU_NEWS">News &amp; programmes</button>');
  });

  it('web chat: the same by the button (payload MENU_NEWS), without diacritics, and in English', async () => {
    const chat = new ChatClient(server.url);
    expect(String((await chat.send({ payload: 'MENU_NEWS', text: 'Tin & chương trình' })).json.text)).to.contain(current.title);
    expect(String((await chat.send({ text: 'cd co chuong trinh ho tro gi k' })).json.text)).to.contain(current.title);
    const en = await chat.send({ text: 'any union news?' });
    expect(en.json.language).to.equal('en');
    expect(String(en.json.text)).to.contain('Current news and programmes').and.contain(current.title);
  });

  it('a legal question about the union’s support is not taken for a news request', async () => {
    const chat = new ChatClient(server.url);
    const res = await chat.send({ text: 'Công đoàn có hỗ trợ gì khi đoàn viên gặp hoạn nạn, ốm đau?' });
    expect(String(res.json.text)).to.not.contain(current.title);
  });

  it('Messenger: the persistent menu’s "Tin tức & chương trình" postback gets the current item', async () => {
    const user = '7000000000000001';
    await postWebhook(server.url, webhook([{ messaging: [item.postback(user, 'Tin tức & chương trình', 'MENU_NEWS')] }]));
    const texts = await eventually(() => {
      const t = graph.textsTo(user).join('\n');
      expect(t).to.contain(current.title);
      return t;
    });
    expect(texts).to.not.contain(ended.title);
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'tin tuc cong doan')] }]));
    await eventually(() => expect(graph.textsTo(user).filter((t) => t.includes(current.title))).to.have.length(2));
  });
});
