import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { deployment, procfileLine, splitCommand, startEntryPoint } from './helpers/deployment.js';
import { eventually } from './helpers/messenger.js';
import { ROOT } from './helpers/paths.js';
import { ChatClient, tempDir } from './helpers/setup.js';

describe('deploying: npm ci && npm run build && npm prune --omit=dev, then the Procfile (README, "Deploy")', function () {
  // Copying node_modules, compiling and pruning take about 30 s (once per test run, shared with npm-start.test.ts).
  this.timeout(120_000);
  let dir: string;

  before(async () => {
    dir = await deployment();
  });

  it('the Procfile starts node itself (a SIGTERM reaches it, not npm) with the same command as npm start: the compiled build', () => {
    const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
    expect(procfileLine()).to.equal(start);
    // environment assignments, then node itself (no npm, no shell script in between) on the compiled entry
    expect(splitCommand(start).program).to.equal('node');
    expect(start).to.match(/^([A-Z_]+=\S+ )*node .*dist\/main\.js$/);
    expect(start).to.not.contain('tsx');
  });

  it('leaves no TypeScript runner in node_modules (tsx and its esbuild are development tools)', () => {
    expect(fs.existsSync(path.join(dir, 'dist', 'main.js'))).to.equal(true);
    expect(fs.existsSync(path.join(dir, 'node_modules', 'tsx'))).to.equal(false);
    expect(fs.existsSync(path.join(dir, 'node_modules', 'esbuild'))).to.equal(false);
  });

  it('the compiled server imports the shipped knowledge base on first start, follows a kb:import of an edit (matcher rebuilt in its worker thread), and stops cleanly on SIGTERM', async () => {
    // Defaults: ./knowledge-base, and the locales, the web chat's files and the model beside the code.
    const dataDir = tempDir();
    const server = await startEntryPoint(dir, { DATA_DIR: dataDir });
    try {
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as Record<string, any>;
      expect(health).to.include({ status: 'ok', store: 'sqlite', messenger: 'off' });
      expect(health.knowledgeBase.published).to.be.at.least(150);
      expect(server.log()).to.contain('knowledge base imported into the store on first start');
      expect(await (await fetch(`${server.url}/`)).text()).to.contain('Trợ lý Công đoàn');
      const chat = new ChatClient(server.url);
      const answer = await chat.send({ text: 'nghi phep nam bao nhieu ngay' });
      expect(answer.json.outcome).to.equal('answer');
      expect(answer.json.text).to.contain('12 ngày làm việc');

      // An edit of the deployment's own copy, published with the compiled kb:import (no TypeScript runner in
      // production), is followed by the running server with the matcher built in its worker thread.
      const file = path.join(dir, 'knowledge-base', 'entries', 'leave', 'nghi-phep-nam.yaml');
      const original = fs.readFileSync(file, 'utf8');
      expect(original).to.contain('hưởng nguyên lương: 12 ngày làm việc');
      fs.writeFileSync(file, original.replace('hưởng nguyên lương: 12 ngày làm việc', 'hưởng nguyên lương (sửa để thử): 12 ngày làm việc'));
      const imported = spawnSync(process.execPath, ['dist/cli/kb-import.js', '--json'], {
        cwd: dir,
        env: { ...process.env, DATA_DIR: dataDir },
        encoding: 'utf8',
      });
      expect(imported.status, imported.stderr).to.equal(0);
      expect(JSON.parse(imported.stdout.trim().split('\n').pop()!)).to.include({ changed: 1, added: 0, removed: 0 });
      await eventually(() => expect(server.log()).to.contain('"msg":"knowledge base reloaded"'), 30_000);
      expect(server.log()).to.not.contain('could not build the matcher in a worker thread');
      expect((await chat.send({ text: 'nghi phep nam bao nhieu ngay' })).json.text).to.contain('(sửa để thử)');

      server.child.kill('SIGTERM');
      expect(await server.exited).to.equal(0);
      expect(server.log()).to.contain('"msg":"stopping"');
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  });
});
