import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { FakeGraph } from '../helpers/fake-graph.js';
import { deployment, startEntryPoint } from '../helpers/deployment.js';
import { eventually, item, messengerEnv, postWebhook, VERIFY_TOKEN, webhook } from '../helpers/messenger.js';
import { REAL_KB } from '../helpers/paths.js';

/**
 * Start the real entry point the way production does — the Procfile's command (`npm start`'s: node on the
 * compiled build) in a deployment made as the README says (helpers/deployment.ts) — and wait for "listening".
 */
async function start(env: Record<string, string>) {
  return startEntryPoint(await deployment(), { KB_DIR: REAL_KB, KB_WATCH: 'false', ...env });
}

/** A Graph API on loopback that answers every call like Meta does, `delayMs` late; records the bodies. */
async function slowGraph(delayMs: number): Promise<{ url: string; bodies: Record<string, any>[]; close: () => Promise<void> }> {
  const bodies: Record<string, any>[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(raw || '{}') as Record<string, any>);
      setTimeout(
        () => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ recipient_id: '1', message_id: `m_${bodies.length}` })),
        delayMs,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('npm start / the Procfile (the real entry point, compiled, as a separate process)', function () {
  // The first test in a run waits for the deployment to be made (about 30 s; see deploy.test.ts).
  this.timeout(120_000);

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
      await eventually(() => expect(graph.textsTo(user).join()).to.contain('5.310.000'), 15_000);
      // Nothing left in the inbox: every recorded event was handled (an event is done only after its sends).
      await eventually(async () => expect(((await (await fetch(`${url}/healthz`)).json()) as { pendingInbound: number }).pendingInbound).to.equal(0), 15_000);
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
    const { child, url, log, exited } = await start({ ...messengerEnv(graphUrl), INBOX_ITEM_TIMEOUT_SECONDS: '60', SHUTDOWN_TIMEOUT_SECONDS: '1' });
    try {
      expect((await postWebhook(url, webhook([{ messaging: [item.text('5550002', 'luong toi thieu vung 1')] }]))).status).to.equal(200);
      await eventually(() => expect(received.length).to.be.at.least(1), 15_000); // the handler is in flight
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

  it('SIGTERM while an event is in flight: waits for it — the worker gets the answer — and exits 0', async () => {
    // Every Graph call takes 1.5 s: the event (typing, then the answer) is still in hand when the signal comes.
    const graph = await slowGraph(1500);
    const { child, url, log, exited } = await start(messengerEnv(graph.url));
    try {
      expect(
        (await postWebhook(url, webhook([{ messaging: [item.text('5550003', 'luong toi thieu vung 1 la bao nhieu', 'mid.npm-start.3')] }]))).status,
      ).to.equal(200);
      await eventually(() => expect(graph.bodies.length).to.be.at.least(1), 15_000);
      const t = Date.now();
      child.kill('SIGTERM');
      expect(await exited).to.equal(0);
      expect(Date.now() - t).to.be.at.least(1000);
      expect(graph.bodies.map((b) => String(b.message?.text ?? '')).join()).to.contain('5.310.000');
      expect(log()).to.contain('"msg":"stopping"');
      expect(log()).to.not.contain('stopped with inbox events still in hand');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await graph.close();
    }
  });
});
