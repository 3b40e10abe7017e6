/**
 * `npm run --silent data:export > dump.jsonl` or `npm run data:export -- --out dump.jsonl`
 *
 * Writes every record of the configured store (MongoDB when MONGODB_URI is set, else the SQLite file in
 * DATA_DIR) as JSON lines: {"collection": "...", "record": {...}}. For backups and for moving a deployment
 * between adapters (read back with data:import). Counts go to stderr. Login sessions are not exported.
 * (Use `npm run --silent` when redirecting stdout: plain `npm run` prints its own header line there.)
 */
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { openStorage } from '../storage/open.js';
import { parseCommandLine } from './args.js';

const USAGE = 'usage: npm run --silent data:export [-- --out FILE]   (JSON lines on stdout, or into FILE)';

function fail(message: string, code = 1): never {
  process.stderr.write(`data:export: ${message}\n`);
  process.exit(code);
}

const { values: flags } = parseCommandLine('data:export', USAGE, {
  options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
});
if (flags.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const outFile = flags.out;
if (outFile === '') fail(`--out needs a file name\n${USAGE}`, 2);

const config = loadConfig();
const source = config.mongodbUri ? 'MongoDB (MONGODB_URI)' : path.join(config.dataDir, 'bot.sqlite');
// Opening SQLite creates the file: exporting a mistyped DATA_DIR would silently give an empty dump.
if (!config.mongodbUri && !fs.existsSync(source)) fail(`no database at ${source} (check DATA_DIR, or set MONGODB_URI)`);

const storage = await openStorage(config);
const target = outFile ? path.resolve(outFile) : undefined;
const partial = target ? `${target}.partial` : undefined;
const out: NodeJS.WritableStream = partial ? fs.createWriteStream(partial) : process.stdout;
out.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0); // the reader went away (e.g. `| head`)
  fail(err.message);
});

const counts = new Map<string, number>();
let total = 0;
try {
  for await (const { collection, record } of storage.exportAll()) {
    if (!out.write(`${JSON.stringify({ collection, record })}\n`)) await once(out, 'drain');
    counts.set(collection, (counts.get(collection) ?? 0) + 1);
    total++;
  }
  if (partial && target) {
    await new Promise<void>((resolve, reject) => (out as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
    fs.renameSync(partial, target); // a dump file is either whole or absent
  }
} catch (err) {
  if (partial) fs.rmSync(partial, { force: true });
  fail((err as Error).message);
} finally {
  await storage.close();
}

const detail = [...counts].map(([c, n]) => `${c} ${n}`).join(', ');
process.stderr.write(`data:export: ${total} records from ${source}${target ? ` into ${target}` : ''}${detail ? ` (${detail})` : ''}\n`);
