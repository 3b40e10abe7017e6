/**
 * `npm run kb:validate` — check every knowledge-base file; print each problem as file:line: message.
 * `npm run --silent kb:validate -- --json` — last line: {"entries": N, "published": P, "errors": [...]}.
 * Exit code 1 when there is any problem. Options: --dir DIR (default KB_DIR), --date YYYY-MM-DD.
 */
import path from 'node:path';
import { vietnamDay, frozenClock, systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { loadKnowledgeBase } from '../knowledge-base/load.js';
import { parseCommandLine } from './args.js';

const { values: flags } = parseCommandLine('kb:validate', 'usage: npm run kb:validate -- [--json] [--dir DIR] [--date YYYY-MM-DD]', {
  options: { json: { type: 'boolean' }, dir: { type: 'string' }, date: { type: 'string' } },
});
const json = flags.json;
const config = loadConfig();
const dir = flags.dir ? path.resolve(flags.dir) : config.kbDir;
const dateArg = flags.date ?? config.clock;
const day = vietnamDay((dateArg ? frozenClock(dateArg) : systemClock).now());

const { kb, problems } = loadKnowledgeBase(dir, { day });
const published = kb.entries.filter((e) => e.status === 'published').length;
const rel = path.relative(process.cwd(), dir) || '.';
const errors = problems.map((p) => ({ file: path.join(rel, p.file), line: p.line, message: p.message }));

if (json) {
  process.stdout.write(`${JSON.stringify({ entries: kb.entries.length, published, errors })}\n`);
} else {
  for (const e of errors) process.stdout.write(`${e.file}:${e.line}: ${e.message}\n`);
  process.stdout.write(
    `${kb.entries.length} entries (${published} published, ${kb.entries.length - published} needs review), ${kb.figures.size} figures, checked for ${day}: ${errors.length === 0 ? 'no problems' : `${errors.length} problem(s)`}\n`,
  );
}
process.exitCode = errors.length === 0 ? 0 : 1;
