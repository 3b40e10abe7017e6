/**
 * The webhook part of `npm run bench`: the bot as `npm start` runs it (its own process), a fake Graph API on
 * loopback, signed Messenger payloads from 1,000 distinct workers, and autocannon as the load generator.
 * In the same run, a signature-only express endpoint (bench/baseline-server.ts) is the baseline.
 *
 * Phases, each with a fresh bot on a fresh store:
 *   1. baseline: the signature-only endpoint, as fast as autocannon can send (requests per second);
 *   2. steady load: a steady offered rate (500 req/s) — the acknowledgement latency (verify, store, 200)
 *      while the answers catch up, then the time until every message was answered;
 *   3. throughput: the bot as fast as autocannon can send (its requests per second; the answers are still
 *      owed when the phase ends, so this phase ends the run).
 * Resident memory (VmRSS) of the bot: idle (after start and a short warm-up) and the most seen under load.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadDataset } from '../src/evaluation/dataset.js';
import { signBody } from '../src/channels/messenger/signature.js';
import { FakeGraph } from '../test/helpers/fake-graph.js';
import { freePort } from '../test/helpers/ferretdb.js';
import { APP_SECRET, item, messengerEnv, webhook } from '../test/helpers/messenger.js';
import { ROOT } from '../test/helpers/paths.js';
import { tempDir } from '../test/helpers/setup.js';
import { splitCommand } from '../test/helpers/deployment.js';

export interface WebhookFigures {
  store: 'sqlite' | 'mongodb';
  /** the bot's webhook, as fast as the load generator can send */
  rps: number;
  baselineRps: number;
  ratio: number;
  /** the baseline under the same steady load */
  baselineAckP50Ms: number;
  baselineAckP99Ms: number;
  /** the steady offered rate of the latency phase, and what was completed */
  offeredRps: number;
  steadyRps: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /** non-2xx answers and socket errors over both phases on the bot (should be 0) */
  failures: number;
  /** messages accepted in the steady phase, and how long after its end the last one was answered */
  steadyAccepted: number;
  steadyAnswered: number;
  catchUpSeconds: number;
  /** resident memory: idle, the most during the steady phase (`load`), the most during the full-speed phase */
  rssMb: { idle: number; load: number; fullSpeed: number };
  durationSeconds: number;
  connections: number;
  users: number;
}

export interface WebhookBenchOptions {
  store: 'sqlite' | 'mongodb';
  mongoUri?: string;
  durationSeconds: number;
  offeredRps: number;
  connections?: number;
  users?: number;
  /** messages answered before the idle memory is read (default 200) */
  warmUp?: number;
  /** longest wait for the answers to catch up after the steady phase (default 180 s) */
  catchUpLimitSeconds?: number;
  /** the baseline, when it was measured already in this run */
  baseline?: BaselineFigures;
}

const PAGE_TEXTS = loadDataset('eval/queries')
  .map((q) => q.q)
  .filter((q) => q.length < 200);

/** Signed bodies, one message each, cycling through `users` workers; every message id unique. */
function payloads(count: number, users: number, tag: string): { body: string; signature: string }[] {
  const out: { body: string; signature: string }[] = [];
  for (let i = 0; i < count; i++) {
    const psid = `9${String(i % users).padStart(6, '0')}`;
    const body = webhook([{ messaging: [item.text(psid, PAGE_TEXTS[i % PAGE_TEXTS.length]!, `m_bench_${tag}_${i}`)] }]);
    out.push({ body, signature: signBody(body, APP_SECRET) });
  }
  return out;
}

/** The bot's start command from package.json (`[NAME=value …] node <flags> <entry>`), run with this node. */
function startCommand(): { env: Record<string, string>; args: string[] } {
  const script = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
  const { env, program, args } = splitCommand(script);
  if (program !== 'node') throw new Error(`npm start does not run node directly: ${script}`);
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the bot, written when it stops (to find where time goes).
  // BENCH_NODE_ARGS: more node flags for the bot (e.g. --trace-gc).
  const extra = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(/\s+/) : [];
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
  // after npm start's own flags (a later V8 flag wins), before the entry point
  return { env, args: [...prof, ...args.slice(0, -1), ...extra, ...args.slice(-1)] };
}

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

