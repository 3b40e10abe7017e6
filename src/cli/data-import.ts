/**
 * `npm run data:import -- dump.jsonl` (or the dump on stdin: `npm run data:import < dump.jsonl`)
 *
 * Reads JSON lines {"collection": "...", "record": {...}} written by data:export and stores each record in
 * the configured store (MongoDB when MONGODB_URI is set, else SQLite in DATA_DIR). A bad line is reported
 * as FILE:LINE: problem and skipped; the rest is imported and the exit code is 1 at the end.
 * Refuses a store that already holds data (transcripts would be doubled) unless --force is given.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { loadConfig } from '../config.js';
import { openStorage } from '../storage/open.js';
import { parseCommandLine } from './args.js';

const USAGE = 'usage: npm run data:import -- [--force] [FILE]   (FILE omitted or "-": read stdin)';

/** The fields each collection's records must have as strings (what the adapters need to place them). */
const REQUIRED: Record<string, string[]> = {
  conversations: ['id', 'channel', 'userId', 'owner', 'locale', 'createdAt', 'updatedAt', 'eTag'],
  messages: ['conversationId', 'author', 'text', 'at'],
  ownership_changes: ['conversationId', 'from', 'to', 'by', 'at'],
  unanswered: ['conversationId', 'text', 'outcome', 'at'],
  feedback: ['conversationId', 'entryId', 'at'],
  staff: ['id', 'username', 'displayName', 'role', 'passwordHash', 'createdAt'],
  audit: ['at', 'staffId', 'action'],
  notes: ['id', 'conversationId', 'kind', 'staffId', 'text', 'at'],
  canned_replies: ['id', 'title', 'text', 'createdBy', 'createdAt', 'updatedAt'],
  kb_revisions: ['path', 'kind', 'reviewer', 'publishedAt'],
  kb_drafts: ['path', 'kind', 'state', 'createdAt', 'updatedAt', 'eTag'],
  news: ['id', 'kind', 'title', 'body', 'validFrom', 'status', 'createdBy', 'createdAt', 'updatedAt'],
  inbox: ['eventId', 'conversationId', 'payload', 'receivedAt'],
  state: ['key'],
};

function fail(message: string, code = 1): never {
  process.stderr.write(`data:import: ${message}\n`);
  process.exit(code);
}

/** The problem with one parsed line, or undefined when it can be imported. */
function problemOf(row: unknown): string | undefined {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return 'not a JSON object';
  const { collection, record } = row as { collection?: unknown; record?: unknown };
  if (typeof collection !== 'string') return 'no "collection"';
  const required = REQUIRED[collection];
  if (!required) return `unknown collection "${collection}"`;
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'no "record" object';
  const r = record as Record<string, unknown>;
  const missing = required.filter((field) => typeof r[field] !== 'string' || r[field] === '');
  if (missing.length > 0) return `${collection} record without ${missing.join(', ')}`;
  if (collection === 'state' && (typeof r.value !== 'object' || r.value === null || Array.isArray(r.value))) return 'state record without an object "value"';
  if (collection === 'inbox' && r.status !== undefined && r.status !== 'pending' && r.status !== 'done' && r.status !== 'dead')
    return `inbox status must be pending, done or dead, got ${JSON.stringify(r.status)}`;
  return undefined;
}

const { values: flags, positionals } = parseCommandLine('data:import', USAGE, {
  options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  allowPositionals: true,
});
if (flags.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (positionals.length > 1) fail(`one file at a time\n${USAGE}`, 2);
const force = flags.force ?? false;
const file = positionals[0];
const fromStdin = file === undefined || file === '-';
if (!fromStdin && !fs.existsSync(file!)) fail(`no such file: ${file}`);
const label = fromStdin ? 'stdin' : file!;

const config = loadConfig();
const target = config.mongodbUri ? 'MongoDB (MONGODB_URI)' : path.join(config.dataDir, 'bot.sqlite');
const storage = await openStorage(config);

let exitCode = 0;
try {
  if (!force) {
    for await (const row of storage.exportAll()) {
      fail(`${target} already holds data (${row.collection}); importing into it would double what is there. Import into an empty store, or pass --force.`);
    }
  }
  const input = fromStdin ? process.stdin : fs.createReadStream(file!);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const counts = new Map<string, number>();
  let imported = 0;
  let bad = 0;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (err) {
      bad++;
      process.stderr.write(`${label}:${lineNumber}: not JSON: ${(err as Error).message}\n`);
      continue;
    }
    const problem = problemOf(row);
    if (problem) {
      bad++;
      process.stderr.write(`${label}:${lineNumber}: ${problem}\n`);
      continue;
    }
    const { collection, record } = row as { collection: string; record: Record<string, unknown> };
    try {
      await storage.importRecord(collection, record);
    } catch (err) {
      bad++;
      process.stderr.write(`${label}:${lineNumber}: ${collection}: ${(err as Error).message}\n`);
      continue;
    }
    counts.set(collection, (counts.get(collection) ?? 0) + 1);
    imported++;
  }
  const detail = [...counts].map(([c, n]) => `${c} ${n}`).join(', ');
  process.stdout.write(`data:import: ${imported} records into ${target}${detail ? ` (${detail})` : ''}; ${bad} bad line(s)\n`);
  if (bad > 0) exitCode = 1;
} finally {
  await storage.close();
}
process.exitCode = exitCode;
