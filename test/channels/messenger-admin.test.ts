import { createHmac } from 'node:crypto';
import http from 'node:http';
import { expect } from 'chai';
import { FakeGraph } from '../helpers/fake-graph.js';
import { APP_SECRET, eventually, item, messengerEnv, PAGE_TOKEN, postWebhook, webhook } from '../helpers/messenger.js';
import { REAL_KB } from '../helpers/paths.js';
import { runCli } from '../helpers/process.js';
import { startServer, type RunningServer } from '../helpers/setup.js';

const setup = (graphUrl: string) => runCli('messenger-setup.ts', [], { ...messengerEnv(graphUrl), KB_DIR: REAL_KB });

describe('npm run messenger:setup', () => {
  let graph: FakeGraph;
  before(async () => {
    graph = await new FakeGraph().start();
  });
  after(async () => graph.stop());

  it('sets Get Started, greetings (vi, en), the persistent menu and ice breakers, then changes nothing the second time', async () => {
    const first = await setup(graph.url);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.contain('updated: get_started, greeting, persistent_menu, ice_breakers');
    const post = graph.calls.find((c) => c.method === 'POST' && c.path.endsWith('/me/messenger_profile'))!;
    expect(post.body.get_started).to.deep.equal({ payload: 'GET_STARTED' });
    expect(post.body.greeting.map((g: { locale: string }) => g.locale)).to.deep.equal(['default', 'en_US']);
    expect(post.body.persistent_menu[0].call_to_actions.map((a: { title: string }) => a.title)).to.deep.equal([
      'Hỏi đáp pháp luật',
      'Gặp cán bộ công đoàn',
      'Tin tức & chương trình',
      'Hướng dẫn sử dụng',
    ]);
    expect(post.body.ice_breakers[0].call_to_actions).to.have.length(4);
    expect(JSON.stringify(graph.calls.map((c) => c.path))).to.not.contain(PAGE_TOKEN);
    const second = await setup(graph.url);
    expect(second.code).to.equal(0);
    expect(second.stdout).to.contain('nothing changed');
    expect(graph.calls.filter((c) => c.method === 'POST')).to.have.length(1);
  });

  it('reports a refused token clearly and exits non-zero', async () => {
    graph.failNext({ status: 400, error: { message: 'Invalid OAuth access token.', code: 190 } });
    const r = await setup(graph.url);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('Invalid OAuth access token');
  });
});

