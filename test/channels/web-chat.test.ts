import { expect } from 'chai';
import { ChatClient, startServer, tempDir, type RunningServer } from '../helpers/setup.js';

describe('web chat over real HTTP on loopback', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => server.close());

  it('serves the chat page in Vietnamese, usable on a phone', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).to.equal(200);
    const html = await res.text();
    expect(html).to.contain('<html lang="vi">').and.contain('name="viewport"').and.contain('Trợ lý Công đoàn');
    expect(res.headers.get('content-security-policy')).to.contain("script-src 'self'");
    expect(res.headers.get('set-cookie'))
      .to.match(/HttpOnly/)
      .and.match(/SameSite=Lax/);
  });

  it('serves the English page with ?lang=en', async () => {
    expect(await (await fetch(`${server.url}/?lang=en`)).text())
      .to.contain('<html lang="en">')
      .and.contain('Union Assistant');
  });

  it('answers "luong toi thieu vung 1 la bao nhieu" with the figure in force and its citation', async () => {
    const chat = new ChatClient(server.url);
    const { status, json } = await chat.send({ text: 'luong toi thieu vung 1 la bao nhieu' });
    expect(status).to.equal(200);
    expect(json.outcome).to.equal('answer');
    expect(json.text).to.contain('trợ lý tự động').and.contain('5.310.000').and.contain('NĐ 293/2025');
    expect(json.citations).to.be.an('array').that.is.not.empty;
  });

  it("an empty page says what to ask and offers example questions, in the page's language", async () => {
    const vi = await (await fetch(`${server.url}/`)).text();
    expect(vi).to.contain('Nghỉ thai sản được mấy tháng?').and.contain('class="example"');
    const en = await (await fetch(`${server.url}/?lang=en`)).text();
    expect(en).to.contain('How long is maternity leave?');
    const js = await (await fetch(`${server.url}/static/chat.js`)).text();
    expect(js).to.contain('intro.hidden = data.messages.length > 0');
  });

  it('the greeting on the web names the web, not Messenger, and says it is an automated assistant', async () => {
    const { json } = await new ChatClient(server.url).send({ text: 'chào ad' });
    expect(json.text).to.contain('trợ lý tự động').and.contain('trên trang web này').and.not.contain('Messenger');
  });

  it('the page sends its language: an English question on the English page is answered in English, a Vietnamese one in Vietnamese', async () => {
    const js = await (await fetch(`${server.url}/static/chat.js`)).text();
    expect(js).to.contain('document.documentElement.lang');
    const chat = new ChatClient(server.url);
    const english = await chat.send({ text: 'what is the regional minimum wage in region 1?', lang: 'en' });
    expect(english.json.text).to.contain('region I').and.contain('5,310,000');
    const vietnamese = await chat.send({ text: 'luong toi thieu vung 1 la bao nhieu', lang: 'en' });
    expect(vietnamese.json.text).to.contain('5.310.000').and.contain('Lương tối thiểu');
  });

  it('keeps the conversation: the second message is not greeted again, and the transcript is stored', async () => {
    const chat = new ChatClient(server.url);
    await chat.send({ text: 'chào ad' });
    const second = await chat.send({ text: 'nghi phep nam bao nhieu ngay' });
    expect(second.json.text).to.not.contain('không phải người thật');
    const history = (await (await fetch(`${server.url}/api/chat/messages?after=0`, { headers: { Cookie: chat.cookie } })).json()) as {
      messages: { author: string }[];
    };
    expect(history.messages.map((m) => m.author)).to.deep.equal(['worker', 'bot', 'bot', 'worker', 'bot']);
  });

  for (const bad of ['%zz', '%E0%A4%A', 'j:{"id":1}', 'not-a-visitor-id']) {
    it(`a malformed visitor cookie (${bad}) is treated as none: the message is answered as a new visitor's, with a fresh cookie`, async () => {
      const chat = new ChatClient(server.url);
      chat.cookie = `tlcd_chat=${bad}`;
      const reply = await chat.send({ text: 'chào ad' });
      expect(reply.status).to.equal(200);
      expect(chat.cookie).to.match(/^tlcd_chat=[0-9a-f-]{36}$/);
      expect(reply.json.total).to.be.greaterThan(1);
    });
  }

  it('quick-reply payloads work like typed questions', async () => {
    const chat = new ChatClient(server.url);
    const { json } = await chat.send({ payload: 'ENTRY:nghi-phep-nam', text: 'Nghỉ phép năm' });
    expect(json.outcome).to.equal('answer');
    expect(json.entryId).to.equal('nghi-phep-nam');
  });

  const bad: [string, RequestInit, number, string][] = [
    ['malformed JSON', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text": ' }, 400, 'BAD_JSON'],
    [
      'an oversized body',
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'a'.repeat(40_000) }) },
      413,
      'BODY_TOO_LARGE',
    ],
    ['no text and no payload', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }, 400, 'BAD_REQUEST'],
    ['text that is not a string', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text": 5}' }, 400, 'BAD_REQUEST'],
    ['a payload that is not a string', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"payload": {}}' }, 400, 'BAD_REQUEST'],
    ['an array instead of an object', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '["nghỉ phép"]' }, 400, 'BAD_REQUEST'],
    [
      'JSON nested 5,000 deep',
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: `{"text":"nghỉ phép năm","x":${'['.repeat(5000)}${']'.repeat(5000)}}` },
      400,
      'JSON_TOO_DEEP',
    ],
    [
      'JSON nested 65 deep',
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: `{"text":"nghỉ phép năm","x":${'{"a":'.repeat(64)}1${'}'.repeat(64)}}` },
      400,
      'JSON_TOO_DEEP',
    ],
    [
      'a form post instead of JSON',
      { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'text=hi' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
  ];
  for (const [name, init, status, code] of bad) {
    it(`rejects ${name} with ${status} ${code} and keeps running`, async () => {
      const res = await fetch(`${server.url}/api/chat/message`, init);
      expect(res.status).to.equal(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal(code);
      expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
    });
  }

  it('a 400 names the wrong field; an unknown language or an extra field is ignored, as before', async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/api/chat/message`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    for (const [body, field] of [
      [{ text: 5 }, 'text'],
      [{ payload: [] }, 'payload'],
      [{ lang: 'en' }, 'text'],
    ] as const) {
      const res = await post(body);
      expect(res.status).to.equal(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).to.contain(`${field}: `);
    }
    const res = await post({ text: 'lương tối thiểu vùng 1', lang: 'fr', from: 'an old page' });
    expect(res.status).to.equal(200);
    expect(((await res.json()) as { language: string }).language).to.equal('vi');
  });

  it('JSON nested 64 deep is still accepted, and brackets inside strings do not count', async () => {
    const body = `{"text":"nghỉ phép năm ${'['.repeat(100)}","x":${'['.repeat(63)}${']'.repeat(63)}}`;
    const res = await fetch(`${server.url}/api/chat/message`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(res.status).to.equal(200);
  });

  it('a too-deep body is refused before anything is stored: no visitor cookie, no conversation', async () => {
    const body = `{"text":"nghỉ phép năm","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const res = await fetch(`${server.url}/api/chat/message`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(res.status).to.equal(400);
    expect(res.headers.get('set-cookie')).to.equal(null);
  });

  it('hostile text is handled as text', async () => {
    const chat = new ChatClient(server.url);
    const { status, json } = await chat.send({ text: "<script>alert(1)</script>'; DROP TABLE conversations;--" });
    expect(status).to.equal(200);
    expect(json.outcome).to.equal('out_of_scope');
    expect((await chat.send({ text: 'nghi phep nam bao nhieu ngay' })).json.outcome).to.equal('answer');
  });

  it('GET /healthz reports status, store kind and the knowledge base', async () => {
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as Record<string, any>;
    expect(health.status).to.equal('ok');
    expect(health.store).to.equal('sqlite');
    expect(health.knowledgeBase.entries).to.equal(3);
    expect(health.knowledgeBase.version).to.match(/^[0-9a-f]{12}$/);
    expect(health.messenger).to.equal('off');
  });

  it('unknown routes get a JSON 404', async () => {
    const res = await fetch(`${server.url}/nope`);
    expect(res.status).to.equal(404);
  });
});

