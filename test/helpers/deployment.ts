/**
 * The production deployment, made the way the README's "Deploy" section says — the project's files, then
 * `npm run build` and `npm prune --omit=dev` — in a temporary folder, and the Procfile's command started there.
 * `npm ci` itself is left out: here it would compile better-sqlite3 from source for minutes, so the checkout's
 * node_modules (installed from the same lockfile) is copied instead. Prepared once per test run, for every
 * test that starts the real entry point.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { eventually } from './messenger.js';
import { ROOT } from './paths.js';
import { tempDir } from './setup.js';

/**
 * The environment for a child npm or server: without the variables an outer `npm test` sets (the child npm
 * would read them as its own configuration — npm_config_local_prefix is the checkout) and without coverage
 * collection (c8 reports on the checkout's src/ only).
 */
export function childEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD' && k !== 'NODE_V8_COVERAGE');
  return { ...Object.fromEntries(inherited), ...env };
}

async function run(program: string, args: string[], cwd: string): Promise<string> {
  try {
    return (await promisify(execFile)(program, args, { cwd, env: childEnv(), maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`${program} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: err });
  }
}

async function prepare(): Promise<string> {
  const dir = tempDir('tlcd-deploy-');
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true })); // a copy of node_modules: ~350 MB
  // What a fresh clone holds: the tracked files, and new ones not ignored (what `git add` would take).
  const files = (await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT)).split('\0').filter(Boolean);
  for (const file of files) {
    if (!fs.existsSync(path.join(ROOT, file))) continue; // deleted, not yet committed
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  expect(fs.existsSync(path.join(dir, 'dist')), 'dist/ is ignored: a fresh clone has none').to.equal(false);
  await fs.promises.cp(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  await run('npm', ['run', 'build'], dir);
  await run('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], dir);
  return dir;
}

let prepared: Promise<string> | undefined;

/** The folder of the deployment (built and pruned), made on the first call. */
export function deployment(): Promise<string> {
  prepared ??= prepare();
  return prepared;
}

/** A start command split into the environment it sets (leading `NAME=value` words), the program and its arguments. */
export function splitCommand(line: string): { env: Record<string, string>; program: string; args: string[] } {
  const words = line.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  const [program, ...args] = words;
  return { env, program: program ?? '', args };
}

/** The Procfile's web command line (after `web:`). */
export function procfileLine(dir = ROOT): string {
  const line = fs
    .readFileSync(path.join(dir, 'Procfile'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('web:'));
  expect(line, 'the Procfile has a web line').to.be.a('string');
  return line!.slice('web:'.length).trim();
}

/** The Procfile's web command, split (see splitCommand). */
export function procfileCommand(dir = ROOT): { env: Record<string, string>; program: string; args: string[] } {
  return splitCommand(procfileLine(dir));
}

export interface EntryPoint {
  child: ChildProcess;
  url: string;
  log: () => string;
  exited: Promise<number | null>;
}

/**
 * Start the Procfile's command (with this node) in `dir` and wait for its "listening" line. Port 0, loopback,
 * its own data folder; `env` adds to or overrides that.
 */
export async function startEntryPoint(dir: string, env: Record<string, string> = {}): Promise<EntryPoint> {
  const command = procfileCommand(dir);
  expect(command.program).to.equal('node');
  const child = spawn(process.execPath, command.args, {
    cwd: dir,
    env: childEnv({ ...command.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir(), LOG_LEVEL: 'info', ...env }),
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  try {
    const listening = eventually(() => {
      const m = /"url":"(http:\/\/localhost:\d+)\/"/.exec(log);
      if (!m) throw new Error(`not listening yet:\n${log}`);
      return m[1]!.replace('localhost', '127.0.0.1');
    }, 30_000);
    const url = await Promise.race([
      listening,
      exited.then((code) => {
        throw new Error(`the server exited (${code}) before listening:\n${log}`);
      }),
    ]);
    return { child, url, log: () => log, exited };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}
