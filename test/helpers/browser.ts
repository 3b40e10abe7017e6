/**
 * Real Chromium for the browser tests: Debian's `chromium` package driven by playwright-core.
 * When /usr/bin/chromium is missing the first call installs it with apt-get (once per run). If it is
 * still missing, the suite is skipped with a clear message — or, with CI=true, the run fails.
 *
 *   before(async function () {
 *     this.timeout(600_000);
 *     browser = await launchBrowser(this);
 *   });
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ROOT } from './paths.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const OUTPUT_DIR = path.join(ROOT, 'test-output');
const INSTALL_TIMEOUT_MS = 590_000;

let installing: Promise<string | undefined> | undefined;

/** Runs a command into the log; resolves with undefined on success, else what went wrong. */
function run(command: string, args: string[], log: fs.WriteStream): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      { timeout: INSTALL_TIMEOUT_MS, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 * 1024 * 1024 },
      (err) => {
        if (!err) return resolve(undefined);
        if (typeof err.code === 'string') return resolve(`could not run ${command}: ${err.code}`);
        resolve(err.killed ? `timed out after ${INSTALL_TIMEOUT_MS / 1000} s` : `exit ${err.code ?? 'unknown'}`);
      },
    );
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
  });
}

/** Install Debian's chromium once; returns why it failed, or undefined when it is there now. */
async function install(): Promise<string | undefined> {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const logPath = path.join(OUTPUT_DIR, 'chromium-install.log');
  const log = fs.createWriteStream(logPath);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const [cmd, pre] = asRoot ? ['apt-get', [] as string[]] : ['sudo', ['-n', 'apt-get']];
  process.stderr.write(
    `      (browser tests: ${CHROMIUM_PATH} is missing; installing Debian's chromium with apt-get, log in ${path.relative(ROOT, logPath)})\n`,
  );
  try {
    const update = await run(cmd, [...pre, 'update'], log);
    if (update) return `apt-get update failed (${update}); see ${logPath}`;
    const installed = await run(cmd, [...pre, 'install', '-y', 'chromium'], log);
    if (installed) return `apt-get install -y chromium failed (${installed}); see ${logPath}`;
  } catch (err) {
    return `could not run apt-get: ${(err as Error).message}`;
  } finally {
    log.end();
  }
  return fs.existsSync(CHROMIUM_PATH) ? undefined : `apt-get finished but ${CHROMIUM_PATH} is still missing`;
}

/** Make sure /usr/bin/chromium exists; returns why not, or undefined. */
export async function ensureChromium(): Promise<string | undefined> {
  if (fs.existsSync(CHROMIUM_PATH)) return undefined;
  installing ??= install();
  return installing;
}

/**
 * Launch headless Chromium. Pass the mocha context of a `before` hook so a missing browser can skip
 * the suite (outside CI); with CI=true a missing browser throws and fails the run.
 */
export async function launchBrowser(ctx?: Mocha.Context): Promise<Browser> {
  const problem = await ensureChromium();
  if (problem) {
    const message = `Chromium is not available (${problem}). Install it with: apt-get install -y chromium`;
    if (process.env.CI === 'true' || !ctx) throw new Error(message);
    process.stderr.write(`      skipping the browser tests: ${message}\n`);
    ctx.skip();
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** test-output/<name>, with the folder created. */
export function outputPath(name: string): string {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  return path.join(OUTPUT_DIR, name);
}