describe('a conversation survives a restart (SQLite file)', () => {
  it('after a restart the worker is not greeted again and the transcript is still there', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir });
    const chat = new ChatClient(first.url);
    await chat.send({ text: 'chào ad' });
    await chat.send({ text: 'cho em gặp cán bộ' });
    await first.close();

    const second = await startServer({ dataDir });
    try {
      const client = new ChatClient(second.url);
      client.cookie = chat.cookie;
      const history = (await (await fetch(`${second.url}/api/chat/messages?after=0`, { headers: { Cookie: chat.cookie } })).json()) as {
        owner: string;
        messages: { text: string }[];
      };
      // greeting turn, hand-off turn, and the intake's opening and first question (issue 17)
      expect(history.messages).to.have.length(7);
      expect(history.owner).to.equal('waiting_staff');
      const { json } = await client.send({ text: 'hủy' });
      expect(json.text).to.not.contain('không phải người thật');
      expect(json.owner).to.equal('bot');
    } finally {
      await second.close();
    }
  });
});

describe('web chat rate limits (issue 15)', () => {
  const post = (url: string, body: unknown, cookie = '') =>
    fetch(`${url}/api/chat/message`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
      body: JSON.stringify(body),
    });
  const limits = (env: Record<string, string>) => ({
    WEB_CHAT_MESSAGES_PER_MINUTE: '1000',
    WEB_CHAT_MESSAGES_PER_MINUTE_PER_ADDRESS: '1000',
    WEB_CHAT_NEW_CONVERSATIONS_PER_HOUR: '1000',
    WEB_CHAT_HANDOFFS_PER_HOUR: '1000',
    ...env,
  });
  const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

  it('one visitor: 30 parallel messages over a limit of 5 a minute → 5 answered, the rest a 429 with a message the page shows (vi and en)', async () => {
    const server = await startServer({ env: limits({ WEB_CHAT_MESSAGES_PER_MINUTE: '5' }) });
    try {
      const chat = new ChatClient(server.url);
      expect((await chat.send({ text: 'chào ad' })).status).to.equal(200);
      const replies = await Promise.all(Array.from({ length: 30 }, () => post(server.url, { text: 'nghỉ phép năm' }, chat.cookie)));
      const statuses = replies.map((r) => r.status);
      expect(count(statuses, 200)).to.equal(4);
      expect(count(statuses, 429)).to.equal(26);
      const refused = replies.find((r) => r.status === 429)!;
      expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 60);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).to.equal('RATE_LIMITED');
      expect(body.error.message).to.match(/vui lòng đợi/i);
      const english = await post(server.url, { text: 'annual leave', lang: 'en' }, chat.cookie);
      expect(english.status).to.equal(429);
      expect(((await english.json()) as { error: { message: string } }).error.message).to.match(/please wait/i);
      // another visitor is not held up
      expect((await new ChatClient(server.url).send({ text: 'nghỉ phép năm' })).status).to.equal(200);
    } finally {
      await server.close();
    }
  });

  it('one address: many visitors together get at most the per-address limit', async () => {
    const server = await startServer({ env: limits({ WEB_CHAT_MESSAGES_PER_MINUTE_PER_ADDRESS: '10' }) });
    try {
      const replies = await Promise.all(Array.from({ length: 40 }, () => post(server.url, { text: 'nghỉ phép năm' })));
      expect(
        count(
          replies.map((r) => r.status),
          200,
        ),
      ).to.equal(10);
      expect(
        count(
          replies.map((r) => r.status),
          429,
        ),
      ).to.equal(30);
      expect((await fetch(`${server.url}/api/chat/messages?after=0`)).status).to.equal(200);
    } finally {
      await server.close();
    }
  });

  it('cookie-less requests: at most the new-conversation limit creates conversations; the refused get no cookie and nothing is stored', async () => {
    const server = await startServer({ env: limits({ WEB_CHAT_NEW_CONVERSATIONS_PER_HOUR: '3' }) });
    try {
      const replies = await Promise.all(Array.from({ length: 40 }, () => post(server.url, { text: 'nghỉ phép năm' })));
      const ok = replies.filter((r) => r.status === 200);
      const refused = replies.filter((r) => r.status === 429);
      expect(ok).to.have.length(3);
      expect(refused).to.have.length(37);
      expect(refused.every((r) => r.headers.get('set-cookie') === null)).to.equal(true);
      expect(await server.storage.listConversationsByOwner(['bot', 'waiting_staff', 'staff'])).to.have.length(3);
      // a visitor who already has a conversation goes on talking
      const cookie = ok[0]!.headers.get('set-cookie')!.split(';')[0]!;
      expect((await post(server.url, { text: 'lương tối thiểu vùng 1' }, cookie)).status).to.equal(200);
    } finally {
      await server.close();
    }
  });

  it('anonymous hand-offs: 30 visitors asking for an officer → only the limit reach the staff queue; the others are told to try later and can still ask the bot', async () => {
    const server = await startServer({ env: limits({ WEB_CHAT_HANDOFFS_PER_HOUR: '2' }) });
    try {
      const replies = await Promise.all(Array.from({ length: 30 }, () => post(server.url, { text: 'cho em gặp cán bộ' })));
      expect(
        count(
          replies.map((r) => r.status),
          200,
        ),
      ).to.equal(2);
      const refused = replies.filter((r) => r.status === 429);
      expect(refused).to.have.length(28);
      const body = (await refused[0]!.json()) as { error: { code: string; message: string } };
      expect(body.error.code).to.equal('HANDOFF_LIMITED');
      expect(body.error.message).to.match(/cán bộ/);
      expect(await server.escalations.queue()).to.have.length(2);
      expect(await server.storage.listConversationsByOwner(['waiting_staff', 'staff'])).to.have.length(2);
      const chat = new ChatClient(server.url);
      expect((await chat.send({ text: 'nghỉ phép năm' })).status).to.equal(200);
      expect((await chat.send({ text: 'cho em gặp cán bộ' })).status).to.equal(429);
    } finally {
      await server.close();
    }
  });
});