async function startProcess(args: string[], env: Record<string, string>, listening: (output: string) => string | undefined): Promise<Running> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  if (process.env.BENCH_NODE_ARGS) child.stdout!.pipe(process.stderr);
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = Date.now();
  for (;;) {
    const url = listening(output);
    if (url) break;
    if (child.exitCode !== null) throw new Error(`process exited before listening:\n${output}`);
    if (Date.now() - started > 60_000) throw new Error(`not listening after 60 s:\n${output}`);
    await sleep(50);
  }
  return {
    child,
    url: listening(output)!,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

function startBaseline(): Promise<Running> {
  return startProcess(['--import', 'tsx', path.join(ROOT, 'bench', 'baseline-server.ts')], { FB_APP_SECRET: APP_SECRET }, (out) => {
    const m = /listening (\d+)/.exec(out);
    return m ? `http://127.0.0.1:${m[1]}` : undefined;
  });
}

async function startBot(graphUrl: string, options: WebhookBenchOptions): Promise<Running> {
  // A known port and /healthz, not the "listening" log line: the bot logs only warnings here.
  const port = await freePort();
  let up = false;
  const poll = setInterval(() => {
    fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => (up = r.ok),
      () => undefined,
    );
  }, 100);
  const command = startCommand();
  return startProcess(
    command.args,
    {
      ...command.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: tempDir('tlcd-bench-'),
      KB_DIR: path.join(ROOT, 'knowledge-base'),
      KB_WATCH: 'false',
      LOG_LEVEL: 'warn',
      ...messengerEnv(graphUrl),
      ...(options.store === 'mongodb' && options.mongoUri ? { MONGODB_URI: options.mongoUri } : {}),
    },
    () => (up ? `http://127.0.0.1:${port}` : undefined),
  ).finally(() => clearInterval(poll));
}

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function load(
  url: string,
  bodies: { body: string; signature: string }[],
  options: { durationSeconds: number; connections: number; overallRate?: number },
): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: `${url}/webhook`,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const p = bodies[next++ % bodies.length]!;
          return { ...req, body: p.body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': p.signature } };
        },
      },
    ],
  });
}

/**
 * An open-loop load at a steady rate: one request every 1/rate seconds, each sent on time whether or not
 * earlier ones were answered, and its latency counted from when it was due (so a stall shows in full).
 * Not autocannon here: its rate limit lets each connection send its share of the second at once and then
 * wait, so "500 req/s" arrives as a burst of 500 at the start of every second.
 */
async function steadyLoad(
  url: string,
  bodies: { body: string; signature: string }[],
  options: { durationSeconds: number; rate: number },
): Promise<{ latencies: number[]; ok: number; failed: number; seconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(`${url}/webhook`);
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const total = Math.round(options.rate * options.durationSeconds);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  const trace: [number, number][] = [];
  const send = (i: number, due: number) =>
    new Promise<void>((resolve) => {
      const p = bodies[i % bodies.length]!;
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': p.signature, 'content-length': Buffer.byteLength(p.body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - due);
            if (process.env.BENCH_TRACE) trace.push([Math.round(due - started), Math.round(performance.now() - due)]);
            if (res.statusCode === 200) ok++;
            else failed++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(p.body);
    });
  for (let i = 0; i < total;) {
    const now = performance.now();
    // every request that is due by now goes out now (a late timer does not thin the load)
    while (i < total && started + (i * 1000) / options.rate <= now) {
      inFlight.push(send(i, started + (i * 1000) / options.rate));
      i++;
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  agent.destroy();
  if (process.env.BENCH_TRACE) {
    const worst = new Map<number, number>();
    for (const [at, ms] of trace) worst.set(Math.floor(at / 250) * 250, Math.max(worst.get(Math.floor(at / 250) * 250) ?? 0, ms));
    process.stderr.write(`steady load, worst latency per 250 ms: ${JSON.stringify([...worst].sort((a, b) => a[0] - b[0]))}\n`);
  }
  return { latencies, ok, failed, seconds: (performance.now() - started) / 1000 };
}

function percentile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 10) / 10;
}

async function pendingInbound(url: string): Promise<number> {
  const health = (await (await fetch(`${url}/healthz`)).json()) as { pendingInbound?: number };
  return health.pendingInbound ?? NaN;
}

/** Wait until the bot's inbox is empty (every accepted message handled); seconds waited, or -1 after `limitMs`. */
async function drained(url: string, limitMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < limitMs) {
    if ((await pendingInbound(url)) === 0) return (Date.now() - start) / 1000;
    await sleep(100);
  }
  return -1;
}

