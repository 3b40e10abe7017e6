/**
 * `npm run kb:import [-- --dir DIR] [--json]` — publish a knowledge-base folder (default KB_DIR) into the
 * configured store (MongoDB when MONGODB_URI is set, else the SQLite file in DATA_DIR), as it is: a
 * revision for each new or changed document, a removal for each one the folder no longer has. The folder
 * is validated first (the same rules as kb:validate); with any problem nothing is imported (exit 1).
 * Running instances pick the change up within seconds. Drafts in the console are left alone.
 * --json: last line {"entries", "published", "added", "changed", "removed", "unchanged", "errors"}.
 */
import path from 'node:path';
import { frozenClock, systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { importFolder } from '../knowledge-base/import-folder.js';
import { openStorage } from '../storage/open.js';
import { parseCommandLine } from './args.js';

const { values: flags } = parseCommandLine('kb:import', 'usage: npm run kb:import -- [--dir DIR] [--json]', {
  options: { dir: { type: 'string' }, json: { type: 'boolean' } },
});
const config = loadConfig();
const dir = flags.dir ? path.resolve(flags.dir) : config.kbDir;
const clock = config.clock ? frozenClock(config.clock) : systemClock;
const storage = await openStorage(config);
try {
  const result = await importFolder(storage, dir, clock, path.relative(process.cwd(), dir) || '.');
  if (!result.ok) {
    const errors = result.problems.map((p) => ({ file: p.file, line: p.line, message: p.message }));
    if (flags.json) process.stdout.write(`${JSON.stringify({ entries: 0, published: 0, added: 0, changed: 0, removed: 0, unchanged: 0, errors })}\n`);
    else for (const e of errors) process.stderr.write(`${e.file}:${e.line}: ${e.message}\n`);
    process.stderr.write(`kb:import: ${errors.length} problem(s) in ${dir}; nothing imported\n`);
    process.exitCode = 1;
  } else {
    const { summary } = result;
    if (flags.json) process.stdout.write(`${JSON.stringify({ entries: result.entries, published: result.published, ...summary, errors: [] })}\n`);
    else
      process.stdout.write(
        `kb:import: ${result.entries} entries (${result.published} published) from ${dir} into the ${storage.kind} store: ${summary.added} added, ${summary.changed} changed, ${summary.removed} removed, ${summary.unchanged} unchanged\n`,
      );
  }
} finally {
  await storage.close();
}