const PUBLIC = 'https://bot.congdoan.example/tro-ly';
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('data deletion', () => {
  let graph: FakeGraph;
  let server: RunningServer;
  before(async () => {
    graph = await new FakeGraph().start();
    server = await startServer({ env: { ...messengerEnv(graph.url), PUBLIC_BASE_URL: PUBLIC } });
  });
  after(async () => {
    await server.close();
    await graph.stop();
  });

  const signedRequest = (payload: Record<string, unknown>, secret = APP_SECRET) => {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${createHmac('sha256', secret).update(body).digest('base64url')}.${body}`;
  };
  const post = (signed: string) =>
    fetch(`${server.url}/messenger/data-deletion`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ signed_request: signed }).toString(),
    });

  it("Meta's callback deletes the person's data and answers {url, confirmation_code}; the URL shows the status", async () => {
    const user = '990001';
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'chào ad')] }]));
    await eventually(async () => expect(await server.storage.getConversation(`messenger:${user}`)).to.not.equal(undefined));
    const res = await post(signedRequest({ algorithm: 'HMAC-SHA256', user_id: user, issued_at: nowSeconds() }));
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { url: string; confirmation_code: string };
    expect(body.confirmation_code).to.match(/^[\w-]{8,}$/);
    expect(body.url).to.equal(`${PUBLIC}/messenger/data-deletion/${body.confirmation_code}`);
    expect(await server.storage.getConversation(`messenger:${user}`)).to.equal(undefined);
    expect(await server.storage.listMessages(`messenger:${user}`)).to.have.length(0);
    const status = await fetch(`${server.url}/messenger/data-deletion/${body.confirmation_code}`);
    expect(status.status).to.equal(200);
    expect(await status.text())
      .to.contain('đã hoàn tất')
      .and.contain('completed');
  });

  it('a replayed callback is refused (409) and deletes nothing the worker wrote since; a stale issued_at is refused (401)', async () => {
    const user = '990005';
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'chào ad')] }]));
    await eventually(async () => expect(await server.storage.getConversation(`messenger:${user}`)).to.not.equal(undefined));
    const signed = signedRequest({ algorithm: 'HMAC-SHA256', user_id: user, issued_at: nowSeconds() });
    expect((await post(signed)).status).to.equal(200);
    expect(await server.storage.getConversation(`messenger:${user}`)).to.equal(undefined);
    // the worker comes back, then someone replays the captured request
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'tôi muốn hỏi về lương')] }]));
    await eventually(async () => expect(await server.storage.getConversation(`messenger:${user}`)).to.not.equal(undefined));
    const replay = await post(signed);
    expect(replay.status).to.equal(409);
    expect(((await replay.json()) as { error: { code: string } }).error.code).to.equal('CONFLICT');
    expect(await server.storage.getConversation(`messenger:${user}`)).to.not.equal(undefined);
    expect((await server.storage.listMessages(`messenger:${user}`)).map((m) => m.text)).to.include('tôi muốn hỏi về lương');
    // validly signed but issued long ago (or without issued_at, or far in the future): refused
    for (const issued_at of [nowSeconds() - 3600, undefined, nowSeconds() + 3600, 1_700_000_000]) {
      expect((await post(signedRequest({ algorithm: 'HMAC-SHA256', user_id: user, ...(issued_at === undefined ? {} : { issued_at }) }))).status).to.equal(401);
    }
    expect(await server.storage.getConversation(`messenger:${user}`)).to.not.equal(undefined);
  });

  it('the status URL is built from PUBLIC_BASE_URL, never from a forged Host header', async () => {
    const body = new URLSearchParams({ signed_request: signedRequest({ algorithm: 'HMAC-SHA256', user_id: '990006', issued_at: nowSeconds() }) }).toString();
    const { port } = new URL(server.url);
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/messenger/data-deletion',
          headers: {
            Host: 'evil.example',
            'X-Forwarded-Host': 'evil.example',
            'X-Forwarded-Proto': 'http',
            'Content-Type': 'application/x-www-form-urlencoded',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).to.equal(200);
    const json = JSON.parse(answer.text) as { url: string; confirmation_code: string };
    expect(json.url).to.equal(`${PUBLIC}/messenger/data-deletion/${json.confirmation_code}`);
    expect(json.url).to.not.contain('evil.example');
  });

  it('a request not signed with the app secret is refused and deletes nothing', async () => {
    const user = '990002';
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'chào ad')] }]));
    await eventually(async () => expect(await server.storage.getConversation(`messenger:${user}`)).to.not.equal(undefined));
    for (const bad of [signedRequest({ algorithm: 'HMAC-SHA256', user_id: user }, 'wrong-secret'), 'garbage', '']) {
      expect((await post(bad)).status).to.equal(401);
    }
    expect(await server.storage.getConversation(`messenger:${user}`)).to.not.equal(undefined);
    expect((await fetch(`${server.url}/messenger/data-deletion/unknown-code`)).status).to.equal(404);
  });

  it('a worker can type "xóa dữ liệu của tôi" and, after confirming, their data is gone', async () => {
    const user = '990003';
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'xóa dữ liệu của tôi')] }]));
    await eventually(() => expect(graph.textsTo(user).join()).to.contain('không hoàn tác'));
    await postWebhook(server.url, webhook([{ messaging: [item.quickReply(user, 'Xóa dữ liệu', 'DELETE_CONFIRM')] }]));
    await eventually(() => expect(graph.textsTo(user).join()).to.contain('Đã xóa dữ liệu'));
    await eventually(async () => expect(await server.storage.countPendingInbound()).to.equal(0));
    expect(await server.storage.getConversation(`messenger:${user}`)).to.equal(undefined);
    expect(await server.storage.listMessages(`messenger:${user}`)).to.have.length(0);
  });

  it('a webhook redelivered after the deletion (same bytes, validly signed) is neither answered nor stored; a new message is', async () => {
    const user = '990004';
    const question = webhook([{ messaging: [item.text(user, 'công ty nợ lương tôi 2 tháng thì làm sao')] }]);
    await postWebhook(server.url, question);
    await eventually(() => expect(graph.messagesTo(user)).to.have.length.greaterThan(0));
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'xóa dữ liệu của tôi')] }]));
    await eventually(() => expect(graph.textsTo(user).join()).to.contain('không hoàn tác'));
    const confirm = webhook([{ messaging: [item.quickReply(user, 'Xóa dữ liệu', 'DELETE_CONFIRM')] }]);
    await postWebhook(server.url, confirm);
    await eventually(() => expect(graph.textsTo(user).join()).to.contain('Đã xóa dữ liệu'));
    await eventually(async () => expect(await server.storage.countPendingInbound()).to.equal(0));
    expect(await server.storage.getConversation(`messenger:${user}`)).to.equal(undefined);
    const sent = graph.messagesTo(user).length;

    for (const old of [question, confirm]) expect((await postWebhook(server.url, old)).status).to.equal(200);
    // Each 200 comes after the event was stored or refused, so nothing pending means the server is done with both.
    await eventually(async () => expect(await server.storage.countPendingInbound()).to.equal(0));
    expect(graph.messagesTo(user), 'an old event was answered again').to.have.length(sent);
    expect(await server.storage.listMessages(`messenger:${user}`)).to.deep.equal([]);
    expect(await server.storage.getConversation(`messenger:${user}`)).to.equal(undefined);
    const exported = JSON.stringify(
      await (async () => {
        const rows = [];
        for await (const r of server.storage.exportAll()) rows.push(r);
        return rows;
      })(),
    );
    expect(exported).to.not.include(user);

    // the worker may come back: a message written after the deletion is answered as usual
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'chào ad')] }]));
    await eventually(() => expect(graph.messagesTo(user).length).to.be.greaterThan(sent));
    expect((await server.storage.listMessages(`messenger:${user}`)).map((m) => m.text)).to.include('chào ad');
  });
});
