/**
 * Durability: a writer process is killed with SIGKILL in the middle of a stream of writes; after restart
 * every write it had acknowledged must be there. SQLite always; MongoDB on FerretDB when available (and
 * there FerretDB itself is SIGKILLed and restarted on the same files too).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { MongoStorage } from '../../src/storage/mongo.js';
import { SqliteStorage } from '../../src/storage/sqlite.js';
import type { Storage } from '../../src/storage/types.js';
import { FERRETDB_VERSION, startFerretDb, startFerretDbOrSkip, type FerretDb } from '../helpers/ferretdb.js';
import { ROOT } from '../helpers/paths.js';
import { tempDir } from '../helpers/setup.js';
import { exportOf } from './contract.js';

const WRITER = path.join(ROOT, 'test', 'fixtures', 'write-stream.ts');
const ACKS_BEFORE_KILL = 300;

/** Run the writer; SIGKILL it (and call onKill) once it has acknowledged `acks` rounds. Resolves with the last acknowledged round. */
function writeUntilKilled(args: string[], acks: number, onKill: () => void = () => undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let last = 0;
    let killed = false;
    let pending = '';
    let stderr = '';
    let outOfOrder = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      const lines = (pending + d.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const match = /^ack (\d+)$/.exec(line);
        if (!match) continue;
        const n = Number(match[1]);
        if (n !== last + 1) outOfOrder ||= `ack ${n} after ack ${last}`;
        last = n;
        if (last >= acks && !killed) {
          killed = true;
          child.kill('SIGKILL');
          onKill();
        }
      }
    });
    child.on('close', (code, signal) => {
      if (outOfOrder) reject(new Error(outOfOrder));
      else if (killed && signal === 'SIGKILL')
        resolve(last); // acks still in the pipe when it died are counted too
      else reject(new Error(`the writer ended by itself (code ${code}, signal ${signal}) after ${last} acks: ${stderr}`));
    });
  });
}

async function expectAllAcknowledged(storage: Storage, acknowledged: number): Promise<void> {
  const texts = (await storage.listMessages('web:durable', 1_000_000)).map((m) => m.text);
  // every acknowledged round is there, in order; at most the one round in flight may follow
  expect(texts.length).to.be.within(acknowledged, acknowledged + 1);
  expect(texts.slice(0, acknowledged)).to.deep.equal(Array.from({ length: acknowledged }, (_, i) => `message ${i + 1}`));
  const inbox = (await exportOf(storage)).filter((r) => r.collection === 'inbox').map((r) => r.record.eventId);
  expect(inbox.length).to.be.within(acknowledged, acknowledged + 1);
  expect(inbox.slice(0, acknowledged)).to.deep.equal(Array.from({ length: acknowledged }, (_, i) => `mid.${i + 1}`));
  const conversation = await storage.getConversation('web:durable');
  expect(Number(conversation?.lastEntryId)).to.be.within(acknowledged, acknowledged + 1);
}

describe('durability — SIGKILL during a stream of writes', function () {
  this.timeout(60_000);

  it(`SQLite: every write acknowledged before the kill is there after reopening (${ACKS_BEFORE_KILL}+ rounds)`, async () => {
    const dir = tempDir('durability-');
    const file = path.join(dir, 'bot.sqlite');
    try {
      const acknowledged = await writeUntilKilled(['sqlite', file], ACKS_BEFORE_KILL);
      expect(acknowledged).to.be.at.least(ACKS_BEFORE_KILL);
      const db = new Database(file);
      expect(db.pragma('integrity_check', { simple: true })).to.equal('ok');
      db.close();
      const storage = new SqliteStorage(file);
      try {
        await expectAllAcknowledged(storage, acknowledged);
      } finally {
        await storage.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe(`MongoDB adapter on FerretDB ${FERRETDB_VERSION.slice(1)} (SQLite handler)`, () => {
    let fdb: FerretDb | undefined;
    before(async function () {
      fdb = await startFerretDbOrSkip(this);
    });
    after(async () => {
      await fdb?.stop();
    });

    it('MongoDB on FerretDB: writer and FerretDB both SIGKILLed; after restarting FerretDB every acknowledged write is there', async () => {
      const first = fdb!;
      const uri = first.uriFor('durability');
      const acknowledged = await writeUntilKilled(['mongodb', uri], ACKS_BEFORE_KILL, () => void first.kill());
      await first.kill();
      expect(acknowledged).to.be.at.least(ACKS_BEFORE_KILL);
      const restarted = await startFerretDb({ dir: first.dir });
      try {
        const storage = await MongoStorage.connect(restarted.uriFor('durability'));
        try {
          await expectAllAcknowledged(storage, acknowledged);
        } finally {
          await storage.close();
        }
      } finally {
        await restarted.stop();
      }
    });
  });
});
