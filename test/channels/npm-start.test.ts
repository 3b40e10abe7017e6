import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import { FakeGraph } from '../helpers/fake-graph.js';
import { eventually, item, messengerEnv, postWebhook, VERIFY_TOKEN, webhook } from '../helpers/messenger.js';
import { REAL_KB, ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/setup.js';

/** The command `npm start` runs (package.json), with this node. */
function startCommand(): string[] {
  const script = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
  const [program, ...args] = script.split(/\s+/);
  expect(program).to.equal('node');
  return args;
}

/** Start the real entry point the way `npm start` does and wait for its "listening" line. */
async function start(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const child = spawn(process.execPath, startCommand(), {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir(), KB_DIR: REAL_KB, KB_WATCH: 'false', LOG_LEVEL: 'info', ...env },
  });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const url = await eventually(() => {
    const m = /"url":"(http:\/\/localhost:\d+)\/"/.exec(log);
    if (!m) throw new Error(`not listening yet:\n${log}`);
    return m[1]!.replace('localhost', '127.0.0.1');
  }, 30_000);
  return { child, url, log: () => log };
}

describe('npm start (the real entry point, as a separate process)', function () {
  this.timeout(60_000);

  it('with no configuration: SQLite store, web chat, health, and one log line saying the webhook is off', async () => {
    const { child, url, log } = await start({});
    try {
      const health = (await (await fetch(`${url}/healthz`)).json()) as Record<string, any>;
      expect(health).to.include({ status: 'ok', store: 'sqlite', messenger: 'off' });
      expect(health.knowledgeBase.published).to.be.at.least(150);
      expect(
        log()
          .split('\n')
          .filter((l) => l.includes('Messenger webhook off')),
      ).to.have.length(1);
      expect((await fetch(`${url}/webhook`)).status).to.equal(404);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('configured for Messenger against a fake Graph API: a signed webhook delivered twice gets exactly one cited answer; unsigned gets 401', async () => {
    const graph = await new FakeGraph().start();
    const { child, url, log } = await start(messengerEnv(graph.url));
    try {
      expect(await (await fetch(`${url}/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=4242`)).text()).to.equal('4242');
      expect((await fetch(`${url}/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`)).status).to.equal(403);
      const user = '5550001';
      const body = webhook([{ messaging: [item.text(user, 'luong toi thieu vung 1 la bao nhieu', 'mid.npm-start.1')] }]);
      expect((await postWebhook(url, body)).status).to.equal(200);
      expect((await postWebhook(url, body)).status).to.equal(200);
      expect((await postWebhook(url, body, {})).status).to.equal(401);
      await eventually(
        () =>
          expect(
            graph
              .messagesTo(user)
              .map((c) => String(c.body.message.text))
              .join(),
          ).to.contain('5.310.000'),
        15_000,
      );
      await new Promise((r) => setTimeout(r, 1000));
      const answers = graph.messagesTo(user).filter((c) => String(c.body.message.text).includes('5.310.000'));
      expect(answers).to.have.length(1);
      expect(answers[0]!.body.message.text).to.contain('Căn cứ: NĐ 293/2025: Điều 3');
      expect(log()).to.not.contain('EAAtestPAGEtoken');
    } finally {
      child.kill('SIGTERM');
      await graph.stop();
    }
  });

  it('SIGTERM while an event hangs: stops claiming, waits at most SHUTDOWN_TIMEOUT_SECONDS, and exits', async () => {
    // A Graph API that takes every request and never answers: the event's handler hangs.
    const received: string[] = [];
    const stalled = http.createServer((req) => received.push(req.url ?? ''));
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
    const graphUrl = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`;
    const { child, url, log } = await start({ ...messengerEnv(graphUrl), INBOX_ITEM_TIMEOUT_SECONDS: '60', SHUTDOWN_TIMEOUT_SECONDS: '1' });
    try {
      expect((await postWebhook(url, webhook([{ messaging: [item.text('5550002', 'luong toi thieu vung 1')] }]))).status).to.equal(200);
      await eventually(() => expect(received.length).to.be.at.least(1), 15_000); // the handler is in flight
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const t = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      expect(Date.now() - t).to.be.lessThan(5000);
      expect(code).to.equal(1); // not everything finished
      expect(log()).to.contain('stopped with inbox events still in hand');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      stalled.closeAllConnections();
      await new Promise<void>((resolve) => stalled.close(() => resolve()));
    }
  });
});
