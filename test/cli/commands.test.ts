import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { FIXTURE_KB, ROOT } from '../helpers/paths.js';
import { runCli } from '../helpers/process.js';
import { tempDir } from '../helpers/setup.js';

const run = promisify(execFile);

const cli = (script: string, args: string[], env: Record<string, string> = {}, input?: string) =>
  runCli(script, args, { KB_DIR: FIXTURE_KB, BOT_CLOCK: '2026-11-26', ...env }, input);

describe('command line', () => {
  describe('ask', () => {
    it('--json prints one object with the documented fields', async () => {
      const { code, stdout } = await cli('ask.ts', ['--json', 'luong toi thieu vung 1 la bao nhieu']);
      expect(code).to.equal(0);
      const lines = stdout.trim().split('\n');
      expect(lines).to.have.length(1);
      const r = JSON.parse(lines[0]!);
      expect(Object.keys(r)).to.deep.equal(['outcome', 'entryId', 'confidence', 'language', 'text', 'options', 'citations']);
      expect(r.outcome).to.equal('answer');
      expect(r.entryId).to.equal('luong-toi-thieu');
      expect(r.confidence).to.be.within(0, 1);
      expect(r.text).to.contain('5.310.000');
      expect(r.citations[0]).to.contain('Nghị định 293/2025/NĐ-CP');
    });

    it('--json hands off "cho em gặp cán bộ công đoàn"', async () => {
      const r = JSON.parse((await cli('ask.ts', ['--json', 'cho em gặp cán bộ công đoàn'])).stdout);
      expect(r.outcome).to.equal('handoff');
      expect(r.entryId).to.equal(null);
    });

    it('--jsonl answers each line in order and prints nothing else', async () => {
      const input = 'nghi phep nam bao nhieu ngay\nchào ad\ngiá vàng hôm nay\nnghi de duoc bao lau\n';
      const { code, stdout } = await cli('ask.ts', ['--jsonl'], {}, input);
      expect(code).to.equal(0);
      const rows = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(rows.map((r) => r.outcome)).to.deep.equal(['answer', 'smalltalk', 'out_of_scope', 'answer']);
      expect(rows[3].entryId).to.equal('nghi-thai-san');
    });

    it('--date answers as on another day', async () => {
      const r = JSON.parse((await cli('ask.ts', ['--json', '--date', '2025-03-01', 'luong toi thieu vung 1'])).stdout);
      expect(r.text).to.contain('4.960.000');
    });
  });

  describe('kb:validate', () => {
    it('--json prints the counts and no errors for a good knowledge base', async () => {
      const { code, stdout } = await cli('kb-validate.ts', ['--json']);
      expect(code).to.equal(0);
      expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).to.deep.equal({ entries: 3, published: 3, errors: [] });
    });

    it('prints each problem with file and line and exits non-zero', async () => {
      const dir = tempDir('kb-');
      fs.cpSync(FIXTURE_KB, dir, { recursive: true });
      const file = path.join(dir, 'entries', 'leave', 'nghi-phep-nam.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('status: published', 'status: maybe'));
      const text = await cli('kb-validate.ts', ['--dir', dir]);
      expect(text.code).to.equal(1);
      expect(text.stdout).to.match(/entries\/leave\/nghi-phep-nam\.yaml:4: status: /);
      const json = await cli('kb-validate.ts', ['--dir', dir, '--json']);
      expect(json.code).to.equal(1);
      const last = JSON.parse(json.stdout.trim().split('\n').at(-1)!);
      expect(last.entries).to.equal(2);
      expect(last.errors[0]).to.include({ line: 4 });
      expect(last.errors[0].file).to.match(/entries\/leave\/nghi-phep-nam\.yaml$/);
    });
  });

  describe('a mistyped command line is refused with one line naming the mistake, the usage and exit code 2', () => {
    const cases: [script: string, args: string[], firstLine: string][] = [
      ['ask.ts', ['--jsn', 'nghỉ phép năm'], 'ask: unknown option --jsn'],
      ['kb-validate.ts', ['--jsno'], 'kb:validate: unknown option --jsno'],
      ['eval.ts', ['--splt', 'dev'], 'eval: unknown option --splt'],
      ['data-export.ts', ['--output', 'dump.jsonl'], 'data:export: unknown option --output'],
      ['data-import.ts', ['--forse', 'dump.jsonl'], 'data:import: unknown option --forse'],
      ['console-add-user.ts', ['--user', 'lan'], 'console:add-user: unknown option --user'],
      ['messenger-setup.ts', ['--dry-run'], 'messenger:setup: unknown option --dry-run'],
      ['ask.ts', ['--json', '--date'], 'ask: --date needs a value'],
      ['kb-validate.ts', ['--json=yes'], 'kb:validate: --json takes no value'],
    ];
    for (const [script, args, firstLine] of cases) {
      it(`${script.replace('.ts', '')} ${args.join(' ')}`, async () => {
        // No store, Graph or knowledge base is touched: the command stops before doing anything.
        const { code, stdout, stderr } = await cli(script, args, { DATA_DIR: tempDir('cli-'), MONGODB_URI: '', FB_PAGE_ACCESS_TOKEN: '', FB_APP_SECRET: '' });
        expect(code, stderr).to.equal(2);
        expect(stdout).to.equal('');
        const lines = stderr.trimEnd().split('\n');
        expect(lines[0]).to.equal(firstLine);
        expect(lines[1]).to.match(/^usage: /);
      });
    }
  });

  it('npm run --silent kb:validate -- --json prints JSON as its last line', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'kb:validate', '--', '--json'], { cwd: ROOT, env: { ...process.env, KB_DIR: FIXTURE_KB } });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).to.have.keys(['entries', 'published', 'errors']);
  });
});
