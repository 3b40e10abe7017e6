import { expect } from 'chai';
import sinon from 'sinon';
import { WindowClosedError } from '../../src/channels/messenger/sender.js';
import { SendError } from '../../src/escalation/senders.js';
import { FakeGraph } from '../helpers/fake-graph.js';
import { APP_SECRET, eventually, item, messengerEnv, PAGE_TOKEN, postWebhook, VERIFY_TOKEN, webhook } from '../helpers/messenger.js';
import { MutableClock, startServer, tempDir, type RunningServer } from '../helpers/setup.js';

describe('Messenger channel (fake Graph API on loopback)', () => {
  let graph: FakeGraph;
  let server: RunningServer;
  const psid = () => `${Math.floor(Math.random() * 1e15)}`;

  before(async () => {
    graph = await new FakeGraph().start();
  });
  after(async () => graph.stop());
  beforeEach(async () => {
    graph.reset();
    server = await startServer({ env: messengerEnv(graph.url) });
  });
  afterEach(async () => server.close());

  describe('verification handshake', () => {
    it('echoes hub.challenge for the right token', async () => {
      const res = await fetch(`${server.url}/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
      expect(res.status).to.equal(200);
      expect(await res.text()).to.equal('1158201444');
    });
    it('refuses a wrong token with 403', async () => {
      expect((await fetch(`${server.url}/webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status).to.equal(403);
    });
    it('refuses a request without hub.mode with 403 (never hangs)', async () => {
      const res = await fetch(`${server.url}/webhook`, { signal: AbortSignal.timeout(2000) });
      expect(res.status).to.equal(403);
    });
  });

  describe('JSON nested too deep', () => {
    const deep = () => {
      const event = JSON.stringify(item.text('7123', 'luong toi thieu vung 1'));
      return webhook([{ messaging: [] }]).replace('"messaging":[]', `"messaging":[${event.slice(0, -1)},"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}]`);
    };
    it('signed → 400 JSON_TOO_DEEP, nothing stored, nothing answered, process keeps running', async () => {
      const res = await postWebhook(server.url, deep());
      expect(res.status).to.equal(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('JSON_TOO_DEEP');
      expect(await server.storage.countPendingInbound()).to.equal(0);
      expect(await server.storage.getConversation('messenger:7123')).to.equal(undefined);
      expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
    });
    it('unsigned → 401: the signature is checked first', async () => {
      expect((await postWebhook(server.url, deep(), {})).status).to.equal(401);
    });
  });

  describe('signatures first', () => {
    const body = () => webhook([{ messaging: [item.text('111', 'luong toi thieu vung 1')] }]);
    const cases: [string, () => Promise<Response>, number][] = [
      ['unsigned', () => postWebhook(server.url, body(), {}), 401],
      ['badly signed', () => postWebhook(server.url, body(), { 'X-Hub-Signature-256': `sha256=${'0'.repeat(64)}` }), 403],
      [
        'signed with the wrong secret',
        async () => {
          const b = body();
          const { signBody } = await import('../../src/channels/messenger/signature.js');
          return postWebhook(server.url, b, { 'X-Hub-Signature-256': signBody(b, 'another-secret') });
        },
        403,
      ],
      [
        'SHA-1 only (the old header)',
        async () => {
          const b = body();
          const { createHmac } = await import('node:crypto');
          return postWebhook(server.url, b, { 'X-Hub-Signature': `sha1=${createHmac('sha1', APP_SECRET).update(b).digest('hex')}` });
        },
        401,
      ],
      ['a garbage signature header', () => postWebhook(server.url, body(), { 'X-Hub-Signature-256': 'md5=abc' }), 403],
    ];
    for (const [name, send, status] of cases) {
      it(`${name} → ${status}, nothing stored, nothing answered, process keeps running`, async () => {
        const res = await send();
        expect(res.status).to.equal(status);
        // The webhook stores an event before it answers: once the refusal is here, nothing can be in the
        // inbox for it (and nothing stored is never answered).
        expect(await server.storage.countPendingInbound()).to.equal(0);
        expect(await server.storage.getConversation('messenger:111')).to.equal(undefined);
        expect(graph.calls).to.have.length(0);
        expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
      });
    }
    it('a signed but malformed body → 400', async () => {
      const res = await postWebhook(server.url, '{"object":"page","entry":[');
      expect(res.status).to.equal(400);
    });
    it('a signed body that is not a Page event → 400', async () => {
      expect((await postWebhook(server.url, JSON.stringify({ object: 'instagram', entry: [] }))).status).to.equal(400);
    });
    it('an oversized body → 413 before anything is parsed', async () => {
      const big = webhook([{ messaging: [item.text('111', 'x'.repeat(1_200_000))] }]);
      expect((await postWebhook(server.url, big)).status).to.equal(413);
      expect(await server.storage.countPendingInbound()).to.equal(0);
    });
    it('a large Vietnamese body signed over its raw bytes is accepted', async () => {
      const user = psid();
      const res = await postWebhook(server.url, webhook([{ messaging: [item.text(user, `${'lương tối thiểu '.repeat(3000)}vùng 1`)] }]));
      expect(res.status).to.equal(200);
    });
  });

  it('answers a signed text webhook with one cited reply, RESPONSE, with a typing indicator first', async () => {
    const user = psid();
    const res = await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'luong toi thieu vung 1 la bao nhieu')] }]));
    expect(res.status).to.equal(200);
    expect(await res.text()).to.equal('EVENT_RECEIVED');
    const sent = await eventually(() => {
      const m = graph.messagesTo(user);
      expect(m.length).to.be.at.least(2);
      return m;
    });
    const answer = sent.map((c) => c.body.message.text as string).join('\n');
    expect(answer).to.contain('5.310.000').and.contain('Nghị định 293/2025/NĐ-CP');
    for (const c of sent) {
      expect(c.body.messaging_type).to.equal('RESPONSE');
      expect(c.path).to.equal('/v25.0/me/messages');
      expect(c.query.appsecret_proof).to.match(/^[0-9a-f]{64}$/);
    }
    expect(graph.actionsTo(user)[0]).to.equal('typing_on');
    const quickReplies = sent.at(-1)!.body.message.quick_replies as { title: string; content_type: string }[];
    expect(quickReplies.length).to.be.within(1, 13);
    for (const q of quickReplies) {
      expect([...q.title].length).to.be.at.most(20);
      expect(q.content_type).to.equal('text');
    }
  });

  it('a redelivered event (same message id) is answered once', async () => {
    const user = psid();
    const body = webhook([{ messaging: [item.text(user, 'nghi phep nam bao nhieu ngay', 'mid.redelivered.1')] }]);
    expect((await postWebhook(server.url, body)).status).to.equal(200);
    expect((await postWebhook(server.url, body)).status).to.equal(200);
    // Both deliveries were stored (or recognised) before their 200; nothing pending means both are done.
    await eventually(async () => {
      expect(graph.messagesTo(user).length).to.be.at.least(1);
      expect(await server.storage.countPendingInbound()).to.equal(0);
    });
    const answers = graph.messagesTo(user).filter((c) => String(c.body.message.text).includes('12 ngày làm việc'));
    expect(answers).to.have.length(1);
  });

  it('handles every event of a batch: several entries, several messaging items', async () => {
    const [a, b, c] = [psid(), psid(), psid()];
    const body = webhook([
      { messaging: [item.text(a, 'nghi phep nam bao nhieu ngay'), item.text(b, 'nghi thai san may thang')] },
      { messaging: [item.text(c, 'luong toi thieu vung 1')] },
    ]);
    expect((await postWebhook(server.url, body)).status).to.equal(200);
    await eventually(() => {
      expect(graph.messagesTo(a).some((x) => String(x.body.message.text).includes('12 ngày'))).to.equal(true);
      expect(graph.messagesTo(b).some((x) => String(x.body.message.text).includes('6 tháng'))).to.equal(true);
      expect(graph.messagesTo(c).some((x) => String(x.body.message.text).includes('5.310.000'))).to.equal(true);
    });
  });

  it('two rapid messages from one worker are answered in order', async () => {
    const user = psid();
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'nghi phep nam bao nhieu ngay')] }]));
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'luong toi thieu vung 1')] }]));
    const texts = await eventually(() => {
      const t = graph.textsTo(user);
      expect(t.some((x) => x.includes('5.310.000'))).to.equal(true);
      return t;
    });
    expect(texts.findIndex((x) => x.includes('12 ngày'))).to.be.lessThan(texts.findIndex((x) => x.includes('5.310.000')));
  });

  it('quick-reply payloads and postbacks are understood', async () => {
    const user = psid();
    await postWebhook(server.url, webhook([{ messaging: [item.postback(user, 'Get Started', 'GET_STARTED')] }]));
    await eventually(() => expect(graph.textsTo(user).join()).to.contain('Cách dùng'));
    await postWebhook(server.url, webhook([{ messaging: [item.quickReply(user, 'Nghỉ phép năm', 'ENTRY:nghi-phep-nam')] }]));
    await eventually(() => expect(graph.textsTo(user).join()).to.contain('12 ngày làm việc'));
  });

  for (const kind of ['image', 'sticker'] as const) {
    it(`an ${kind} gets a short polite request for a question in words`, async () => {
      const user = psid();
      await postWebhook(server.url, webhook([{ messaging: [item[kind](user)] }]));
      await eventually(() => expect(graph.textsTo(user).join()).to.contain('gõ câu hỏi bằng chữ'));
    });
  }

  it('delivery, read and unknown events are acknowledged and never answered', async () => {
    const user = psid();
    const res = await postWebhook(server.url, webhook([{ messaging: [item.delivery(user), item.read(user), item.reaction(user)] }]));
    expect(res.status).to.equal(200);
    await eventually(async () => expect(await server.storage.countPendingInbound()).to.equal(0));
    expect(graph.messagesTo(user)).to.have.length(0);
  });

  it('a standby-only webhook never crashes and is never answered', async () => {
    const user = psid();
    const res = await postWebhook(server.url, webhook([{ standby: [item.text(user, 'em hỏi về lương tối thiểu')] }]));
    expect(res.status).to.equal(200);
    await eventually(async () => expect(await server.storage.countPendingInbound()).to.equal(0));
    expect(graph.messagesTo(user)).to.have.length(0);
    expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
    const transcript = await server.storage.listMessages(`messenger:${user}`);
    expect(transcript.map((m) => m.text)).to.deep.equal(['em hỏi về lương tối thiểu']);
  });

  it('echoes of our own messages are ignored; an echo typed by a person in the Page inbox makes the bot step aside', async () => {
    const user = psid();
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'chào ad')] }]));
    await eventually(() => expect(graph.messagesTo(user).length).to.be.at.least(1));
    await postWebhook(server.url, webhook([{ messaging: [item.echo(user, 'Chào bạn', 'tlcd:bot')] }]));
    await eventually(async () => expect(await server.storage.countPendingInbound()).to.equal(0)); // the echo was handled
    expect((await server.storage.getConversation(`messenger:${user}`))!.owner).to.equal('bot');
    await postWebhook(server.url, webhook([{ messaging: [item.echo(user, 'Chị là cán bộ công đoàn, em cần hỏi gì?')] }]));
    await eventually(async () => expect((await server.storage.getConversation(`messenger:${user}`))!.owner).to.equal('staff'));
    const before = graph.messagesTo(user).length;
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'luong toi thieu vung 1')] }]));
    // The question is done (handled, and anything it sends is sent before that) and it was stored:
    // the bot saw it, and stayed silent.
    await eventually(async () => {
      expect(await server.storage.countPendingInbound()).to.equal(0);
      expect((await server.storage.listMessages(`messenger:${user}`)).map((m) => m.text)).to.include('luong toi thieu vung 1');
    });
    const after = graph
      .messagesTo(user)
      .slice(before)
      .map((x) => String(x.body.message.text));
    expect(after.join()).to.not.contain('5.310.000');
  });

  it('a transient Send API error is retried until it succeeds', async () => {
    const user = psid();
    graph.failNext({ status: 500, error: { message: 'An unexpected error has occurred. Please retry your request later.', code: 2, is_transient: true } });
    graph.failNext({ status: 400, error: { message: 'Calls to this api have exceeded the rate limit.', code: 613 } });
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'nghi phep nam bao nhieu ngay')] }]));
    await eventually(() => expect(graph.textsTo(user).join()).to.contain('12 ngày'));
  });

  it('a permanent error (551 user unavailable) is not retried', async () => {
    const user = psid();
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'chào ad')] }]));
    await eventually(async () => {
      expect(graph.messagesTo(user).length).to.be.at.least(1);
      expect(await server.storage.countPendingInbound()).to.equal(0);
    });
    graph.reset();
    // typing_on fails (ignored), then the reply fails with 551: neither is retried
    graph.failNext({ status: 400, error: { message: "(#551) This person isn't available right now.", code: 551, error_subcode: 1545041 } });
    graph.failNext({ status: 400, error: { message: "(#551) This person isn't available right now.", code: 551, error_subcode: 1545041 } });
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'nghi phep nam bao nhieu ngay')] }]));
    await eventually(async () => expect(await server.storage.countPendingInbound()).to.equal(0)); // done, not waiting for a retry
    // one typing_on call and one message call, both refused once; no retries
    expect(graph.calls.filter((c) => c.body.recipient?.id === user)).to.have.length(2);
  });

  it('a rejected access token (190) is logged loudly and /healthz shows the channel degraded', async () => {
    const user = psid();
    graph.failNext(
      { status: 400, error: { message: 'Invalid OAuth access token.', code: 190 } },
      { status: 400, error: { message: 'Invalid OAuth access token.', code: 190 } },
    );
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'chào ad')] }]));
    await eventually(async () => {
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string; messengerChannel: { status: string } };
      expect(health.status).to.equal('degraded');
      expect(health.messengerChannel.status).to.equal('degraded');
    });
    expect(JSON.stringify(await (await fetch(`${server.url}/healthz`)).json())).to.not.contain(PAGE_TOKEN);
  });

  it('the conversation core is reached through the same service as the web chat', async () => {
    const user = psid();
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'cho em gap can bo cong doan')] }]));
    await eventually(async () => expect((await server.storage.getConversation(`messenger:${user}`))?.owner).to.equal('waiting_staff'));
  });
});