const repliesIn = (graph: FakeGraph, from: number) => graph.calls.slice(from).filter((c) => c.path.endsWith('/me/messages') && c.body.message).length;

export interface BaselineFigures {
  rps: number;
  /** the same steady open-loop load as the bot gets: the acknowledgement latency of doing nothing but verify */
  ackP50Ms: number;
  ackP99Ms: number;
}

export async function measureBaseline(options: {
  durationSeconds: number;
  offeredRps: number;
  connections?: number;
  users?: number;
}): Promise<BaselineFigures> {
  const bodies = payloads(Math.max(20_000, options.durationSeconds * 8_000), options.users ?? 1000, 'base');
  const baseline = await startBaseline();
  try {
    await load(baseline.url, bodies.slice(0, 500), { durationSeconds: 1, connections: options.connections ?? 50 }); // warm-up
    const steady = await steadyLoad(baseline.url, bodies, { durationSeconds: options.durationSeconds, rate: options.offeredRps });
    const result = await load(baseline.url, bodies, { durationSeconds: options.durationSeconds, connections: options.connections ?? 50 });
    return { rps: Math.round(result.requests.average), ackP50Ms: percentile(steady.latencies, 0.5), ackP99Ms: percentile(steady.latencies, 0.99) };
  } finally {
    await baseline.stop();
  }
}

export async function benchWebhook(options: WebhookBenchOptions): Promise<WebhookFigures> {
  const connections = options.connections ?? 50;
  const users = options.users ?? 1000;
  const baseline =
    options.baseline ?? (await measureBaseline({ durationSeconds: options.durationSeconds, offeredRps: options.offeredRps, connections, users }));
  const baselineRps = baseline.rps;
  const graph = await new FakeGraph().start();
  const bot = await startBot(graph.url, options);
  let peakRss = 0;
  const sampler = setInterval(() => {
    if (bot.child.pid && bot.child.exitCode === null) peakRss = Math.max(peakRss, rssMb(bot.child.pid));
  }, 200);
  try {
    // Warm-up: 200 messages, answered, then a pause: the idle figure is a bot that has answered before.
    const warmUp = options.warmUp ?? 200;
    const warm = payloads(warmUp, warmUp, 'warm');
    await steadyLoad(bot.url, warm, { durationSeconds: 1, rate: warmUp });
    if ((await drained(bot.url, 120_000)) < 0) throw new Error(`warm-up not answered in 60 s:\n${bot.output()}`);
    await sleep(2000);
    const idle = rssMb(bot.child.pid!);
    peakRss = idle;

    // Steady offered rate: acknowledgement latency while the answers catch up.
    const steadyBodies = payloads(options.offeredRps * options.durationSeconds * 2, users, 'steady');
    const callsBefore = graph.calls.length;
    const steady = await steadyLoad(bot.url, steadyBodies, { durationSeconds: options.durationSeconds, rate: options.offeredRps });
    const catchUp = await drained(bot.url, (options.catchUpLimitSeconds ?? 180) * 1000);
    const steadyRss = peakRss;
    peakRss = 0;
    const steadyAnswered = repliesIn(graph, callsBefore);

    // Throughput: as fast as the load generator can send.
    const fastBodies = payloads(Math.max(20_000, options.durationSeconds * 6_000), users, 'fast');
    const fast = await load(bot.url, fastBodies, { durationSeconds: options.durationSeconds, connections });
    const rps = Math.round(fast.requests.average);
    return {
      store: options.store,
      rps,
      baselineRps,
      ratio: Number((rps / baselineRps).toFixed(3)),
      baselineAckP50Ms: baseline.ackP50Ms,
      baselineAckP99Ms: baseline.ackP99Ms,
      offeredRps: options.offeredRps,
      steadyRps: Math.round(steady.ok / steady.seconds),
      ackP50Ms: percentile(steady.latencies, 0.5),
      ackP99Ms: percentile(steady.latencies, 0.99),
      ackMaxMs: percentile(steady.latencies, 1),
      failures: steady.failed + fast.non2xx + fast.errors,
      steadyAccepted: steady.ok,
      steadyAnswered,
      catchUpSeconds: catchUp,
      rssMb: { idle, load: steadyRss, fullSpeed: peakRss },
      durationSeconds: options.durationSeconds,
      connections,
      users,
    };
  } finally {
    clearInterval(sampler);
    await bot.stop();
    await graph.stop();
  }
}
