/**
 * Embedded default: one SQLite file under DATA_DIR, WAL journal, versioned migrations applied at start.
 * Records are stored as JSON with the columns needed for lookups beside them.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { conditionHolds, sortNews } from './shared-rules.js';
import { DELETED_TARGET, stateKeyMentions, stateKeyNeedle, tombstoneKey } from './erasure.js';
import {
  ConcurrencyError,
  type AuditEvent,
  type CannedReply,
  type CaseNote,
  type ConversationRecord,
  type ETagCondition,
  type Feedback,
  type ClaimedInbound,
  type DeadInbound,
  type InboundEvent,
  type KbDraft,
  type KbRevision,
  type NewConversation,
  type NewsItem,
  type Owner,
  type OwnershipChange,
  type Session,
  type StaffAccount,
  type Storage,
  type TranscriptMessage,
  type UnansweredQuestion,
} from './types.js';

/** Each migration runs once, in order, inside a transaction; never edit a released one. */
export const MIGRATIONS: string[] = [
  `CREATE TABLE conversations (
     id TEXT PRIMARY KEY, owner TEXT NOT NULL, etag TEXT NOT NULL, updated_at TEXT NOT NULL, data TEXT NOT NULL);
   CREATE INDEX conversations_owner ON conversations(owner, updated_at);
   CREATE TABLE messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, at TEXT NOT NULL, data TEXT NOT NULL);
   CREATE INDEX messages_conversation ON messages(conversation_id, seq);
   CREATE TABLE ownership_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, data TEXT NOT NULL);
   CREATE INDEX ownership_conversation ON ownership_changes(conversation_id, seq);
   CREATE TABLE inbox (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, conversation_id TEXT NOT NULL,
     payload TEXT NOT NULL, received_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending',
     claimed_by TEXT, lease_until TEXT);
   CREATE INDEX inbox_pending ON inbox(status, conversation_id, seq);
   CREATE TABLE unanswered (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, data TEXT NOT NULL);
   CREATE TABLE feedback (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, data TEXT NOT NULL);
   CREATE TABLE staff (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, data TEXT NOT NULL);
   CREATE TABLE sessions (id TEXT PRIMARY KEY, staff_id TEXT NOT NULL, expires_at TEXT NOT NULL, data TEXT NOT NULL);
   CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL);
   CREATE TABLE state (key TEXT PRIMARY KEY, data TEXT NOT NULL);`,
  // Inbox items that fail: attempts counted per claim, the last cause kept, and a 'dead' status.
  `ALTER TABLE inbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE inbox ADD COLUMN last_error TEXT;
   ALTER TABLE inbox ADD COLUMN failed_at TEXT;`,
  // The claim walks pending events oldest first and stops at the first few that head their conversation:
  // ~0.05 ms with 20,000 pending, where finding every conversation's head first took 17–36 ms (and held
  // the event loop, acknowledgements included, that long on every claim).
  `CREATE INDEX inbox_pending_order ON inbox(status, seq);`,
  // The console's case work: staff-only notes per conversation, the team's canned replies.
  `CREATE TABLE notes (seq INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL, data TEXT NOT NULL);
   CREATE INDEX notes_conversation ON notes(conversation_id, seq);
   CREATE TABLE canned_replies (id TEXT PRIMARY KEY, data TEXT NOT NULL);`,
  // The knowledge base as editors keep it (issue 16): published revisions, append-only, one per (path, rev);
  // one working draft per document; union news and programmes.
  `CREATE TABLE kb_revisions (seq INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL, rev INTEGER NOT NULL, data TEXT NOT NULL, UNIQUE (path, rev));
   CREATE TABLE kb_drafts (path TEXT PRIMARY KEY, etag TEXT NOT NULL, data TEXT NOT NULL);
   CREATE TABLE news (id TEXT PRIMARY KEY, data TEXT NOT NULL);`,
];

type Row = { data: string };

