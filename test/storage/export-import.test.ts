/**
 * `npm run data:export` / `npm run data:import` round trips, through the real commands: SQLite → JSON lines
 * → a fresh SQLite, and (when FerretDB is available) → MongoDB on FerretDB → JSON lines → SQLite again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { MongoStorage } from '../../src/storage/mongo.js';
import { SqliteStorage } from '../../src/storage/sqlite.js';
import { FERRETDB_VERSION, startFerretDbOrSkip, type FerretDb } from '../helpers/ferretdb.js';
import { run as runCommand, runCli } from '../helpers/process.js';
import { tempDir } from '../helpers/setup.js';
import { EXPORTED_COLLECTIONS, exportOf, fillStore } from './contract.js';

// MONGODB_URI/DATA_DIR are always given explicitly, so the caller's own environment cannot leak in.
const cli = (script: 'data-export.ts' | 'data-import.ts', args: string[], env: Record<string, string>, input?: string) =>
  runCli(script, args, { MONGODB_URI: '', DATA_DIR: '', ...env }, input);

async function sqliteExport(dataDir: string) {
  const storage = SqliteStorage.inDataDir(dataDir);
  try {
    return await exportOf(storage);
  } finally {
    await storage.close();
  }
}

describe('data:export and data:import', function () {
  this.timeout(60_000);
  let work: string;
  let source: string;
  let dump: string;

  before(async () => {
    work = tempDir('export-import-');
    source = path.join(work, 'source');
    const storage = SqliteStorage.inDataDir(source);
    await fillStore(storage);
    await storage.close();
    const exported = await runCommand('npm', ['run', '--silent', 'data:export'], { MONGODB_URI: '', DATA_DIR: source });
    expect(exported.code, exported.stderr).to.equal(0);
    dump = exported.stdout;
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('npm run --silent data:export writes one {"collection", "record"} line per record of exportAll, and counts on stderr', async () => {
    const lines = dump.trimEnd().split('\n');
    const rows = lines.map((line) => JSON.parse(line) as { collection: string; record: Record<string, unknown> });
    for (const row of rows) expect(Object.keys(row)).to.deep.equal(['collection', 'record']);
    expect(rows).to.deep.equal(await sqliteExport(source));
    expect([...new Set(rows.map((r) => r.collection))].sort()).to.deep.equal([...EXPORTED_COLLECTIONS].sort());
    const again = await cli('data-export.ts', [], { DATA_DIR: source });
    expect(again.stderr)
      .to.contain(`${rows.length} records from ${path.join(source, 'bot.sqlite')}`)
      .and.contain('messages 4');
  });

  it('--out FILE writes the same lines into the file', async () => {
    const file = path.join(work, 'out.jsonl');
    const result = await cli('data-export.ts', ['--out', file], { DATA_DIR: source });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal('');
    expect(fs.readFileSync(file, 'utf8')).to.equal(dump);
    expect(fs.existsSync(`${file}.partial`)).to.equal(false);
  });

  it('refuses to export a DATA_DIR without a database instead of exporting nothing', async () => {
    const empty = path.join(work, 'does-not-exist');
    const result = await cli('data-export.ts', [], { DATA_DIR: empty });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('no database at');
    expect(fs.existsSync(empty)).to.equal(false);
  });

  it('SQLite → dump → a fresh SQLite: the same export, from a file and from stdin', async () => {
    const file = path.join(work, 'dump.jsonl');
    fs.writeFileSync(file, dump);
    const target = path.join(work, 'sqlite-copy');
    const imported = await runCommand('npm', ['run', '--silent', 'data:import', '--', file], { MONGODB_URI: '', DATA_DIR: target });
    expect(imported.code, imported.stderr).to.equal(0);
    expect(imported.stdout).to.contain('28 records into').and.contain('conversations 2').and.contain('0 bad line(s)');
    expect(await sqliteExport(target)).to.deep.equal(await sqliteExport(source));

    const viaStdin = path.join(work, 'sqlite-stdin');
    const piped = await cli('data-import.ts', [], { DATA_DIR: viaStdin }, dump);
    expect(piped.code, piped.stderr).to.equal(0);
    expect(await sqliteExport(viaStdin)).to.deep.equal(await sqliteExport(source));
  });

  it('refuses a store that already holds data unless --force', async () => {
    const target = path.join(work, 'twice');
    expect((await cli('data-import.ts', [], { DATA_DIR: target }, dump)).code).to.equal(0);
    const again = await cli('data-import.ts', [], { DATA_DIR: target }, dump);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('already holds data');
    expect(await sqliteExport(target)).to.deep.equal(await sqliteExport(source)); // nothing doubled
    const forced = await cli(
      'data-import.ts',
      ['--force'],
      { DATA_DIR: target },
      dump
        .split('\n')
        .filter((l) => l.includes('"audit"'))
        .join('\n'),
    );
    expect(forced.code, forced.stderr).to.equal(0);
    expect((await sqliteExport(target)).filter((r) => r.collection === 'audit')).to.have.length(4);
  });

  it('reports each bad line with its line number, imports the rest, and exits non-zero', async () => {
    const good = dump.trimEnd().split('\n');
    const lines = [
      good[0], // 1
      '{"collection": "messages", "record": ', // 2: broken JSON
      '', // 3: blank, skipped
      '{"collection": "nonsense", "record": {}}', // 4
      '{"collection": "messages", "record": {"text": "no conversation"}}', // 5
      '["not", "an", "object"]', // 6
      '{"collection": "state", "record": {"key": "k", "value": 3}}', // 7
      ...good.slice(1), // 8…
    ];
    const target = path.join(work, 'with-bad-lines');
    const file = path.join(work, 'bad.jsonl');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const result = await cli('data-import.ts', [file], { DATA_DIR: target });
    expect(result.code).to.equal(1);
    const reported = result.stderr.trim().split('\n');
    expect(reported.map((l) => l.split(': ')[0])).to.deep.equal([`${file}:2`, `${file}:4`, `${file}:5`, `${file}:6`, `${file}:7`]);
    expect(reported[1]).to.contain('unknown collection "nonsense"');
    expect(reported[2]).to.contain('without conversationId, author, at');
    expect(result.stdout).to.contain(`${good.length} records into`).and.contain('5 bad line(s)');
    expect(await sqliteExport(target)).to.deep.equal(await sqliteExport(source));
  });

  describe(`with MongoDB on FerretDB ${FERRETDB_VERSION.slice(1)} (SQLite handler)`, () => {
    let fdb: FerretDb | undefined;
    before(async function () {
      fdb = await startFerretDbOrSkip(this);
    });
    after(async () => {
      await fdb?.stop();
    });

    it('moves SQLite → MongoDB on FerretDB (DATA_DIR export, MONGODB_URI import), exports the same lines, and back to SQLite', async () => {
      const uri = fdb!.uriFor();
      const file = path.join(work, 'to-mongo.jsonl');
      fs.writeFileSync(file, dump);
      const imported = await cli('data-import.ts', [file], { MONGODB_URI: uri });
      expect(imported.code, imported.stderr).to.equal(0);
      expect(imported.stdout).to.contain('28 records into MongoDB');

      const mongo = await MongoStorage.connect(uri);
      try {
        expect(await exportOf(mongo)).to.deep.equal(await sqliteExport(source));
        expect(await mongo.countPendingInbound()).to.equal(1);
        expect((await mongo.listDeadInbound()).map((d) => d.eventId)).to.deep.equal(['mid.dead']); // a dead event moves too, still dead
      } finally {
        await mongo.close();
      }

      const exported = await cli('data-export.ts', [], { MONGODB_URI: uri });
      expect(exported.code, exported.stderr).to.equal(0);
      expect(exported.stderr).to.contain('records from MongoDB (MONGODB_URI)').and.not.contain(uri);
      expect(exported.stdout).to.equal(dump); // the same lines, byte for byte, from the other adapter

      const back = path.join(work, 'back-from-mongo');
      const reimported = await cli('data-import.ts', [], { DATA_DIR: back }, exported.stdout);
      expect(reimported.code, reimported.stderr).to.equal(0);
      expect(await sqliteExport(back)).to.deep.equal(await sqliteExport(source));
    });
  });
});
