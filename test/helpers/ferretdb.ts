/**
 * FerretDB 1.x (a MongoDB-compatible server on SQLite) for tests: build the binary when missing,
 * start it on a free loopback port with its SQLite handler in a temporary folder, stop it afterwards.
 *
 *   const fdb = await startFerretDb();        // { uri, port, uriFor(db), stop(), kill(), dir }
 *   const storage = await MongoStorage.connect(fdb.uriFor());   // fresh database t_<random>
 *   await fdb.stop();
 *
 * The binary is looked for in $FERRETDB_BIN, .cache/bin/ferretdb (repo, gitignored),
 * $(go env GOPATH)/bin/ferretdb and PATH; each candidate must answer `--version` with v1.24.2.
 *
 * Why not just `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`: that binary panics at
 * start ("Invalid build/version/version.txt file content"), because FerretDB's release process generates
 * build/version/version.txt and a plain `go install` of the module has none. So the build copies the
 * module source (`go mod download`), writes version.txt = v1.24.2 and runs `go build` into .cache/bin.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './paths.js';

const run = promisify(execFile);

export const FERRETDB_VERSION = 'v1.24.2';
export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_CACHE_BIN = path.join(ROOT, '.cache', 'bin', 'ferretdb');
/** How long a first build may take (module download + compile) on a fresh machine. */
export const FERRETDB_BUILD_TIMEOUT_MS = 15 * 60_000;

export interface FerretDb {
  /** mongodb://127.0.0.1:PORT/ (no database) */
  uri: string;
  port: number;
  binary: string;
  /** A URI naming a database; a fresh random one (t_<hex>) when no name is given. */
  uriFor(database?: string): string;
  /** The folder holding the server's data/ and state/; pass it to startFerretDb({ dir }) to restart on the same data. */
  dir: string;
  /** What the server printed so far (for failure messages). */
  output(): string;
  /** SIGTERM, wait, and remove the folder (unless it was passed in). */
  stop(): Promise<void>;
  /** SIGKILL (a crash), keeping the folder. */
  kill(): Promise<void>;
}

export interface StartOptions {
  /** Reuse this folder (from an earlier FerretDb's `dir`) instead of a new temporary one; stop() then keeps it. */
  dir?: string;
}

function log(message: string): void {
  process.stderr.write(`[ferretdb] ${message}\n`);
}

/** The binary works when `--version` exits 0 and names the expected version. */
async function works(binary: string): Promise<boolean> {
  if (!fs.existsSync(binary)) return false;
  try {
    const { stdout } = await run(binary, ['--version'], { timeout: 15_000 });
    return stdout.includes(`version: ${FERRETDB_VERSION}`);
  } catch {
    return false;
  }
}

async function goEnv(name: string): Promise<string> {
  try {
    return (await run('go', ['env', name], { timeout: 30_000 })).stdout.trim();
  } catch {
    return '';
  }
}

async function candidates(): Promise<string[]> {
  const list: string[] = [];
  if (process.env.FERRETDB_BIN) list.push(process.env.FERRETDB_BIN);
  list.push(FERRETDB_CACHE_BIN);
  const gopath = await goEnv('GOPATH');
  for (const dir of gopath.split(path.delimiter).filter(Boolean)) list.push(path.join(dir, 'bin', 'ferretdb'));
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) list.push(path.join(dir, 'ferretdb'));
  return [...new Set(list)];
}

