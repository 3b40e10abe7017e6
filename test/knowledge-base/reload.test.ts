import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ChatClient, startServer, tempDir } from '../helpers/setup.js';
import { FIXTURE_KB, REAL_KB } from '../helpers/paths.js';
import { eventually } from '../helpers/messenger.js';
import { systemClock } from '../../src/clock.js';
import { buildMatcher } from '../../src/knowledge-base/build-matcher.js';
import { KnowledgeBaseProvider, nextPreparation } from '../../src/knowledge-base/provider.js';

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

describe('a reload builds the new matcher in a worker thread', function () {
  this.timeout(60_000);

  it('the old version answers meanwhile, this thread stays free, and the new matcher matches like one built here', async () => {
    const kbDir = tempDir('kb-worker-');
    fs.cpSync(REAL_KB, kbDir, { recursive: true });
    const provider = KnowledgeBaseProvider.load(kbDir, systemClock);
    const before = provider.current();
    const file = path.join(kbDir, 'entries', 'leave', 'nghi-phep-nam.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('phrasings:\n', 'phrasings:\n  - một năm làm việc được nghỉ phép mấy hôm\n'));

    // Training the shipped knowledge base's classifiers takes about 2 s: on this thread, no timer would fire.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const reloading = provider.reload();
    expect(provider.current()).to.equal(before);
    const problems = await reloading;
    clearInterval(timer);
    expect(problems).to.deep.equal([]);
    expect(ticks).to.be.at.least(10);

    const after = provider.current();
    expect(after.kb.version).to.not.equal(before.kb.version);
    const here = buildMatcher(after.kb, after.day);
    for (const q of ['mot nam lam viec duoc nghi phep may hom', 'công ty nợ lương 3 tháng', 'hồ sơ thai sản của em duyệt chưa', 'giá vàng hôm nay']) {
      expect(after.matcher.match(q), q).to.deep.equal(here.match(q));
    }
    expect(after.matcher.match('mot nam lam viec duoc nghi phep may hom').candidates[0]!.entryId).to.equal('nghi-phep-nam');
  });
});

describe('the next day\'s matcher is built ahead', function () {
  this.timeout(60_000);
  let now = new Date('2026-11-26T23:55:00+07:00');
  const clock = { now: () => now };

  it('at midnight the snapshot prepared in a worker thread is used, not one built on the spot', async () => {
    const provider = KnowledgeBaseProvider.load(FIXTURE_KB, clock);
    const prepared = await provider.prepareDay('2026-11-27');
    expect(provider.current().day).to.equal('2026-11-26');
    now = new Date('2026-11-27T00:00:01+07:00');
    expect(provider.current()).to.equal(prepared);
    expect(prepared.matcher.match('nghi phep nam bao nhieu ngay').candidates[0]!.entryId).to.equal('nghi-phep-nam');
  });

  it('is scheduled a few minutes before midnight in Vietnam, and after that for the following day', () => {
    const lead = 5 * 60_000;
    const noon = Date.parse('2026-11-26T12:00:00+07:00');
    expect(nextPreparation(noon, lead)).to.deep.equal({ day: '2026-11-27', at: Date.parse('2026-11-26T23:55:00+07:00') });
    const justPrepared = Date.parse('2026-11-26T23:55:30+07:00');
    expect(nextPreparation(justPrepared, lead)).to.deep.equal({ day: '2026-11-28', at: Date.parse('2026-11-27T23:55:00+07:00') });
    // 10:00 UTC is 17:00 in Vietnam: the next midnight there starts the 27th, whatever the server's time zone.
    expect(nextPreparation(Date.parse('2026-11-26T10:00:00Z'), lead).day).to.equal('2026-11-27');
  });

  it('a snapshot prepared before a reload is not used: the day\'s snapshot is built from the new version', async () => {
    now = new Date('2026-11-26T23:55:00+07:00');
    const kbDir = tempDir('kb-nextday-');
    fs.cpSync(FIXTURE_KB, kbDir, { recursive: true });
    const provider = KnowledgeBaseProvider.load(kbDir, clock);
    const prepared = await provider.prepareDay('2026-11-27');
    const file = path.join(kbDir, 'entries', 'leave', 'nghi-phep-nam.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('hưởng nguyên lương', 'hưởng nguyên lương theo hợp đồng'));
    expect(await provider.reload()).to.deep.equal([]);
    now = new Date('2026-11-27T00:00:01+07:00');
    const today = provider.current();
    expect(today).to.not.equal(prepared);
    expect(today.day).to.equal('2026-11-27');
    expect(today.kb.version).to.not.equal(prepared.kb.version);
  });
});
