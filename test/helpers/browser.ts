/**
 * Real Chromium for the browser tests: Debian's `chromium` package driven by playwright-core.
 * Tests never install anything: `.ci/run` installs the package first (apt-get). Without it (or without
 * $CHROMIUM_BIN, when that is set) the suite is skipped with a one-line message — or, with CI=true, fails.
 *
 *   before(async function () {
 *     browser = await launchBrowser(this);
 *   });
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ROOT } from './paths.js';

/** Where Debian's chromium package puts the browser. */
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

/** The browser to drive: $CHROMIUM_BIN when set, else Debian's. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_BIN || CHROMIUM_PATH;
}

/** Is the browser there? Returns why not, or undefined. */
export async function ensureChromium(): Promise<string | undefined> {
  const binary = chromiumPath();
  if (fs.existsSync(binary)) return undefined;
  return `${binary} not found; install it with: apt-get install -y chromium (.ci/run does)`;
}

/**
 * Launch headless Chromium. Pass the mocha context of a `before` hook so a missing browser can skip
 * the suite (outside CI); with CI=true a missing browser throws and fails the run.
 */
export async function launchBrowser(ctx?: Mocha.Context): Promise<Browser> {
  const problem = await ensureChromium();
  if (problem) {
    const message = `Chromium is not available: ${problem}`;
    if (process.env.CI === 'true' || !ctx) throw new Error(`${message} (CI=true: the browser tests must run)`);
    process.stderr.write(`      SKIPPED (the browser tests are NOT run; with CI=true this fails): ${message}\n`);
    ctx.skip();
  }
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/** test-output/<name>, with the folder created. */
export function outputPath(name: string): string {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  return path.join(OUTPUT_DIR, name);
}