async function build(): Promise<string> {
  const started = Date.now();
  log(`building FerretDB ${FERRETDB_VERSION} into ${path.relative(ROOT, FERRETDB_CACHE_BIN)} (first run only; may take a few minutes)…`);
  try {
    await run('go', ['version'], { timeout: 30_000 });
  } catch (err) {
    throw new Error(`Go is needed to build FerretDB and was not found: ${(err as Error).message}`);
  }
  const env = { ...process.env, GOFLAGS: '-buildvcs=false', CGO_ENABLED: '0' };
  const { stdout } = await run('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
    env,
    timeout: FERRETDB_BUILD_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  const moduleDir = (JSON.parse(stdout) as { Dir?: string; Error?: string }).Dir;
  if (!moduleDir) throw new Error(`go mod download gave no source folder: ${stdout}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ferretdb-src-'));
  try {
    const src = path.join(work, 'src');
    fs.cpSync(moduleDir, src, { recursive: true });
    // The module cache is read-only; make the copy writable, then add the file a release build generates.
    const makeWritable = (p: string) => {
      const stat = fs.statSync(p);
      fs.chmodSync(p, stat.mode | 0o200);
      if (stat.isDirectory()) for (const name of fs.readdirSync(p)) makeWritable(path.join(p, name));
    };
    makeWritable(src);
    fs.writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    fs.mkdirSync(path.dirname(FERRETDB_CACHE_BIN), { recursive: true });
    const tmp = `${FERRETDB_CACHE_BIN}.${process.pid}.tmp`;
    await run('go', ['build', '-trimpath', '-o', tmp, './cmd/ferretdb'], { cwd: src, env, timeout: FERRETDB_BUILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
    fs.renameSync(tmp, FERRETDB_CACHE_BIN); // atomic: a parallel run sees either nothing or a whole binary
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (!(await works(FERRETDB_CACHE_BIN))) throw new Error(`the FerretDB binary built at ${FERRETDB_CACHE_BIN} does not run`);
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
  return FERRETDB_CACHE_BIN;
}

let binaryPromise: Promise<string> | undefined;

/** Path of a working FerretDB v1.24.2 binary, building it once when none is found. */
export function ensureFerretDb(): Promise<string> {
  binaryPromise ??= (async () => {
    const found = await candidates();
    for (const binary of found) if (await works(binary)) return binary;
    return build();
  })();
  return binaryPromise;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function startOnce(binary: string, options: StartOptions): Promise<FerretDb> {
  const port = await freePort();
  const ownsDir = !options.dir;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ferretdb-'));
  const dataDir = path.join(dir, 'data');
  const stateDir = path.join(dir, 'state');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.mkdirSync(stateDir, { recursive: true });
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${stateDir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=ERROR',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DO_NOT_TRACK: '1' } },
  );
  running.add(child);
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      running.delete(child);
      resolve();
    }),
  );
  child.once('error', (err) => keep(Buffer.from(String(err))));

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exitPromise;
      clearTimeout(timer);
    }
    if (ownsDir) fs.rmSync(dir, { recursive: true, force: true });
  };
  const kill = async () => {
    if (!exited) {
      child.kill('SIGKILL');
      await exitPromise;
    }
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`FerretDB exited at start: ${output.trim() || '(no output)'}`);
    }
    if (await canConnect(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`FerretDB did not accept connections on 127.0.0.1:${port} within 30 s: ${output.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const uri = `mongodb://127.0.0.1:${port}/`;
  return {
    uri,
    port,
    binary,
    uriFor: (database = `t_${crypto.randomBytes(6).toString('hex')}`) => `${uri}${database}`,
    dir,
    output: () => output,
    stop,
    kill,
  };
}

/** Start a FerretDB (SQLite handler, temporary folder, free loopback port); resolves once it accepts connections. */
export async function startFerretDb(options: StartOptions = {}): Promise<FerretDb> {
  const binary = await ensureFerretDb();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(binary, options); // a retry covers the rare case of the free port being taken meanwhile
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

/** True when a missing FerretDB must fail the run instead of skipping (CI=true). */
export function ferretDbRequired(): boolean {
  return process.env.CI === 'true';
}

/**
 * For a mocha `before` hook: start FerretDB, or — when it cannot be built or started — skip the suite
 * with a clear message, except under CI=true, where the error fails the run.
 */
export async function startFerretDbOrSkip(context: Mocha.Context, options: StartOptions = {}): Promise<FerretDb> {
  context.timeout(FERRETDB_BUILD_TIMEOUT_MS + 60_000);
  try {
    return await startFerretDb(options);
  } catch (err) {
    const message = `FerretDB ${FERRETDB_VERSION} could not be built or started: ${(err as Error).message}`;
    if (ferretDbRequired()) throw new Error(`${message}\n(CI=true: a missing FerretDB fails the run)`);
    process.stderr.write(`\n  SKIPPED — ${message}\n  (the MongoDB adapter was NOT tested; with CI=true this is a failure)\n\n`);
    context.skip();
  }
}
