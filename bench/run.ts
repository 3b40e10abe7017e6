/**
 * `npm run bench` — the matcher (bench/matcher.bench.ts) and the webhook end to end (bench/webhook.ts:
 * SQLite, then MongoDB through FerretDB when its binary is there), each against its baseline in the same
 * run. `npm run --silent bench -- --json` prints the figures as its last line:
 *   {"matcher": {"entries", "p50Ms", "p99Ms", "fuseOnlyP99Ms"},
 *    "webhook": {"rps", "baselineRps", "offeredRps", "ackP50Ms", "ackP99Ms"},
 *    "rssMb": {"idle", "load"}, …}
 * `--quick` keeps it under two minutes (the shipped knowledge base only, fewer questions, 3-second load
 * phases). The bot is benchmarked as `npm start` runs it: run `npm run build` first.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { matcherBench } from './matcher.bench.js';
import { benchWebhook, measureBaseline, type WebhookFigures } from './webhook.js';
import { ensureFerretDb, startFerretDb } from '../test/helpers/ferretdb.js';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    entries: { type: 'string' },
    'no-mongo': { type: 'boolean', default: false },
    'no-webhook': { type: 'boolean', default: false },
    seconds: { type: 'string' },
    rate: { type: 'string' },
  },
  strict: true,
});
const quick = values.quick;
const say = (line: string) => process.stderr.write(`${line}\n`);

if (!fs.existsSync('dist/main.js')) {
  say('bench: dist/main.js is missing — run `npm run build` first (the bot is measured as npm start runs it)');
  process.exit(2);
}

const started = Date.now();
say('matcher…');
const matcher = matcherBench(
  quick
    ? { entries: 0, rounds: 1, queries: 100, baselineQueries: 5 }
    : { entries: Number(values.entries ?? 1000), rounds: 3, queries: 300, baselineQueries: 12 },
);
const headline = matcher.large ?? matcher.shipped;

const durationSeconds = Number(values.seconds ?? (quick ? 3 : 10));
const offeredRps = Number(values.rate ?? 500);
let webhook: WebhookFigures | undefined;
let webhookMongo: WebhookFigures | undefined;
if (!values['no-webhook']) {
  say('webhook: signature-only baseline…');
  const baseline = await measureBaseline({ durationSeconds, offeredRps });
  say('webhook: the bot on SQLite…');
  webhook = await benchWebhook({ store: 'sqlite', durationSeconds, offeredRps, baseline, ...(quick ? { warmUp: 100, catchUpLimitSeconds: 60 } : {}) });
  if (!values['no-mongo']) {
    const binary = await ensureFerretDb().catch(() => undefined);
    if (!binary) say('webhook: FerretDB binary not found — MongoDB part skipped (scripts/install-ferretdb or .ci/run installs it)');
    else {
      say('webhook: the bot on MongoDB through FerretDB…');
      const fdb = await startFerretDb();
      try {
        // FerretDB 1.x on its SQLite handler does every operation as a separate SQLite transaction (tens of ms
        // under load): a steady 500 req/s would only measure a queue. Its steady rate is a tenth.
        webhookMongo = await benchWebhook({
          store: 'mongodb',
          mongoUri: fdb.uriFor('bench'),
          durationSeconds,
          offeredRps: Math.round(offeredRps / 10),
          baseline,
          warmUp: 20,
          catchUpLimitSeconds: quick ? 10 : 120,
        });
      } finally {
        await fdb.stop();
      }
    }
  }
}

const result = {
  matcher: {
    entries: headline.entries,
    p50Ms: headline.matcher.median,
    p99Ms: headline.matcher.p99,
    fuseOnlyP99Ms: headline.fuseOnly.p99,
    decisionP99Ms: headline.decision.p99,
    shipped: matcher.shipped,
    ...(matcher.large ? { large: matcher.large } : {}),
  },
  ...(webhook
    ? {
        // rps, baselineRps, offeredRps, ackP50Ms, ackP99Ms and the rest of the SQLite run's figures
        webhook,
        rssMb: webhook.rssMb,
      }
    : {}),
  ...(webhookMongo ? { webhookMongo } : {}),
  node: process.version,
  quick,
  seconds: Math.round((Date.now() - started) / 1000),
};

const line = (w: WebhookFigures) =>
  `webhook (${w.store}): ${w.rps} req/s vs baseline ${w.baselineRps} (${w.ratio}×); steady ${w.offeredRps} req/s offered: ack p50 ${w.ackP50Ms} ms, p99 ${w.ackP99Ms} ms (baseline p99 ${w.baselineAckP99Ms} ms), answers caught up ${w.catchUpSeconds} s after; RSS idle ${w.rssMb.idle} MB, under load ${w.rssMb.load} MB`;
say(
  `matcher (${headline.entries} entries): median ${headline.matcher.median} ms, p99 ${headline.matcher.p99} ms; fuse.js alone p99 ${headline.fuseOnly.p99} ms`,
);
if (webhook) say(line(webhook));
if (webhookMongo) say(line(webhookMongo));
if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
