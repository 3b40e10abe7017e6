/**
 * Files stay the exchange format (issue 16 item 7): kb:import loads a folder into the store, kb:export
 * writes the published knowledge base back; the round trip is lossless — byte for byte, comments included —
 * and kb:validate accepts the export with the same number of published entries. Also: files ↔ documents
 * on the shipped knowledge base, an import with problems refused whole, removals, and edits in the store
 * reaching the export.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { splitFigureFile, toDocuments, toFiles } from '../../src/knowledge-base/documents.js';
import { readKbFolder } from '../../src/knowledge-base/files.js';
import { SqliteStorage } from '../../src/storage/sqlite.js';
import { FIXTURE_KB, ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/process.js';
import { tempDir } from '../helpers/setup.js';

const SHIPPED = path.join(ROOT, 'knowledge-base');
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;

describe('kb:import and kb:export (issue 16 item 7)', function () {
  this.timeout(300_000);

  it('files → documents → files gives every shipped file back byte for byte; a figure file becomes one document per figure', () => {
    const files = readKbFolder(SHIPPED);
    const docs = toDocuments(files);
    expect(toFiles(docs)).to.deep.equal(files);
    const figures = docs.filter((d) => d.kind === 'figure');
    expect(figures.length).to.be.greaterThan(20);
    expect(figures.every((d) => /^figures\/[A-Za-z0-9_-]+\.yaml#[a-z0-9_]+$/.test(d.path))).to.equal(true);
    expect(docs.filter((d) => d.kind === 'entry').length).to.equal(files.filter((f) => f.path.startsWith('entries/')).length);
  });

  it('splitFigureFile: the opening comment stays with the first figure, a comment right above a figure goes with it', () => {
    const text = '# file comment\n\na:\n  label: A\n# about b\nb:\n  label: B\n\n# about c\n# more\nc:\n  label: C\n';
    const parts = splitFigureFile(text);
    expect(parts.map((p) => p.id)).to.deep.equal(['a', 'b', 'c']);
    expect(parts[0]!.text).to.equal('# file comment\n\na:\n  label: A\n');
    expect(parts[1]!.text).to.equal('# about b\nb:\n  label: B\n\n');
    expect(parts[2]!.text).to.equal('# about c\n# more\nc:\n  label: C\n');
    expect(parts.map((p) => p.text).join('')).to.equal(text);
  });

  it('kb:import then kb:export --out DIR: the shipped folder back byte for byte, accepted by kb:validate with the same published entries', async () => {
    const dataDir = tempDir();
    const out = path.join(tempDir(), 'exported');
    const env = { DATA_DIR: dataDir, KB_DIR: SHIPPED, BOT_CLOCK: '2026-12-06' };
    const imported = await runCli('kb-import.ts', ['--json'], env);
    expect(imported.code, imported.stderr).to.equal(0);
    const summary = lastJson(imported.stdout);
    expect(summary).to.include({ changed: 0, removed: 0, unchanged: 0 });
    expect(summary.errors).to.deep.equal([]);
    const exported = await runCli('kb-export.ts', ['--out', out, '--json'], env);
    expect(exported.code, exported.stderr).to.equal(0);
    expect(readKbFolder(out)).to.deep.equal(readKbFolder(SHIPPED));
    const before = lastJson((await runCli('kb-validate.ts', ['--json'], { ...env, KB_DIR: SHIPPED })).stdout);
    const after = await runCli('kb-validate.ts', ['--json'], { ...env, KB_DIR: out });
    expect(after.code, after.stdout).to.equal(0);
    expect(lastJson(after.stdout)).to.deep.equal({ ...before, errors: [] });
    // importing the same folder again changes nothing
    expect(lastJson((await runCli('kb-import.ts', ['--json'], env)).stdout)).to.include({ added: 0, changed: 0, removed: 0 });
    // a non-empty folder is refused without --force
    expect((await runCli('kb-export.ts', ['--out', out], env)).code).to.equal(1);
  });

  it('an import with any problem is refused whole (exit 1, the problems listed) and the store keeps what it had; a removed file becomes a removal', async () => {
    const dataDir = tempDir();
    const kb = path.join(tempDir(), 'kb');
    fs.cpSync(FIXTURE_KB, kb, { recursive: true });
    const env = { DATA_DIR: dataDir, KB_DIR: kb, BOT_CLOCK: '2026-11-26' };
    expect((await runCli('kb-import.ts', [], env)).code).to.equal(0);
    const entry = path.join(kb, 'entries', 'leave', 'nghi-phep-nam.yaml');
    fs.writeFileSync(entry, fs.readFileSync(entry, 'utf8').replace(/^citations:/m, 'citationz:'));
    const refused = await runCli('kb-import.ts', ['--json'], env);
    expect(refused.code).to.equal(1);
    expect((lastJson(refused.stdout).errors as { file: string }[]).map((e) => e.file)).to.include('entries/leave/nghi-phep-nam.yaml');
    const storage = new SqliteStorage(path.join(dataDir, 'bot.sqlite'));
    try {
      expect((await storage.listKbRevisions('entries/leave/nghi-phep-nam.yaml')).length).to.equal(1);
      // the first import is in the audit log; the refused one is not
      expect((await storage.listAudit()).map((e) => [e.action, e.staffId])).to.deep.equal([['kb_import', 'import']]);
    } finally {
      await storage.close();
    }
    fs.rmSync(entry);
    fs.rmSync(path.join(kb, 'entries', 'leave', 'nghi-thai-san.yaml')); // nghi-phep-nam is gone; keep the rest consistent
    const related = fs.readdirSync(path.join(kb, 'entries'), { recursive: true }).map(String);
    for (const file of related.filter((f) => f.endsWith('.yaml'))) {
      const full = path.join(kb, 'entries', file);
      fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replace(/^related:.*$/m, 'related: []'));
    }
    const pruned = await runCli('kb-import.ts', ['--json'], env);
    expect(pruned.code, pruned.stdout + pruned.stderr).to.equal(0);
    expect(lastJson(pruned.stdout)).to.include({ removed: 2 });
    const out = path.join(tempDir(), 'out');
    expect((await runCli('kb-export.ts', ['--out', out], env)).code).to.equal(0);
    expect(fs.existsSync(path.join(out, 'entries', 'leave', 'nghi-phep-nam.yaml'))).to.equal(false);
    expect(readKbFolder(out)).to.deep.equal(readKbFolder(kb));
  });
});
