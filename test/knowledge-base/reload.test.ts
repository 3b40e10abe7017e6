import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ChatClient, startServer, tempDir } from '../helpers/setup.js';
import { FIXTURE_KB } from '../helpers/paths.js';
import { eventually } from '../helpers/messenger.js';

describe('the running server reloads the knowledge base when files change', () => {
  it('an edit is served within seconds; a broken edit keeps the last good version', async () => {
    const kbDir = tempDir('kb-live-');
    fs.cpSync(FIXTURE_KB, kbDir, { recursive: true });
    const server = await startServer({ kbDir });
    server.kb.watch(50);
    try {
      const chat = new ChatClient(server.url);
      const before = await chat.send({ text: 'nghi phep nam bao nhieu ngay' });
      expect(before.json.text).to.contain('12 ngày làm việc');
      const versionBefore = ((await (await fetch(`${server.url}/healthz`)).json()) as { knowledgeBase: { version: string } }).knowledgeBase.version;

      const file = path.join(kbDir, 'entries', 'leave', 'nghi-phep-nam.yaml');
      const good = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, good.replace('hưởng nguyên lương', 'hưởng nguyên lương theo hợp đồng'));
      await eventually(async () => {
        const { json } = await chat.send({ text: 'nghi phep nam bao nhieu ngay' });
        expect(json.text).to.contain('theo hợp đồng');
      }, 5000);
      const versionAfter = ((await (await fetch(`${server.url}/healthz`)).json()) as { knowledgeBase: { version: string } }).knowledgeBase.version;
      expect(versionAfter).to.not.equal(versionBefore);

      fs.writeFileSync(file, good.replace('status: published', 'status: [broken'));
      await eventually(() => expect(server.kb.lastProblems.length).to.be.greaterThan(0), 5000);
      expect(server.kb.lastProblems[0]!.file).to.equal('entries/leave/nghi-phep-nam.yaml');
      const { json } = await chat.send({ text: 'nghi phep nam bao nhieu ngay' });
      expect(json.outcome).to.equal('answer');
      expect(json.text).to.contain('theo hợp đồng');
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as { knowledgeBase: { version: string; lastReloadProblems: number } };
      expect(health.knowledgeBase.version).to.equal(versionAfter);
      expect(health.knowledgeBase.lastReloadProblems).to.be.greaterThan(0);
    } finally {
      await server.close();
    }
  });
});
