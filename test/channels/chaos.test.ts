/**
 * Issue 15 item 7: 10,000 messages from 500 workers to the real entry point (the compiled deployment) while
 * the fake Graph API fails 5% of its calls and never answers 1% of message sends (delivered, but the bot
 * cannot know), and the bot is killed with SIGKILL once along the way and started again on the same data.
 * Every message the webhook accepted must be answered exactly once, and each worker's answers must come in
 * the order of their messages.
 *
 * How an answer is told apart: each worker sends the same 20 questions in the same order, each answered
 * from a different entry; the answer text of each question is learnt first (a calibration worker per
 * question), and a worker's delivered messages, read in the order Graph accepted them and kept when they
 * are one of those 20 answers, must be exactly the 20 answers in order (greetings, feedback prompts and the
 * like are other messages and are ignored; an apology for a failed message is not, it fails the test).
 */
import { expect } from 'chai';
import { FakeGraph } from '../helpers/fake-graph.js';
import { deployment, startEntryPoint, type EntryPoint } from '../helpers/deployment.js';
import { APP_SECRET, item, messengerEnv, webhook } from '../helpers/messenger.js';
import { REAL_KB } from '../helpers/paths.js';
import { tempDir } from '../helpers/setup.js';
import { signBody } from '../../src/channels/messenger/signature.js';

