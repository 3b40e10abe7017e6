/** The storage contract on a real SQLite file, plus the SQLite adapter's own concern: versioned migrations. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { MIGRATIONS, SqliteStorage } from '../../src/storage/sqlite.js';
import { ETag } from '../../src/storage/types.js';
import { tempDir } from '../helpers/setup.js';
import { conversation, rejection, storageContract } from './contract.js';

describe('storage contract — SQLite adapter (better-sqlite3, a file in a temporary folder)', () => {
  storageContract('SqliteStorage', async () => {
    const dir = tempDir('sqlite-contract-');
    const file = path.join(dir, 'bot.sqlite');
    const storage = new SqliteStorage(file);
    return {
      storage,
      another: async () => new SqliteStorage(file),
      cleanup: async () => {
        await storage.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

describe('SQLite migrations', () => {
  let dir: string;
  let file: string;
  const applied = () => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all() as { version: number; applied_at: string }[];
    } finally {
      db.close();
    }
  };
  const tables = () => {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    dir = tempDir('sqlite-migrations-');
    file = path.join(dir, 'bot.sqlite');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a new file gets every migration once; reopening runs none again and the data survives', async () => {
    const first = SqliteStorage.inDataDir(dir);
    expect(first.file).to.equal(file);
    expect(first.schemaVersion()).to.equal(MIGRATIONS.length);
    const saved = await first.saveConversation(conversation('an'), ETag.absent);
    await first.appendMessage({ conversationId: saved.id, author: 'worker', text: 'xin chào', at: saved.createdAt });
    await first.close();
    const before = applied();
    expect(before.map((r) => r.version)).to.deep.equal(MIGRATIONS.map((_, i) => i + 1));

    await new Promise((r) => setTimeout(r, 10));
    const second = new SqliteStorage(file);
    expect(second.schemaVersion()).to.equal(MIGRATIONS.length);
    expect(await second.getConversation(saved.id)).to.deep.equal(saved);
    expect((await second.listMessages(saved.id)).map((m) => m.text)).to.deep.equal(['xin chào']);
    await second.close();
    expect(applied()).to.deep.equal(before); // same rows, same applied_at: nothing ran again
  });

  it('a new migration runs once on an existing file, after the ones already applied', async () => {
    const first = new SqliteStorage(file);
    await first.writeState({ k: { v: 1 } });
    await first.close();
    const before = applied();
    MIGRATIONS.push('CREATE TABLE test_extra (x INTEGER); INSERT INTO test_extra VALUES (42);');
    try {
      const second = new SqliteStorage(file);
      expect(second.schemaVersion()).to.equal(MIGRATIONS.length);
      expect(await second.readState(['k'])).to.deep.equal({ k: { v: 1 } });
      await second.close();
      const after = applied();
      expect(after.slice(0, before.length)).to.deep.equal(before);
      expect(after.map((r) => r.version)).to.deep.equal(MIGRATIONS.map((_, i) => i + 1));
      // and again: not re-run (it would insert a second row)
      await new SqliteStorage(file).close();
      const db = new Database(file, { readonly: true });
      expect(db.prepare('SELECT COUNT(*) n FROM test_extra').get()).to.deep.equal({ n: 1 });
      db.close();
    } finally {
      MIGRATIONS.pop();
    }
  });

  it('a failing migration is rolled back whole and not recorded', async () => {
    await new SqliteStorage(file).close();
    MIGRATIONS.push('CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);');
    try {
      expect(await rejection((async () => new SqliteStorage(file))())).to.be.instanceOf(Error);
    } finally {
      MIGRATIONS.pop();
    }
    expect(applied().map((r) => r.version)).to.deep.equal(MIGRATIONS.map((_, i) => i + 1));
    expect(tables()).to.not.include('half_done');
  });
});

describe('SQLite: deleted conversations leave no readable trace in the file (issue 15)', () => {
  it("after deleteConversation the bytes of bot.sqlite and its WAL no longer hold the deleted messages' text", async () => {
    const dir = tempDir('sqlite-erase-');
    const file = path.join(dir, 'bot.sqlite');
    const storage = new SqliteStorage(file);
    try {
      const secret = 'Quan-ly-Tran-Van-B-quay-roi-toi-o-xuong-3';
      const kept = 'Cau-hoi-cua-nguoi-khac-van-con';
      await storage.saveConversation({ ...conversation('victim'), id: 'messenger:31415926535', channel: 'messenger', userId: '31415926535' }, ETag.absent);
      for (let i = 0; i < 40; i++) {
        await storage.appendMessage({ conversationId: 'messenger:31415926535', author: 'worker', text: `${secret} #${i}`, at: new Date().toISOString() });
        await storage.appendMessage({ conversationId: 'web:other', author: 'worker', text: `${kept} #${i}`, at: new Date().toISOString() });
      }
      await storage.logUnanswered({
        conversationId: 'messenger:31415926535',
        text: secret,
        outcome: 'handoff',
        confidence: 0.2,
        candidates: [],
        at: new Date().toISOString(),
      });
      await storage.recordInbound({
        eventId: 'm.erase.1',
        conversationId: 'messenger:31415926535',
        payload: JSON.stringify({ text: secret }),
        receivedAt: new Date().toISOString(),
      });
      await storage.writeState({ 'facebook/conversations/31415926535-31415926535/': { note: secret } });
      const bytes = () => Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
      expect(bytes().includes(secret)).to.equal(true); // the check can see the text while it is stored
      await storage.deleteConversation('messenger:31415926535');
      expect(bytes().includes(secret), 'deleted text still in the file').to.equal(false);
      expect(bytes().includes('31415926535'), 'deleted worker id still in the file').to.equal(false);
      expect(bytes().includes(kept)).to.equal(true);
      expect(await storage.listMessages('web:other')).to.have.length(40);
    } finally {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