describe('staff replies on Messenger and the reply windows (fake clock)', () => {
  let graph: FakeGraph;
  let server: RunningServer;
  let clock: MutableClock;
  before(async () => {
    graph = await new FakeGraph().start();
  });
  after(async () => graph.stop());
  beforeEach(async () => {
    clock = new MutableClock();
    server = await startServer({ env: messengerEnv(graph.url), clock });
  });
  afterEach(async () => server.close());

  async function waitingWorker(user: string) {
    await postWebhook(server.url, webhook([{ messaging: [item.text(user, 'cho em gặp cán bộ công đoàn')] }]));
    await eventually(async () => expect((await server.storage.getConversation(`messenger:${user}`))?.owner).to.equal('waiting_staff'));
    const staff = { id: 's1', username: 'lan', displayName: 'Chị Lan', role: 'staff' as const, passwordHash: 'x', createdAt: clock.now().toISOString() };
    return staff;
  }

  it('within 24 hours a staff reply goes as RESPONSE', async () => {
    const staff = await waitingWorker('501');
    clock.advance(3 * 3600_000);
    const { via } = await server.escalations.reply('messenger:501', staff, 'Chào em, chị là cán bộ công đoàn.');
    expect(via).to.equal('RESPONSE');
    const last = graph.messagesTo('501').at(-1)!;
    expect(last.body.messaging_type).to.equal('RESPONSE');
    expect(last.body.message.text).to.equal('Chào em, chị là cán bộ công đoàn.');
  });

  it('after 24 hours a staff reply goes with the HUMAN_AGENT tag', async () => {
    const staff = await waitingWorker('502');
    clock.advance(25 * 3600_000);
    const { via } = await server.escalations.reply('messenger:502', staff, 'Xin lỗi em vì trả lời muộn.');
    expect(via).to.equal('HUMAN_AGENT');
    const last = graph.messagesTo('502').at(-1)!;
    expect(last.body.messaging_type).to.equal('MESSAGE_TAG');
    expect(last.body.tag).to.equal('HUMAN_AGENT');
  });

  it('past 7 days nothing is sent and the staff member gets a clear error', async () => {
    const staff = await waitingWorker('503');
    clock.advance(7 * 24 * 3600_000 + 60_000);
    const before = graph.messagesTo('503').length;
    let error: unknown;
    try {
      await server.escalations.reply('messenger:503', staff, 'Muộn quá rồi');
    } catch (err) {
      error = err;
    }
    // Channel-neutral for the console (SendError), with Messenger's own error as the cause.
    expect(error).to.be.instanceOf(SendError);
    expect(error).to.include({ reason: 'window_closed' });
    expect((error as SendError).cause).to.be.instanceOf(WindowClosedError);
    expect((error as Error).message).to.match(/7 days/);
    expect(graph.messagesTo('503')).to.have.length(before);
    expect((await server.storage.listMessages('messenger:503')).map((m) => m.text)).to.not.include('Muộn quá rồi');
  });
});

describe('exactly once across a crash', () => {
  it('an event accepted before a crash is answered once after restart', async () => {
    const graph = await new FakeGraph().start();
    const dataDir = tempDir();
    try {
      const first = await startServer({ dataDir, env: messengerEnv(graph.url), startMessenger: false });
      // The process dies right after acknowledging: its processor never gets to run.
      sinon.stub(first.messenger!.processor, 'kick').resolves();
      const user = '777000111';
      const res = await postWebhook(first.url, webhook([{ messaging: [item.text(user, 'nghi phep nam bao nhieu ngay')] }]));
      expect(res.status).to.equal(200);
      // the process "dies" before it could process: the processor never ran
      await first.close();
      expect(graph.messagesTo(user)).to.have.length(0);
      const second = await startServer({ dataDir, env: messengerEnv(graph.url) });
      try {
        await eventually(async () => {
          expect(graph.textsTo(user).join()).to.contain('12 ngày');
          expect(await second.storage.countPendingInbound()).to.equal(0); // the event is done, not merely answered
        });
        expect(graph.messagesTo(user).filter((x) => String(x.body.message.text).includes('12 ngày'))).to.have.length(1);
      } finally {
        await second.close();
      }
    } finally {
      await graph.stop();
    }
  });
});