export class SqliteStorage implements Storage {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL (in WAL mode): a commit survives a killed process; only a power cut or an OS crash may lose
    // the last commits before a checkpoint. An fsync costs ~3 ms here and better-sqlite3 waits for it on
    // the one thread that also acknowledges webhooks, so paying it on every transcript line, state write
    // and send record held answering to ~40 messages a second (bench/README.md). The one promise made to
    // someone outside — "we have your event" (the 200 to Meta, who will not send it again) — is written
    // with FULL, in a batch: recordInboundBatch.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    // Deleted rows are overwritten with zeros, not just unlinked: a worker's deleted messages must not
    // stay readable in the file's free pages (issue 15). deleteConversation also checkpoints the WAL.
    this.db.pragma('secure_delete = ON');
    this.migrate();
  }

  static inDataDir(dataDir: string): SqliteStorage {
    return new SqliteStorage(path.join(dataDir, 'bot.sqlite'));
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set((this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    MIGRATIONS.forEach((sql, i) => {
      const version = i + 1;
      if (applied.has(version)) return;
      this.db
        .transaction(() => {
          this.db.exec(sql);
          this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, new Date().toISOString());
        })
        .immediate();
    });
  }
  /** Prepared once, kept: preparing the same SQL on every call cost more than running it (a profile under load). */
  private sql(source: string): Database.Statement {
    let statement = this.statements.get(source);
    if (!statement) {
      statement = this.db.prepare(source);
      this.statements.set(source, statement);
    }
    return statement;
  }

  schemaVersion(): number {
    return (this.sql('SELECT MAX(version) v FROM schema_migrations').get() as { v: number }).v;
  }

  async getConversation(id: string): Promise<ConversationRecord | undefined> {
    const row = this.sql('SELECT data FROM conversations WHERE id = ?').get(id) as Row | undefined;
    return row ? (JSON.parse(row.data) as ConversationRecord) : undefined;
  }

  async saveConversation(record: NewConversation | ConversationRecord, condition: ETagCondition): Promise<ConversationRecord> {
    const now = new Date().toISOString();
    return this.db
      .transaction(() => {
        const existing = this.sql('SELECT etag, data FROM conversations WHERE id = ?').get(record.id) as { etag: string; data: string } | undefined;
        if (!conditionHolds(condition, existing?.etag)) {
          throw new ConcurrencyError(record.id);
        }
        const createdAt = existing ? (JSON.parse(existing.data) as ConversationRecord).createdAt : now;
        const saved: ConversationRecord = { ...record, createdAt, updatedAt: now, eTag: randomUUID() };
        this.sql(
          'INSERT INTO conversations (id, owner, etag, updated_at, data) VALUES (@id, @owner, @etag, @updated, @data) ON CONFLICT(id) DO UPDATE SET owner=@owner, etag=@etag, updated_at=@updated, data=@data',
        ).run({ id: saved.id, owner: saved.owner, etag: saved.eTag, updated: now, data: JSON.stringify(saved) });
        return saved;
      })
      .immediate();
  }

  async listConversationsByOwner(owners: Owner[]): Promise<ConversationRecord[]> {
    if (owners.length === 0) return [];
    const rows = this.sql(`SELECT data FROM conversations WHERE owner IN (${owners.map(() => '?').join(',')}) ORDER BY updated_at`).all(...owners) as Row[];
    return rows.map((r) => JSON.parse(r.data) as ConversationRecord);
  }

  /**
   * Everything kept about the conversation goes: its rows, the state keyed by the worker's id (Botkit's
   * dialog state), the conversation named in audit entries. A tombstone (hash + time) is left so that a
   * redelivered old event is not taken up again. With secure_delete on, the freed space is zeroed; the
   * WAL is then checkpointed and truncated, so the old page images leave the -wal file too.
   */
  async deleteConversation(id: string): Promise<void> {
    this.db
      .transaction(() => {
        for (const table of ['messages', 'ownership_changes', 'inbox', 'unanswered', 'feedback', 'notes']) {
          this.sql(`DELETE FROM ${table} WHERE conversation_id = ?`).run(id);
        }
        this.sql('DELETE FROM conversations WHERE id = ?').run(id);
        const keys = this.sql('SELECT key FROM state WHERE instr(key, ?) > 0 OR instr(key, ?) > 0').all(id, stateKeyNeedle(id)) as { key: string }[];
        const del = this.sql('DELETE FROM state WHERE key = ?');
        for (const { key } of keys) if (stateKeyMentions(key, id)) del.run(key);
        this.sql("UPDATE audit SET data = json_set(data, '$.target', ?) WHERE json_extract(data, '$.target') = ?").run(DELETED_TARGET, id);
        this.sql('INSERT INTO state (key, data) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET data = excluded.data').run(
          tombstoneKey(id),
          JSON.stringify({ deletedAt: new Date().toISOString() }),
        );
      })
      .immediate();
    if (this.file !== ':memory:') this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async appendMessage(message: TranscriptMessage): Promise<void> {
    this.sql('INSERT INTO messages (conversation_id, at, data) VALUES (?, ?, ?)').run(message.conversationId, message.at, JSON.stringify(message));
  }

  async listMessages(conversationId: string, limit = 500): Promise<TranscriptMessage[]> {
    const rows = this.sql('SELECT data FROM (SELECT seq, data FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq').all(
      conversationId,
      limit,
    ) as Row[];
    return rows.map((r) => JSON.parse(r.data) as TranscriptMessage);
  }

  async recordOwnershipChange(change: OwnershipChange): Promise<void> {
    this.sql('INSERT INTO ownership_changes (conversation_id, data) VALUES (?, ?)').run(change.conversationId, JSON.stringify(change));
  }

  async listOwnershipChanges(conversationId: string): Promise<OwnershipChange[]> {
    const rows = this.sql('SELECT data FROM ownership_changes WHERE conversation_id = ? ORDER BY seq').all(conversationId) as Row[];
    return rows.map((r) => JSON.parse(r.data) as OwnershipChange);
  }

  async recordInbound(event: InboundEvent): Promise<boolean> {
    return (await this.recordInboundBatch([event]))[0]!;
  }

  /** One transaction, fsynced before it returns (synchronous FULL for this commit only): a group commit. */
  async recordInboundBatch(events: InboundEvent[]): Promise<boolean[]> {
    if (events.length === 0) return [];
    const insert = this.sql('INSERT INTO inbox (event_id, conversation_id, payload, received_at) VALUES (?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING');
    this.db.pragma('synchronous = FULL');
    try {
      return this.db.transaction(() => events.map((e) => insert.run(e.eventId, e.conversationId, e.payload, e.receivedAt).changes === 1)).immediate();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  async claimInbound(worker: string, leaseMs: number, now: string, limit: number): Promise<ClaimedInbound[]> {
    const leaseUntil = new Date(Date.parse(now) + leaseMs).toISOString();
    return this.db
      .transaction(() => {
        // Only the oldest pending event of a conversation may run, so one user's messages stay in order.
        // lease_until also holds a failed event back until its retry time.
        const rows = this.sql(
          `SELECT event_id, conversation_id, payload, received_at, attempts FROM inbox i
           WHERE status = 'pending'
             AND (lease_until IS NULL OR lease_until < ?)
             AND NOT EXISTS (SELECT 1 FROM inbox j WHERE j.status = 'pending' AND j.conversation_id = i.conversation_id AND j.seq < i.seq)
           ORDER BY seq LIMIT ?`,
        ).all(now, limit) as { event_id: string; conversation_id: string; payload: string; received_at: string; attempts: number }[];
        const claim = this.sql('UPDATE inbox SET claimed_by = ?, lease_until = ?, attempts = attempts + 1 WHERE event_id = ?');
        for (const r of rows) claim.run(worker, leaseUntil, r.event_id);
        return rows.map((r) => ({
          eventId: r.event_id,
          conversationId: r.conversation_id,
          payload: r.payload,
          receivedAt: r.received_at,
          attempt: r.attempts + 1,
        }));
      })
      .immediate();
  }

  async extendInboundLease(eventId: string, worker: string, attempt: number, leaseUntil: string): Promise<boolean> {
    const result = this.sql("UPDATE inbox SET lease_until = ? WHERE event_id = ? AND claimed_by = ? AND attempts = ? AND status = 'pending'").run(
      leaseUntil,
      eventId,
      worker,
      attempt,
    );
    return result.changes === 1;
  }

  async markInboundDone(eventId: string): Promise<void> {
    this.sql("UPDATE inbox SET status = 'done', lease_until = NULL, payload = '{}' WHERE event_id = ?").run(eventId);
  }

  async retryInboundLater(eventId: string, failure: { error: string; retryAt: string }): Promise<void> {
    this.sql("UPDATE inbox SET claimed_by = NULL, lease_until = ?, last_error = ? WHERE event_id = ? AND status = 'pending'").run(
      failure.retryAt,
      failure.error,
      eventId,
    );
  }

  async markInboundDead(eventId: string, failure: { error: string; at: string }): Promise<void> {
    this.sql(
      "UPDATE inbox SET status = 'dead', claimed_by = NULL, lease_until = NULL, last_error = ?, failed_at = ? WHERE event_id = ? AND status = 'pending'",
    ).run(failure.error, failure.at, eventId);
  }

  async listDeadInbound(limit = 200): Promise<DeadInbound[]> {
    const rows = this.sql(
      "SELECT event_id, conversation_id, payload, received_at, attempts, last_error, failed_at FROM inbox WHERE status = 'dead' ORDER BY seq LIMIT ?",
    ).all(limit) as {
      event_id: string;
      conversation_id: string;
      payload: string;
      received_at: string;
      attempts: number;
      last_error: string | null;
      failed_at: string | null;
    }[];
    return rows.map((r) => ({
      eventId: r.event_id,
      conversationId: r.conversation_id,
      payload: r.payload,
      receivedAt: r.received_at,
      attempts: r.attempts,
      error: r.last_error ?? '',
      failedAt: r.failed_at ?? '',
    }));
  }

  async countDeadInbound(): Promise<number> {
    return (this.sql("SELECT COUNT(*) n FROM inbox WHERE status = 'dead'").get() as { n: number }).n;
  }

  async reviveDeadInbound(eventId: string): Promise<boolean> {
    const result = this.sql(
      "UPDATE inbox SET status = 'pending', attempts = 0, claimed_by = NULL, lease_until = NULL, last_error = NULL, failed_at = NULL WHERE event_id = ? AND status = 'dead'",
    ).run(eventId);
    return result.changes === 1;
  }

  async dropDeadInbound(eventId: string): Promise<boolean> {
    return this.sql("UPDATE inbox SET status = 'done', payload = '{}' WHERE event_id = ? AND status = 'dead'").run(eventId).changes === 1;
  }

  async countPendingInbound(): Promise<number> {
    return (this.sql("SELECT COUNT(*) n FROM inbox WHERE status = 'pending'").get() as { n: number }).n;
  }

  async oldestPendingInbound(): Promise<string | undefined> {
    const row = this.sql("SELECT received_at FROM inbox WHERE status = 'pending' ORDER BY seq LIMIT 1").get() as { received_at: string } | undefined;
    return row?.received_at;
  }

  async purgeDoneInbound(receivedBefore: string): Promise<number> {
    return this.sql("DELETE FROM inbox WHERE status = 'done' AND received_at < ?").run(receivedBefore).changes;
  }

  async logUnanswered(q: UnansweredQuestion): Promise<void> {
    this.sql('INSERT INTO unanswered (conversation_id, data) VALUES (?, ?)').run(q.conversationId, JSON.stringify(q));
  }

  async listUnanswered(limit = 200): Promise<UnansweredQuestion[]> {
    return (this.sql('SELECT data FROM unanswered ORDER BY seq DESC LIMIT ?').all(limit) as Row[]).map((r) => JSON.parse(r.data) as UnansweredQuestion);
  }

  async recordFeedback(f: Feedback): Promise<void> {
    this.sql('INSERT INTO feedback (conversation_id, data) VALUES (?, ?)').run(f.conversationId, JSON.stringify(f));
  }

  async listFeedback(limit = 200): Promise<Feedback[]> {
    return (this.sql('SELECT data FROM feedback ORDER BY seq DESC LIMIT ?').all(limit) as Row[]).map((r) => JSON.parse(r.data) as Feedback);
  }

  async addNote(note: CaseNote): Promise<void> {
    this.sql('INSERT INTO notes (conversation_id, data) VALUES (?, ?)').run(note.conversationId, JSON.stringify(note));
  }

  async listNotes(conversationId: string): Promise<CaseNote[]> {
    return (this.sql('SELECT data FROM notes WHERE conversation_id = ? ORDER BY seq').all(conversationId) as Row[]).map((r) => JSON.parse(r.data) as CaseNote);
  }

  async saveCannedReply(reply: CannedReply): Promise<void> {
    this.sql('INSERT INTO canned_replies (id, data) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data').run(reply.id, JSON.stringify(reply));
  }

  async listCannedReplies(): Promise<CannedReply[]> {
    const replies = (this.sql('SELECT data FROM canned_replies').all() as Row[]).map((r) => JSON.parse(r.data) as CannedReply);
    return replies.sort((a, b) => a.title.localeCompare(b.title, 'vi') || a.id.localeCompare(b.id));
  }

  async deleteCannedReply(id: string): Promise<boolean> {
    return this.sql('DELETE FROM canned_replies WHERE id = ?').run(id).changes === 1;
  }

  async createStaff(account: StaffAccount): Promise<void> {
    this.sql('INSERT INTO staff (id, username, data) VALUES (?, ?, ?)').run(account.id, account.username, JSON.stringify(account));
  }

  async updateStaff(account: StaffAccount): Promise<void> {
    this.sql('UPDATE staff SET data = ? WHERE id = ?').run(JSON.stringify(account), account.id);
  }

  async getStaffByUsername(username: string): Promise<StaffAccount | undefined> {
    const row = this.sql('SELECT data FROM staff WHERE username = ?').get(username) as Row | undefined;
    return row ? (JSON.parse(row.data) as StaffAccount) : undefined;
  }

  async getStaff(id: string): Promise<StaffAccount | undefined> {
    const row = this.sql('SELECT data FROM staff WHERE id = ?').get(id) as Row | undefined;
    return row ? (JSON.parse(row.data) as StaffAccount) : undefined;
  }

  async listStaff(): Promise<StaffAccount[]> {
    return (this.sql('SELECT data FROM staff ORDER BY username').all() as Row[]).map((r) => JSON.parse(r.data) as StaffAccount);
  }

  async createSession(session: Session): Promise<void> {
    this.sql('INSERT INTO sessions (id, staff_id, expires_at, data) VALUES (?, ?, ?, ?)').run(
      session.id,
      session.staffId,
      session.expiresAt,
      JSON.stringify(session),
    );
  }

  async getSession(id: string): Promise<Session | undefined> {
    const row = this.sql('SELECT data FROM sessions WHERE id = ?').get(id) as Row | undefined;
    return row ? (JSON.parse(row.data) as Session) : undefined;
  }

  async deleteSession(id: string): Promise<void> {
    this.sql('DELETE FROM sessions WHERE id = ?').run(id);
  }

  async purgeExpiredSessions(now: string): Promise<number> {
    return this.sql('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
  }

  async audit(event: AuditEvent): Promise<void> {
    this.sql('INSERT INTO audit (data) VALUES (?)').run(JSON.stringify(event));
  }

  async listAudit(limit = 200): Promise<AuditEvent[]> {
    return (this.sql('SELECT data FROM audit ORDER BY seq DESC LIMIT ?').all(limit) as Row[]).map((r) => JSON.parse(r.data) as AuditEvent);
  }

  async kbPublishMark(): Promise<string> {
    const row = this.sql('SELECT MAX(seq) m FROM kb_revisions').get() as { m: number | null };
    return row.m === null ? '' : String(row.m);
  }

  async listLatestKbRevisions(): Promise<KbRevision[]> {
    const rows = this.sql('SELECT data FROM kb_revisions r WHERE rev = (SELECT MAX(rev) FROM kb_revisions WHERE path = r.path) ORDER BY path').all() as Row[];
    return rows.map((r) => JSON.parse(r.data) as KbRevision);
  }

  async listKbRevisions(path: string): Promise<KbRevision[]> {
    return (this.sql('SELECT data FROM kb_revisions WHERE path = ? ORDER BY rev').all(path) as Row[]).map((r) => JSON.parse(r.data) as KbRevision);
  }

  async appendKbRevisions(revisions: KbRevision[]): Promise<void> {
    const newest = this.sql('SELECT MAX(rev) m FROM kb_revisions WHERE path = ?');
    const insert = this.sql('INSERT INTO kb_revisions (path, rev, data) VALUES (?, ?, ?)');
    this.db
      .transaction(() => {
        for (const revision of revisions) {
          const m = (newest.get(revision.path) as { m: number | null }).m ?? 0;
          if (revision.rev !== m + 1) throw new ConcurrencyError(revision.path);
          insert.run(revision.path, revision.rev, JSON.stringify(revision));
        }
      })
      .immediate();
  }

  async getKbDraft(path: string): Promise<KbDraft | undefined> {
    const row = this.sql('SELECT data FROM kb_drafts WHERE path = ?').get(path) as Row | undefined;
    return row ? (JSON.parse(row.data) as KbDraft) : undefined;
  }

  async listKbDrafts(): Promise<KbDraft[]> {
    return (this.sql('SELECT data FROM kb_drafts ORDER BY path').all() as Row[]).map((r) => JSON.parse(r.data) as KbDraft);
  }

  async saveKbDraft(draft: Omit<KbDraft, 'eTag'> | KbDraft, condition: ETagCondition): Promise<KbDraft> {
    return this.db
      .transaction(() => {
        const existing = this.sql('SELECT etag FROM kb_drafts WHERE path = ?').get(draft.path) as { etag: string } | undefined;
        if (!conditionHolds(condition, existing?.etag)) throw new ConcurrencyError(draft.path);
        const saved: KbDraft = { ...draft, eTag: randomUUID() };
        this.sql('INSERT INTO kb_drafts (path, etag, data) VALUES (?, ?, ?) ON CONFLICT(path) DO UPDATE SET etag = excluded.etag, data = excluded.data').run(
          saved.path,
          saved.eTag,
          JSON.stringify(saved),
        );
        return saved;
      })
      .immediate();
  }

  async deleteKbDraft(path: string, condition: ETagCondition): Promise<boolean> {
    return this.db
      .transaction(() => {
        const existing = this.sql('SELECT etag FROM kb_drafts WHERE path = ?').get(path) as { etag: string } | undefined;
        if (!existing) return false;
        if (!conditionHolds(condition, existing.etag)) throw new ConcurrencyError(path);
        this.sql('DELETE FROM kb_drafts WHERE path = ?').run(path);
        return true;
      })
      .immediate();
  }

  async saveNewsItem(item: NewsItem): Promise<void> {
    this.sql('INSERT INTO news (id, data) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data').run(item.id, JSON.stringify(item));
  }

  async getNewsItem(id: string): Promise<NewsItem | undefined> {
    const row = this.sql('SELECT data FROM news WHERE id = ?').get(id) as Row | undefined;
    return row ? (JSON.parse(row.data) as NewsItem) : undefined;
  }

  async listNewsItems(): Promise<NewsItem[]> {
    return sortNews((this.sql('SELECT data FROM news').all() as Row[]).map((r) => JSON.parse(r.data) as NewsItem));
  }

  async deleteNewsItem(id: string): Promise<boolean> {
    return this.sql('DELETE FROM news WHERE id = ?').run(id).changes === 1;
  }

  async readState(keys: string[]): Promise<Record<string, Record<string, unknown>>> {
    const out: Record<string, Record<string, unknown>> = {};
    const get = this.sql('SELECT data FROM state WHERE key = ?');
    for (const key of keys) {
      const row = get.get(key) as Row | undefined;
      if (row) out[key] = JSON.parse(row.data) as Record<string, unknown>;
    }
    return out;
  }

  async writeState(changes: Record<string, Record<string, unknown>>): Promise<void> {
    const put = this.sql('INSERT INTO state (key, data) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET data = excluded.data');
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(changes)) put.run(key, JSON.stringify(value));
    })();
  }

  async deleteState(keys: string[]): Promise<void> {
    const del = this.sql('DELETE FROM state WHERE key = ?');
    this.db.transaction(() => keys.forEach((k) => del.run(k)))();
  }

  async purgeState(prefix: string, before: string): Promise<number> {
    // A key range, not LIKE: a prefix may hold % or _. Keys are compared as text; prefix + U+10FFFF ends the range.
    return this.sql("DELETE FROM state WHERE key >= ? AND key < ? AND json_extract(data, '$.at') < ?").run(prefix, `${prefix}\u{10ffff}`, before).changes;
  }

  async *exportAll(): AsyncIterable<{ collection: string; record: Record<string, unknown> }> {
    const simple: [string, string][] = [
      ['conversations', 'SELECT data FROM conversations ORDER BY id'],
      ['messages', 'SELECT data FROM messages ORDER BY seq'],
      ['ownership_changes', 'SELECT data FROM ownership_changes ORDER BY seq'],
      ['unanswered', 'SELECT data FROM unanswered ORDER BY seq'],
      ['feedback', 'SELECT data FROM feedback ORDER BY seq'],
      ['staff', 'SELECT data FROM staff ORDER BY id'],
      ['audit', 'SELECT data FROM audit ORDER BY seq'],
      ['notes', 'SELECT data FROM notes ORDER BY seq'],
      ['canned_replies', 'SELECT data FROM canned_replies ORDER BY id'],
      ['kb_revisions', 'SELECT data FROM kb_revisions ORDER BY seq'],
      ['kb_drafts', 'SELECT data FROM kb_drafts ORDER BY path'],
      ['news', 'SELECT data FROM news ORDER BY id'],
    ];
    for (const [collection, sql] of simple) {
      for (const row of this.db.prepare(sql).iterate() as Iterable<Row>) yield { collection, record: JSON.parse(row.data) as Record<string, unknown> };
    }
    for (const row of this.db
      .prepare('SELECT event_id, conversation_id, payload, received_at, status, attempts, last_error, failed_at FROM inbox ORDER BY seq')
      .iterate() as Iterable<Record<string, string>>) {
      const dead = row.status === 'dead' ? { attempts: Number(row.attempts), error: row.last_error ?? '', failedAt: row.failed_at ?? '' } : {};
      yield {
        collection: 'inbox',
        record: { eventId: row.event_id, conversationId: row.conversation_id, payload: row.payload, receivedAt: row.received_at, status: row.status, ...dead },
      };
    }
    for (const row of this.db.prepare('SELECT key, data FROM state ORDER BY key').iterate() as Iterable<{ key: string; data: string }>) {
      yield { collection: 'state', record: { key: row.key, value: JSON.parse(row.data) as unknown } };
    }
  }

  async importRecord(collection: string, record: Record<string, unknown>): Promise<void> {
    const data = JSON.stringify(record);
    const r = record as Record<string, string>;
    switch (collection) {
      case 'conversations':
        this.sql('INSERT OR REPLACE INTO conversations (id, owner, etag, updated_at, data) VALUES (?, ?, ?, ?, ?)').run(
          r.id,
          r.owner,
          r.eTag,
          r.updatedAt,
          data,
        );
        return;
      case 'messages':
        this.sql('INSERT INTO messages (conversation_id, at, data) VALUES (?, ?, ?)').run(r.conversationId, r.at, data);
        return;
      case 'ownership_changes':
      case 'unanswered':
      case 'feedback':
        this.sql(`INSERT INTO ${collection} (conversation_id, data) VALUES (?, ?)`).run(r.conversationId, data);
        return;
      case 'staff':
        this.sql('INSERT OR REPLACE INTO staff (id, username, data) VALUES (?, ?, ?)').run(r.id, r.username, data);
        return;
      case 'audit':
        this.sql('INSERT INTO audit (data) VALUES (?)').run(data);
        return;
      case 'notes':
        this.sql('INSERT INTO notes (conversation_id, data) VALUES (?, ?)').run(r.conversationId, data);
        return;
      case 'canned_replies':
        this.sql('INSERT OR REPLACE INTO canned_replies (id, data) VALUES (?, ?)').run(r.id, data);
        return;
      case 'kb_revisions':
        this.sql('INSERT OR REPLACE INTO kb_revisions (path, rev, data) VALUES (?, ?, ?)').run(r.path, Number(r.rev), data);
        return;
      case 'kb_drafts':
        this.sql('INSERT OR REPLACE INTO kb_drafts (path, etag, data) VALUES (?, ?, ?)').run(r.path, r.eTag, data);
        return;
      case 'news':
        this.sql('INSERT OR REPLACE INTO news (id, data) VALUES (?, ?)').run(r.id, data);
        return;
      case 'inbox':
        this.sql(
          'INSERT INTO inbox (event_id, conversation_id, payload, received_at, status, attempts, last_error, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING',
        ).run(
          r.eventId,
          r.conversationId,
          r.payload,
          r.receivedAt,
          r.status ?? 'pending',
          r.status === 'dead' ? Number(r.attempts ?? 0) : 0,
          r.status === 'dead' ? (r.error ?? '') : null,
          r.status === 'dead' ? (r.failedAt ?? '') : null,
        );
        return;
      case 'state':
        await this.writeState({ [r.key as string]: (record as { value: Record<string, unknown> }).value });
        return;
      default:
        throw new Error(`unknown collection "${collection}"`);
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
