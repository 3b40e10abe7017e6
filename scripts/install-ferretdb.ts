/**
 * FerretDB 1.x (a MongoDB-compatible server on SQLite), which the MongoDB adapter's tests run against:
 * find a working v1.24.2 binary, or build one into .cache/bin/ferretdb (gitignored). `.ci/run` calls this
 * before the tests; the tests only look for the binary (test/helpers/ferretdb.ts) and never build it.
 *
 *   npx tsx scripts/install-ferretdb.ts     # prints where the binary is; builds it first when none works
 *
 * A binary is looked for in $FERRETDB_BIN when it is set (only there: it is an explicit choice), else in
 * .cache/bin/ferretdb, $(go env GOPATH)/bin/ferretdb and PATH; it must answer `--version` with v1.24.2.
 *
 * Why not just `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`: that binary panics at
 * start ("Invalid build/version/version.txt file content"), because FerretDB's release process generates
 * build/version/version.txt and a plain `go install` of the module has none. So the build copies the
 * module source (`go mod download`, from the Go module proxy), writes version.txt = v1.24.2 and runs
 * `go build` into .cache/bin. Needs Go; takes a few minutes the first time.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FERRETDB_VERSION = 'v1.24.2';
export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_CACHE_BIN = path.join(ROOT, '.cache', 'bin', 'ferretdb');
/** The command that installs it, for messages. */
export const FERRETDB_INSTALL_COMMAND = 'npx tsx scripts/install-ferretdb.ts';
/** How long a first build may take (module download + compile) on a fresh machine. */
const BUILD_TIMEOUT_MS = 15 * 60_000;

function log(message: string): void {
  process.stderr.write(`[install-ferretdb] ${message}\n`);
}

/** The binary works when `--version` exits 0 and names the expected version. */
export async function works(binary: string): Promise<boolean> {
  if (!fs.existsSync(binary)) return false;
  try {
    const { stdout } = await run(binary, ['--version'], { timeout: 15_000 });
    return stdout.includes(`version: ${FERRETDB_VERSION}`);
  } catch {
    return false; // not executable, crashed, or another version: not a candidate (the caller says what it looked at)
  }
}

async function goEnv(name: string): Promise<string> {
  try {
    return (await run('go', ['env', name], { timeout: 30_000 })).stdout.trim();
  } catch {
    return ''; // no Go: no GOPATH to look in
  }
}

/** Where a binary is looked for, in order. */
export async function candidates(): Promise<string[]> {
  if (process.env.FERRETDB_BIN) return [process.env.FERRETDB_BIN];
  const list = [FERRETDB_CACHE_BIN];
  const gopath = await goEnv('GOPATH');
  for (const dir of gopath.split(path.delimiter).filter(Boolean)) list.push(path.join(dir, 'bin', 'ferretdb'));
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) list.push(path.join(dir, 'ferretdb'));
  return [...new Set(list)];
}

/** The first working FerretDB v1.24.2 binary, or undefined with the places looked at. */
export async function findFerretDb(): Promise<{ binary?: string; looked: string[] }> {
  const looked = await candidates();
  for (const binary of looked) if (await works(binary)) return { binary, looked };
  return { looked };
}

/** Build FerretDB v1.24.2 from its module source into .cache/bin/ferretdb. */
export async function buildFerretDb(): Promise<string> {
  const started = Date.now();
  log(`building FerretDB ${FERRETDB_VERSION} into ${path.relative(ROOT, FERRETDB_CACHE_BIN)} (may take a few minutes)…`);
  try {
    await run('go', ['version'], { timeout: 30_000 });
  } catch (err) {
    throw new Error(`Go is needed to build FerretDB and was not found: ${(err as Error).message}`, { cause: err });
  }
  const env = { ...process.env, GOFLAGS: '-buildvcs=false', CGO_ENABLED: '0' };
  const { stdout } = await run('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
    env,
    timeout: BUILD_TIMEOUT_MS,
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
    await run('go', ['build', '-trimpath', '-o', tmp, './cmd/ferretdb'], { cwd: src, env, timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
    fs.renameSync(tmp, FERRETDB_CACHE_BIN); // atomic: a test run at the same time sees either nothing or a whole binary
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (!(await works(FERRETDB_CACHE_BIN))) throw new Error(`the FerretDB binary built at ${FERRETDB_CACHE_BIN} does not run`);
  log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
  return FERRETDB_CACHE_BIN;
}

async function main(): Promise<void> {
  const { binary, looked } = await findFerretDb();
  if (binary) {
    log(`FerretDB ${FERRETDB_VERSION} found at ${binary}; nothing to do`);
    return;
  }
  if (process.env.FERRETDB_BIN)
    throw new Error(`FERRETDB_BIN=${process.env.FERRETDB_BIN} is not a working FerretDB ${FERRETDB_VERSION}; unset it to build one`);
  log(`no working FerretDB ${FERRETDB_VERSION} in ${looked.length} places looked at`);
  await buildFerretDb();
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    log(`failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
