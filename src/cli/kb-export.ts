/**
 * `npm run kb:export -- --out DIR [--force] [--json]` — write the published knowledge base from the
 * configured store back into files, in the folder's format (reviewable in git; `KB_DIR=DIR npm run
 * kb:validate` accepts it). Drafts are not exported. DIR must be empty or missing; --force first removes the
 * knowledge-base files (YAML, Markdown) already in it, so that a removed entry does not linger.
 * --json: last line {"dir", "files", "entries"}.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { readKbFolder, writeKbFolder } from '../knowledge-base/files.js';
import { publishedFiles } from '../knowledge-base/published.js';
import { openStorage } from '../storage/open.js';
import { parseCommandLine } from './args.js';

const USAGE = 'usage: npm run kb:export -- --out DIR [--force] [--json]';
const { values: flags } = parseCommandLine('kb:export', USAGE, {
  options: { out: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' } },
});
function fail(message: string, code = 1): never {
  process.stderr.write(`kb:export: ${message}\n`);
  process.exit(code);
}
if (!flags.out) fail(`--out DIR is required\n${USAGE}`, 2);
const out = path.resolve(flags.out);
const existing = fs.existsSync(out) ? readKbFolder(out) : [];
if (existing.length > 0 && !flags.force) fail(`${out} already has knowledge-base files; give an empty folder, or --force to replace them`);

const storage = await openStorage(loadConfig());
try {
  const files = await publishedFiles(storage);
  if (files.length === 0) fail('the store has no published knowledge base (run npm run kb:import first)');
  for (const old of existing) fs.rmSync(path.join(out, ...old.path.split('/')));
  writeKbFolder(out, files);
  const entries = files.filter((f) => f.path.startsWith('entries/')).length;
  if (flags.json) process.stdout.write(`${JSON.stringify({ dir: out, files: files.length, entries })}\n`);
  else process.stdout.write(`kb:export: ${files.length} files (${entries} entries) from the ${storage.kind} store into ${out}\n`);
} finally {
  await storage.close();
}
