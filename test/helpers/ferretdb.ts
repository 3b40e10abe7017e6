/**
 * FerretDB 1.x (a MongoDB-compatible server on SQLite) for tests: start the installed binary on a free
 * loopback port with its SQLite handler in a temporary folder, stop it afterwards.
 *
 *   const fdb = await startFerretDb();        // { uri, port, uriFor(db), stop(), kill(), dir }
 *   const storage = await MongoStorage.connect(fdb.uriFor());   // fresh database t_<random>
 *   await fdb.stop();
 *
 * Tests never install anything: `.ci/run` builds the binary first (scripts/install-ferretdb.ts, which also
 * says where it is looked for: $FERRETDB_BIN alone when set, else .cache/bin/ferretdb, GOPATH/bin, PATH).
 * Without it the FerretDB suites are skipped with a one-line message saying how to install it — or, with
 * CI=true, they fail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FERRETDB_INSTALL_COMMAND, FERRETDB_VERSION, findFerretDb } from '../../scripts/install-ferretdb.js';

export { FERRETDB_VERSION } from '../../scripts/install-ferretdb.js';

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

/** No working FerretDB binary where one is looked for. */
export class FerretDbMissing extends Error {
  override name = 'FerretDbMissing';
}

let binaryPromise: Promise<string> | undefined;

/** Path of a working FerretDB v1.24.2 binary (looked for once per run); throws FerretDbMissing when there is none. */
export function ensureFerretDb(): Promise<string> {
  binaryPromise ??= (async () => {
    const { binary } = await findFerretDb();
    if (binary) return binary;
    const where = process.env.FERRETDB_BIN ? `FERRETDB_BIN=${process.env.FERRETDB_BIN}` : '.cache/bin, GOPATH/bin or PATH';
    throw new FerretDbMissing(`FerretDB ${FERRETDB_VERSION} not found (${where}); install it with: ${FERRETDB_INSTALL_COMMAND}`);
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
 * For a mocha `before` hook: start FerretDB, or — when it is not installed or does not start — skip the
 * suite with a one-line message, except under CI=true, where the error fails the run.
 */
export async function startFerretDbOrSkip(context: Mocha.Context, options: StartOptions = {}): Promise<FerretDb> {
  context.timeout(120_000); // three start attempts of up to 30 s each
  try {
    return await startFerretDb(options);
  } catch (err) {
    const message = err instanceof FerretDbMissing ? err.message : `FerretDB ${FERRETDB_VERSION} did not start: ${(err as Error).message}`;
    if (ferretDbRequired()) throw new Error(`${message} (CI=true: the MongoDB adapter must be tested)`, { cause: err });
    process.stderr.write(`      SKIPPED (the MongoDB adapter is NOT tested; with CI=true this fails): ${message}\n`);
    context.skip();
  }
}