// Short, unaccented or accented, each answered from its own entry with high confidence (chosen with `ask`).
const QUESTIONS = [
  'thoa thuan bao mat thong tin trong hop dong lao dong co gia tri khong',
  'cho thue lai lao dong toi da bao lau',
  'doi noi lam viec co can nguoi lao dong dong y khong',
  'bi chuyen sang bo phan khac luong thap hon thi tinh luong the nao',
  'cong ty giu bang dai hoc ban goc cua toi co dung khong',
  'tap nghe toi da bao lau thi phai ky hop dong',
  'di lam ma khong co hop dong lao dong thi sao',
  'hop dong dao tao nghe phai co nhung noi dung gi',
  'hop dong cong tac vien co duoc tinh la hop dong lao dong khong',
  'ai co quyen tuyen bo hop dong lao dong vo hieu',
  'Đang thử việc muốn nghỉ thì có phải báo trước không?',
  'lam 2 cong ty cung luc co dung luat khong',
  'lam part time co phai ky hop dong lao dong khong',
  'lam viec tai nha co duoc tinh luong lam them gio khong',
  'hop dong lao dong co nhung loai nao',
  'luong thu viec duoc bao nhieu phan tram',
  'Đi xin việc có phải đóng phí tuyển dụng cho công ty không?',
  'ky phu luc hop dong de doi muc luong thi can lam gi',
  'het han hop dong ma van di lam khong ky lai thi sao',
  'di nghia vu quan su ve co duoc cong ty nhan lai lam khong',
];
const WORKERS = 500;
const TOTAL = WORKERS * QUESTIONS.length;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('10,000 messages, a flaky Graph API and a SIGKILL (issue 15)', function () {
  this.timeout(420_000);
  let graph: FakeGraph;
  let bot: EntryPoint | undefined;

  afterEach(async () => {
    bot?.child.kill('SIGKILL');
    await graph?.stop();
  });

  it('every accepted message is answered exactly once, in order per worker', async () => {
    graph = await new FakeGraph().start();
    const dir = await deployment();
    const env = {
      ...messengerEnv(graph.url),
      KB_DIR: REAL_KB,
      KB_WATCH: 'false',
      DATA_DIR: tempDir('tlcd-chaos-'),
      GRAPH_SEND_TIMEOUT_SECONDS: '1',
      INBOX_RETRY_SECONDS: '1',
      INBOX_MAX_ATTEMPTS: '10',
      INBOX_ITEM_TIMEOUT_SECONDS: '15',
      LOG_LEVEL: 'warn',
    };
    const start = async () => (bot = await startEntryPoint(dir, { ...env, LOG_LEVEL: 'info' }));
    await start();
    let url = bot!.url;

    // Post one signed message; like Meta, try again until it is acknowledged (the bot may be restarting).
    let seq = 0;
    const post = async (psid: string, text: string): Promise<void> => {
      const body = webhook([{ messaging: [item.text(psid, text, `m_chaos_${psid}_${++seq}`)] }]);
      const headers = { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, APP_SECRET) };
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await fetch(`${url}/webhook`, { method: 'POST', headers, body });
          if (res.status === 200) return;
          throw new Error(`HTTP ${res.status}`);
        } catch (err) {
          if (attempt > 400) throw new Error(`message from ${psid} never acknowledged: ${String(err)}`);
          await sleep(100);
        }
      }
    };
    const pending = async () => ((await (await fetch(`${url}/healthz`)).json()) as { pendingInbound: number }).pendingInbound;
    const drained = async (limitMs: number) => {
      const until = Date.now() + limitMs;
      while ((await pending().catch(() => -1)) !== 0) {
        if (Date.now() > until) throw new Error(`the inbox did not drain in ${limitMs / 1000} s`);
        await sleep(200);
      }
    };

    // Calibration (before the faults): the answer each question gets.
    await Promise.all(QUESTIONS.map((q, i) => post(`7100${i}`, q)));
    await drained(60_000);
    const answerOf = QUESTIONS.map((q, i) => {
      const texts = graph.delivered.filter((d) => d.psid === `7100${i}`).map((d) => d.text);
      const answer = texts.find((t) => t.includes('Căn cứ'));
      expect(answer, `calibration: "${q}" got ${JSON.stringify(texts)}`).to.be.a('string');
      return answer!;
    });
    expect(new Set(answerOf).size, 'each question has its own answer').to.equal(QUESTIONS.length);
    const apology = graph.delivered.filter((d) => /xin lỗi/i.test(d.text) && !answerOf.includes(d.text));
    expect(apology).to.deep.equal([]);

    graph.chaos({ failRate: 0.05, hangRate: 0.01, seed: 20261206 });
    const before = graph.delivered.length;
    const psids = Array.from({ length: WORKERS }, (_v, i) => String(8_000_000 + i));
    let killed = false;
    const killer = (async () => {
      // SIGKILL once 40% of the answers have gone out, then start again on the same data.
      while (graph.delivered.length - before < TOTAL * 0.4) await sleep(50);
      bot!.child.kill('SIGKILL');
      await bot!.exited;
      killed = true;
      await start();
      url = bot!.url;
    })();
    // Round by round: a worker's next message is sent once the previous one was acknowledged (Meta's order).
    for (let round = 0; round < QUESTIONS.length; round++) {
      const queue = [...psids];
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          for (let psid = queue.shift(); psid !== undefined; psid = queue.shift()) await post(psid, QUESTIONS[round]!);
        }),
      );
    }
    await killer;
    expect(killed).to.equal(true);
    await drained(240_000);
    // (no wait after that: an event is marked done only after its sends, so an empty inbox means no reply is in flight)

    const byWorker = new Map<string, string[]>();
    for (const d of graph.delivered.slice(before)) byWorker.set(d.psid, [...(byWorker.get(d.psid) ?? []), d.text]);
    const wrong: string[] = [];
    for (const psid of psids) {
      const texts = byWorker.get(psid) ?? [];
      const answers = texts.filter((t) => answerOf.includes(t)).map((t) => answerOf.indexOf(t));
      const expected = QUESTIONS.map((_q, i) => i);
      if (JSON.stringify(answers) !== JSON.stringify(expected)) wrong.push(`${psid}: answers ${JSON.stringify(answers)}`);
      if (texts.some((t) => /xin lỗi/i.test(t) && !answerOf.includes(t))) wrong.push(`${psid}: an apology (a message failed for good)`);
    }
    expect(wrong.slice(0, 10), `${wrong.length} of ${WORKERS} workers`).to.deep.equal([]);
    // The faults really happened.
    expect(graph.faults.failed).to.be.greaterThan(500);
    expect(graph.faults.hung).to.be.greaterThan(50);
  });
});
