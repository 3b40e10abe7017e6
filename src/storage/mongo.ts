/**
 * MongoDB through mongoose, for deployments with several instances sharing one database.
 * Uses only what MongoDB and FerretDB 1.x both support. FerretDB 1.x has no multi-document
 * transactions, and its updates (update, findAndModify, $inc) read the document and write it back
 * without atomicity between two clients, so nothing here relies on a conditional update: every
 * "only one may win" decision is an insert under a unique _id (conversation versions, inbox events,
 * inbox claims, sequence numbers), which both servers enforce atomically.
 */
import { DELETED_TARGET, stateKeyMentions, stateKeyNeedle, tombstoneKey } from './erasure.js';
import { randomUUID } from 'node:crypto';
import { conditionHolds, sortNews } from './shared-rules.js';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
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

/** One version of a conversation; the newest version is the conversation. `_id` = `${conversationId}#${version}`. */
interface ConversationVersionDoc {
  _id: string;
  conversationId: string;
  version: number;
  owner: string;
  eTag: string;
  updatedAt: string;
  data: ConversationRecord;
}
interface LogDoc<T> {
  _id?: mongoose.Types.ObjectId;
  conversationId?: string;
  seq: number;
  data: T;
}
interface InboxDoc {
  _id: string;
  seq: number;
  conversationId: string;
  payload: string;
  receivedAt: string;
  status: 'pending' | 'done' | 'dead';
  /** the last failure's cause (pending after a failed attempt, or dead) */
  error?: string;
  /** dead events: when they were parked and after how many attempts */
  failedAt?: string;
  attempts?: number;
}
/** One claim of an inbound event; `_id` = `${eventId}#${attempt}`, so of several claimers of one attempt only one inserts. */
interface ClaimDoc {
  _id: string;
  eventId: string;
  conversationId: string;
  attempt: number;
  worker: string;
  leaseUntil: string;
}
interface StaffDoc {
  _id: string;
  username: string;
  data: StaffAccount;
}
interface SessionDoc {
  _id: string;
  staffId: string;
  expiresAt: Date;
  data: Session;
}
interface CannedReplyDoc {
  _id: string;
  data: CannedReply;
}
interface StateDoc {
  _id: string;
  data: Record<string, unknown>;
}
/** One published revision of a knowledge-base document; `_id` = `${path}#${rev}`, so of two publishers of one rev only one inserts. */
interface KbRevisionDoc {
  _id: string;
  path: string;
  rev: number;
  /** a number from the 'kb' sequence: the newest is the publish mark */
  seq: number;
  data: KbRevision;
}
/** One version of a draft, as for conversations: the newest is the draft (`deleted`: there is none); `_id` = `${path}#${version}`. */
interface KbDraftVersionDoc {
  _id: string;
  path: string;
  version: number;
  eTag: string;
  deleted: boolean;
  data?: KbDraft;
}
interface NewsDoc {
  _id: string;
  data: NewsItem;
}
/** One allocated number of a sequence; `_id` = `${name}:${n}`. */
interface SequenceDoc {
  _id: string;
  name: string;
  n: number;
  /** the allocation that took it (blocks of numbers; see nextBlock) */
  owner?: string;
}

// minimize: false keeps empty objects inside records (mongoose drops them by default).
const opts = { versionKey: false as const, strict: true, minimize: false };

function schemas() {
  const conversation = new Schema<ConversationVersionDoc>(
    { _id: String, conversationId: String, version: Number, owner: String, eTag: String, updatedAt: String, data: Schema.Types.Mixed },
    { ...opts, collection: 'conversation_versions' },
  );
  conversation.index({ conversationId: 1, version: -1 });
  conversation.index({ owner: 1 });
  const logSchema = (collection: string) => {
    const s = new Schema<LogDoc<unknown>>({ conversationId: String, seq: Number, data: Schema.Types.Mixed }, { ...opts, collection });
    s.index({ conversationId: 1, seq: 1 });
    s.index({ seq: -1 });
    return s;
  };
  const inbox = new Schema<InboxDoc>(
    {
      _id: String,
      seq: Number,
      conversationId: String,
      payload: String,
      receivedAt: String,
      status: String,
      error: String,
      failedAt: String,
      attempts: Number,
    },
    { ...opts, collection: 'inbox' },
  );
  inbox.index({ status: 1, seq: 1 });
  inbox.index({ conversationId: 1 });
  const claim = new Schema<ClaimDoc>(
    { _id: String, eventId: String, conversationId: String, attempt: Number, worker: String, leaseUntil: String },
    { ...opts, collection: 'inbox_claims' },
  );
  claim.index({ eventId: 1 });
  claim.index({ conversationId: 1 });
  const staff = new Schema<StaffDoc>({ _id: String, username: { type: String, unique: true }, data: Schema.Types.Mixed }, { ...opts, collection: 'staff' });
  const session = new Schema<SessionDoc>({ _id: String, staffId: String, expiresAt: Date, data: Schema.Types.Mixed }, { ...opts, collection: 'sessions' });
  const canned = new Schema<CannedReplyDoc>({ _id: String, data: Schema.Types.Mixed }, { ...opts, collection: 'canned_replies' });
  const state = new Schema<StateDoc>({ _id: String, data: Schema.Types.Mixed }, { ...opts, collection: 'state' });
  const sequence = new Schema<SequenceDoc>({ _id: String, name: String, n: Number, owner: String }, { ...opts, collection: 'sequences' });
  sequence.index({ name: 1, n: -1 });
  const kbRevision = new Schema<KbRevisionDoc>(
    { _id: String, path: String, rev: Number, seq: Number, data: Schema.Types.Mixed },
    { ...opts, collection: 'kb_revisions' },
  );
  kbRevision.index({ path: 1, rev: -1 });
  kbRevision.index({ seq: -1 });
  const kbDraft = new Schema<KbDraftVersionDoc>(
    { _id: String, path: String, version: Number, eTag: String, deleted: Boolean, data: Schema.Types.Mixed },
    { ...opts, collection: 'kb_draft_versions' },
  );
  kbDraft.index({ path: 1, version: -1 });
  const news = new Schema<NewsDoc>({ _id: String, data: Schema.Types.Mixed }, { ...opts, collection: 'news' });
  return {
    kbRevision,
    kbDraft,
    news,
    conversation,
    messages: logSchema('messages'),
    ownership: logSchema('ownership_changes'),
    unanswered: logSchema('unanswered'),
    feedback: logSchema('feedback'),
    audit: logSchema('audit'),
    notes: logSchema('notes'),
    canned,
    inbox,
    claim,
    staff,
    session,
    state,
    sequence,
  };
}

function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: { code?: number }[] } | undefined;
  // an insertMany stopped by a duplicate reports it among its write errors
  return e?.code === 11000 || (Array.isArray(e?.writeErrors) && e.writeErrors.length > 0 && e.writeErrors.every((w) => w.code === 11000));
}

/** Records are stored as their JSON form, exactly as the SQLite adapter keeps them (no undefined, no Date objects). */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const versionId = (conversationId: string, version: number) => `${conversationId}#${version}`;

/** How many times an unconditional write retries when other writers keep taking the next number. */
const MAX_RETRIES = 1000;

export class MongoStorage implements Storage {
  readonly kind = 'mongodb' as const;
  private readonly m: {
    conversation: Model<ConversationVersionDoc>;
    messages: Model<LogDoc<TranscriptMessage>>;
    ownership: Model<LogDoc<OwnershipChange>>;
    unanswered: Model<LogDoc<UnansweredQuestion>>;
    feedback: Model<LogDoc<Feedback>>;
    audit: Model<LogDoc<AuditEvent>>;
    notes: Model<LogDoc<CaseNote>>;
    canned: Model<CannedReplyDoc>;
    inbox: Model<InboxDoc>;
    claim: Model<ClaimDoc>;
    staff: Model<StaffDoc>;
    session: Model<SessionDoc>;
    state: Model<StateDoc>;
    sequence: Model<SequenceDoc>;
    kbRevision: Model<KbRevisionDoc>;
    kbDraft: Model<KbDraftVersionDoc>;
    news: Model<NewsDoc>;
  };
  /** Allocations of one sequence by this instance run one after another (no contention with ourselves). */
  private readonly sequenceQueues = new Map<string, Promise<unknown>>();

  private constructor(private readonly connection: Connection) {
    const s = schemas();
    this.m = {
      conversation: connection.model('ConversationVersion', s.conversation),
      messages: connection.model('Message', s.messages) as unknown as Model<LogDoc<TranscriptMessage>>,
      ownership: connection.model('OwnershipChange', s.ownership) as unknown as Model<LogDoc<OwnershipChange>>,
      unanswered: connection.model('Unanswered', s.unanswered) as unknown as Model<LogDoc<UnansweredQuestion>>,
      feedback: connection.model('Feedback', s.feedback) as unknown as Model<LogDoc<Feedback>>,
      audit: connection.model('Audit', s.audit) as unknown as Model<LogDoc<AuditEvent>>,
      notes: connection.model('Note', s.notes) as unknown as Model<LogDoc<CaseNote>>,
      canned: connection.model('CannedReply', s.canned),
      inbox: connection.model('Inbox', s.inbox),
      claim: connection.model('InboxClaim', s.claim),
      staff: connection.model('Staff', s.staff),
      session: connection.model('Session', s.session),
      state: connection.model('State', s.state),
      sequence: connection.model('Sequence', s.sequence),
      kbRevision: connection.model('KbRevision', s.kbRevision),
      kbDraft: connection.model('KbDraftVersion', s.kbDraft),
      news: connection.model('News', s.news),
    };
  }

  static async connect(uri: string): Promise<MongoStorage> {
    const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false, autoCreate: false }).asPromise();
    const storage = new MongoStorage(connection);
    await Promise.all(Object.values(storage.m).map((model) => (model as Model<unknown>).createIndexes()));
    return storage;
  }

  /**
   * A strictly increasing number shared by every instance (orders logs and the inbox). FerretDB 1.x
   * applies $inc by reading and rewriting the document, so two instances could get the same number;
   * instead each number is a document with a unique _id, and only one inserter of a number wins.
   */
  private next(name: string): Promise<number> {
    return this.inTurn(name, () => this.allocate(name));
  }

  /** Run `allocation` after this instance's earlier allocations of the same sequence (no contention with ourselves). */
  private inTurn<T>(name: string, allocation: () => Promise<T>): Promise<T> {
    const previous = this.sequenceQueues.get(name) ?? Promise.resolve();
    const result = previous.then(allocation);
    const settled = result.catch(() => undefined);
    this.sequenceQueues.set(name, settled);
    void settled.then(() => {
      if (this.sequenceQueues.get(name) === settled) this.sequenceQueues.delete(name);
    });
    return result;
  }

  /**
   * `count` numbers of a sequence at once, in increasing order (a webhook batch). Each number is still a
   * document with a unique _id, inserted in order; numbers another instance took in between are skipped
   * and the missing ones taken in a further round. The documents carry this call's token, so the numbers
   * that are ours are read back rather than inferred from an error.
   */
  private nextBlock(name: string, count: number): Promise<number[]> {
    if (count === 1) return this.next(name).then((n) => [n]);
    return this.inTurn(name, () => this.allocateBlock(name, count));
  }

  private async allocateBlock(name: string, count: number): Promise<number[]> {
    const token = randomUUID();
    const ours: number[] = [];
    for (let attempt = 0; ours.length < count && attempt < MAX_RETRIES; attempt++) {
      const last = (await this.m.sequence.findOne({ name }).sort({ n: -1 }).lean())?.n ?? 0;
      const wanted = Array.from({ length: count - ours.length }, (_v, i) => last + 1 + i);
      try {
        await this.m.sequence.insertMany(
          wanted.map((n) => ({ _id: `${name}:${n}`, name, n, owner: token })),
          { ordered: true },
        );
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // stopped at a number another instance took
      }
      const got = await this.m.sequence.find({ name, owner: token }, { n: 1 }).lean();
      ours.splice(0, ours.length, ...got.map((d) => d.n).sort((a, b) => a - b));
    }
    if (ours.length < count) throw new Error(`could not allocate ${count} numbers of sequence "${name}"`);
    const top = ours.at(-1)!;
    if (Math.floor(top / 100) > Math.floor((top - count) / 100)) await this.m.sequence.deleteMany({ name, n: { $lt: top } });
    return ours;
  }

  private async allocate(name: string): Promise<number> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const last = await this.m.sequence.findOne({ name }).sort({ n: -1 }).lean();
      const n = (last?.n ?? 0) + 1;
      try {
        await this.m.sequence.create({ _id: `${name}:${n}`, name, n });
      } catch (err) {
        if (isDuplicateKey(err)) continue; // another instance took n
        throw err;
      }
      // Keep the collection small; the newest number always stays, so the maximum never goes down.
      if (n % 100 === 0) await this.m.sequence.deleteMany({ name, n: { $lt: n } });
      return n;
    }
    throw new Error(`could not allocate a number of sequence "${name}"`);
  }

  /** updateOne with upsert; when a concurrent upsert inserted first (duplicate key), update the inserted document. */
  private async upsert<T>(model: Model<T>, id: string, set: Record<string, unknown>): Promise<void> {
    try {
      await model.updateOne({ _id: id } as never, { $set: set } as never, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await model.updateOne({ _id: id } as never, { $set: set } as never);
    }
  }

  private async latest(conversationId: string): Promise<ConversationVersionDoc | undefined> {
    return (await this.m.conversation.findOne({ conversationId }).sort({ version: -1 }).lean()) ?? undefined;
  }

  /** Insert the next version of a conversation; false when another writer inserted that version first. */
  private async insertVersion(latest: ConversationVersionDoc | undefined, saved: ConversationRecord): Promise<boolean> {
    const version = (latest?.version ?? 0) + 1;
    try {
      await this.m.conversation.create({
        _id: versionId(saved.id, version),
        conversationId: saved.id,
        version,
        owner: saved.owner,
        eTag: saved.eTag,
        updatedAt: saved.updatedAt,
        data: saved,
      });
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    await this.m.conversation.deleteMany({ conversationId: saved.id, version: { $lt: version } });
    return true;
  }

  async getConversation(id: string): Promise<ConversationRecord | undefined> {
    return (await this.latest(id))?.data;
  }

  /**
   * Optimistic concurrency without conditional updates: a write inserts version n+1 of the conversation
   * with a unique _id. Writers holding the same eTag (version n) all try to insert n+1; one wins, the
   * others get ConcurrencyError. Older versions are removed afterwards.
   */
  async saveConversation(record: NewConversation | ConversationRecord, condition: ETagCondition): Promise<ConversationRecord> {
    for (let attempt = 0; attempt < MAX_RETRIES; attempt++) {
      const latest = await this.latest(record.id);
      if (!conditionHolds(condition, latest?.eTag)) throw new ConcurrencyError(record.id);
      const now = new Date().toISOString();
      const saved = plain<ConversationRecord>({ ...record, createdAt: latest?.data.createdAt ?? now, updatedAt: now, eTag: randomUUID() });
      if (await this.insertVersion(latest, saved)) return saved;
      if (condition.kind !== 'any') throw new ConcurrencyError(record.id);
      // unconditional: the last writer wins, so try again on top of the version that just appeared
    }
    throw new ConcurrencyError(record.id);
  }

  async listConversationsByOwner(owners: Owner[]): Promise<ConversationRecord[]> {
    if (owners.length === 0) return [];
    const docs = await this.m.conversation.find({ owner: { $in: owners } }).lean();
    if (docs.length === 0) return [];
    // Keep only documents that are still the newest version of their conversation.
    const heads = await this.m.conversation
      .find({ conversationId: { $in: [...new Set(docs.map((d) => d.conversationId))] } }, { conversationId: 1, version: 1 })
      .lean();
    const newest = new Map<string, number>();
    for (const h of heads) newest.set(h.conversationId, Math.max(newest.get(h.conversationId) ?? 0, h.version));
    return docs
      .filter((d) => newest.get(d.conversationId) === d.version)
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.conversationId.localeCompare(b.conversationId))
      .map((d) => d.data);
  }

  async deleteConversation(id: string): Promise<void> {
    await Promise.all([
      this.m.messages.deleteMany({ conversationId: id }),
      this.m.ownership.deleteMany({ conversationId: id }),
      this.m.inbox.deleteMany({ conversationId: id }),
      this.m.claim.deleteMany({ conversationId: id }),
      this.m.unanswered.deleteMany({ conversationId: id }),
      this.m.feedback.deleteMany({ conversationId: id }),
      this.m.notes.deleteMany({ conversationId: id }),
    ]);
    await this.m.conversation.deleteMany({ conversationId: id });
    // State keyed by the worker's id (Botkit's dialog state), then audit entries naming the conversation
    // (kept, with the target blanked), then the tombstone (hash + time) against redelivered old events.
    const needle = stateKeyNeedle(id);
    const keys = (await this.m.state.find({ _id: { $regex: needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') } } as never, { _id: 1 }).lean())
      .map((d) => String(d._id))
      .filter((key) => stateKeyMentions(key, id));
    if (keys.length > 0) await this.m.state.deleteMany({ _id: { $in: keys } });
    await this.m.audit.updateMany({ 'data.target': id } as never, { $set: { 'data.target': DELETED_TARGET } } as never);
    await this.upsert(this.m.state, tombstoneKey(id), { data: { deletedAt: new Date().toISOString() } });
  }

  async appendMessage(message: TranscriptMessage): Promise<void> {
    await this.m.messages.create({ conversationId: message.conversationId, seq: await this.next('messages'), data: plain(message) });
  }

  async listMessages(conversationId: string, limit = 500): Promise<TranscriptMessage[]> {
    const docs = await this.m.messages.find({ conversationId }).sort({ seq: -1 }).limit(limit).lean();
    return docs.reverse().map((d) => d.data);
  }

  async recordOwnershipChange(change: OwnershipChange): Promise<void> {
    await this.m.ownership.create({ conversationId: change.conversationId, seq: await this.next('ownership'), data: plain(change) });
  }

  async listOwnershipChanges(conversationId: string): Promise<OwnershipChange[]> {
    return (await this.m.ownership.find({ conversationId }).sort({ seq: 1 }).lean()).map((d) => d.data);
  }

  async recordInbound(event: InboundEvent): Promise<boolean> {
    return (await this.recordInboundBatch([event]))[0]!;
  }

  /** One query for the ids seen before, one block of sequence numbers, then the inserts side by side. */
  async recordInboundBatch(events: InboundEvent[]): Promise<boolean[]> {
    if (events.length === 0) return [];
    const seen = new Set((await this.m.inbox.find({ _id: { $in: events.map((e) => e.eventId) } }, { _id: 1 }).lean()).map((d) => d._id));
    const firstOfEach = new Map<string, InboundEvent>();
    for (const e of events) if (!seen.has(e.eventId) && !firstOfEach.has(e.eventId)) firstOfEach.set(e.eventId, e);
    const fresh = [...firstOfEach.values()];
    const seqs = fresh.length > 0 ? await this.nextBlock('inbox', fresh.length) : [];
    const inserted = new Set<string>();
    await Promise.all(
      fresh.map(async (event, i) => {
        try {
          await this.m.inbox.create({
            _id: event.eventId,
            seq: seqs[i]!,
            conversationId: event.conversationId,
            payload: event.payload,
            receivedAt: event.receivedAt,
            status: 'pending',
          });
          inserted.add(event.eventId);
        } catch (err) {
          if (!isDuplicateKey(err)) throw err; // a duplicate: another instance recorded it first
        }
      }),
    );
    // Each id counts once as new, for its first occurrence in the batch.
    return events.map((e) => firstOfEach.get(e.eventId) === e && inserted.has(e.eventId));
  }

  /**
   * Claims are documents with _id `${eventId}#${attempt}`: of several workers claiming the same attempt
   * only one inserts it. A later attempt is possible only once the last claim's lease has run out.
   */
  async claimInbound(worker: string, leaseMs: number, now: string, limit: number): Promise<ClaimedInbound[]> {
    const leaseUntil = new Date(Date.parse(now) + leaseMs).toISOString();
    const claimed: ClaimedInbound[] = [];
    const seen = new Set<string>();
    let afterSeq = 0;
    for (let page = 0; page < 20 && claimed.length < limit; page++) {
      const docs = await this.m.inbox
        .find({ status: 'pending', seq: { $gt: afterSeq } }, { _id: 1, seq: 1, conversationId: 1 })
        .sort({ seq: 1 })
        .limit(500)
        .lean();
      if (docs.length === 0) break;
      afterSeq = docs[docs.length - 1]!.seq;
      // Only the oldest pending event of a conversation may run, so one user's messages stay in order.
      const oldest = docs.filter((d) => !seen.has(d.conversationId) && seen.add(d.conversationId));
      if (oldest.length === 0) continue;
      const lastClaim = new Map<string, ClaimDoc>();
      for (const c of await this.m.claim.find({ eventId: { $in: oldest.map((d) => d._id) } }).lean()) {
        if ((lastClaim.get(c.eventId)?.attempt ?? 0) < c.attempt) lastClaim.set(c.eventId, c);
      }
      for (const doc of oldest) {
        if (claimed.length >= limit) break;
        const last = lastClaim.get(doc._id);
        if (last && last.leaseUntil >= now) continue; // a live worker has it, or it waits for its retry time
        const attempt = (last?.attempt ?? 0) + 1;
        try {
          await this.m.claim.create({ _id: `${doc._id}#${attempt}`, eventId: doc._id, conversationId: doc.conversationId, attempt, worker, leaseUntil });
        } catch (err) {
          if (isDuplicateKey(err)) continue; // another worker won this attempt
          throw err;
        }
        // Our list may be stale: the event may have been finished (or deleted) since we read it.
        const fresh = await this.m.inbox.findById(doc._id).lean();
        if (!fresh || fresh.status !== 'pending') continue;
        claimed.push({ eventId: fresh._id, conversationId: fresh.conversationId, payload: fresh.payload, receivedAt: fresh.receivedAt, attempt });
      }
    }
    return claimed;
  }

  async extendInboundLease(eventId: string, worker: string, attempt: number, leaseUntil: string): Promise<boolean> {
    // A later attempt (another worker's, after this lease ran out) means the claim is no longer ours.
    if (await this.m.claim.exists({ eventId, attempt: { $gt: attempt } })) return false;
    const pending = await this.m.inbox.exists({ _id: eventId, status: 'pending' });
    if (!pending) return false;
    const result = await this.m.claim.updateOne({ _id: `${eventId}#${attempt}`, worker }, { $set: { leaseUntil } });
    return result.matchedCount === 1;
  }

  async markInboundDone(eventId: string): Promise<void> {
    await this.m.inbox.updateOne({ _id: eventId }, { $set: { status: 'done', payload: '{}' } });
    await this.m.claim.deleteMany({ eventId });
  }

  /** The claims stay (they number the attempts); their lease now lasts until the retry time. */
  async retryInboundLater(eventId: string, failure: { error: string; retryAt: string }): Promise<void> {
    await this.m.claim.updateMany({ eventId }, { $set: { leaseUntil: failure.retryAt } });
    await this.m.inbox.updateOne({ _id: eventId, status: 'pending' }, { $set: { error: failure.error } });
  }

  async markInboundDead(eventId: string, failure: { error: string; at: string }): Promise<void> {
    const claims = await this.m.claim.find({ eventId }, { attempt: 1 }).lean();
    const attempts = claims.reduce((max, c) => Math.max(max, c.attempt), 0);
    await this.m.inbox.updateOne({ _id: eventId, status: 'pending' }, { $set: { status: 'dead', error: failure.error, failedAt: failure.at, attempts } });
    await this.m.claim.deleteMany({ eventId });
  }

  async listDeadInbound(limit = 200): Promise<DeadInbound[]> {
    const docs = await this.m.inbox.find({ status: 'dead' }).sort({ seq: 1 }).limit(limit).lean();
    return docs.map((d) => ({
      eventId: d._id,
      conversationId: d.conversationId,
      payload: d.payload,
      receivedAt: d.receivedAt,
      attempts: d.attempts ?? 0,
      error: d.error ?? '',
      failedAt: d.failedAt ?? '',
    }));
  }

  async countDeadInbound(): Promise<number> {
    return this.m.inbox.countDocuments({ status: 'dead' });
  }

  async reviveDeadInbound(eventId: string): Promise<boolean> {
    if (!(await this.m.inbox.exists({ _id: eventId, status: 'dead' }))) return false;
    await this.m.claim.deleteMany({ eventId }); // attempts start again from 1
    const result = await this.m.inbox.updateOne(
      { _id: eventId, status: 'dead' },
      { $set: { status: 'pending' }, $unset: { error: 1, failedAt: 1, attempts: 1 } },
    );
    return result.modifiedCount === 1;
  }

  async dropDeadInbound(eventId: string): Promise<boolean> {
    const result = await this.m.inbox.updateOne({ _id: eventId, status: 'dead' }, { $set: { status: 'done', payload: '{}' } });
    return result.modifiedCount === 1;
  }

  async countPendingInbound(): Promise<number> {
    return this.m.inbox.countDocuments({ status: 'pending' });
  }

  async oldestPendingInbound(): Promise<string | undefined> {
    const doc = await this.m.inbox.findOne({ status: 'pending' }, { receivedAt: 1 }).sort({ seq: 1 }).lean();
    return doc?.receivedAt;
  }

  async purgeDoneInbound(receivedBefore: string): Promise<number> {
    return (await this.m.inbox.deleteMany({ status: 'done', receivedAt: { $lt: receivedBefore } })).deletedCount;
  }

  async logUnanswered(q: UnansweredQuestion): Promise<void> {
    await this.m.unanswered.create({ conversationId: q.conversationId, seq: await this.next('unanswered'), data: plain(q) });
  }

  async listUnanswered(limit = 200): Promise<UnansweredQuestion[]> {
    return (await this.m.unanswered.find().sort({ seq: -1 }).limit(limit).lean()).map((d) => d.data);
  }

  async recordFeedback(f: Feedback): Promise<void> {
    await this.m.feedback.create({ conversationId: f.conversationId, seq: await this.next('feedback'), data: plain(f) });
  }

  async listFeedback(limit = 200): Promise<Feedback[]> {
    return (await this.m.feedback.find().sort({ seq: -1 }).limit(limit).lean()).map((d) => d.data);
  }

  async addNote(note: CaseNote): Promise<void> {
    await this.m.notes.create({ conversationId: note.conversationId, seq: await this.next('notes'), data: plain(note) });
  }

  async listNotes(conversationId: string): Promise<CaseNote[]> {
    return (await this.m.notes.find({ conversationId }).sort({ seq: 1 }).lean()).map((d) => d.data);
  }

  async saveCannedReply(reply: CannedReply): Promise<void> {
    await this.upsert(this.m.canned, reply.id, { data: plain(reply) });
  }

  /** Sorted here, as the SQLite adapter sorts them: by Vietnamese collation of the title. */
  async listCannedReplies(): Promise<CannedReply[]> {
    const replies = (await this.m.canned.find().lean()).map((d) => d.data);
    return replies.sort((a, b) => a.title.localeCompare(b.title, 'vi') || a.id.localeCompare(b.id));
  }

  async deleteCannedReply(id: string): Promise<boolean> {
    return (await this.m.canned.deleteOne({ _id: id })).deletedCount === 1;
  }

  async createStaff(account: StaffAccount): Promise<void> {
    await this.m.staff.create({ _id: account.id, username: account.username, data: plain(account) });
  }

  async updateStaff(account: StaffAccount): Promise<void> {
    await this.m.staff.updateOne({ _id: account.id }, { $set: { data: plain(account) } });
  }

  async getStaffByUsername(username: string): Promise<StaffAccount | undefined> {
    return (await this.m.staff.findOne({ username }).lean())?.data;
  }

  async getStaff(id: string): Promise<StaffAccount | undefined> {
    return (await this.m.staff.findById(id).lean())?.data;
  }

  async listStaff(): Promise<StaffAccount[]> {
    return (await this.m.staff.find().sort({ username: 1 }).lean()).map((d) => d.data);
  }

  async createSession(session: Session): Promise<void> {
    await this.m.session.create({ _id: session.id, staffId: session.staffId, expiresAt: new Date(session.expiresAt), data: plain(session) });
  }

  async getSession(id: string): Promise<Session | undefined> {
    return (await this.m.session.findById(id).lean())?.data;
  }

  async deleteSession(id: string): Promise<void> {
    await this.m.session.deleteOne({ _id: id });
  }

  async purgeExpiredSessions(now: string): Promise<number> {
    return (await this.m.session.deleteMany({ expiresAt: { $lte: new Date(now) } })).deletedCount;
  }

  async audit(event: AuditEvent): Promise<void> {
    await this.m.audit.create({ seq: await this.next('audit'), data: plain(event) });
  }

  async listAudit(limit = 200): Promise<AuditEvent[]> {
    return (await this.m.audit.find().sort({ seq: -1 }).limit(limit).lean()).map((d) => d.data);
  }

  async kbPublishMark(): Promise<string> {
    const newest = await this.m.kbRevision.findOne({}, { seq: 1 }).sort({ seq: -1 }).lean();
    return newest ? String(newest.seq) : '';
  }

  async listLatestKbRevisions(): Promise<KbRevision[]> {
    // Newest first per path, then the first of each path: a few hundred documents, a few revisions each.
    const latest = new Map<string, KbRevision>();
    for (const d of await this.m.kbRevision.find({}, { path: 1, rev: 1, data: 1 }).sort({ path: 1, rev: -1 }).lean()) {
      if (!latest.has(d.path)) latest.set(d.path, d.data);
    }
    return [...latest.values()];
  }

  async listKbRevisions(path: string): Promise<KbRevision[]> {
    return (await this.m.kbRevision.find({ path }).sort({ rev: 1 }).lean()).map((d) => d.data);
  }

  async appendKbRevisions(revisions: KbRevision[]): Promise<void> {
    for (const revision of revisions) {
      const newest = (await this.m.kbRevision.findOne({ path: revision.path }, { rev: 1 }).sort({ rev: -1 }).lean())?.rev ?? 0;
      if (revision.rev !== newest + 1) throw new ConcurrencyError(revision.path);
      try {
        await this.m.kbRevision.create({
          _id: `${revision.path}#${revision.rev}`,
          path: revision.path,
          rev: revision.rev,
          seq: await this.next('kb'),
          data: plain(revision),
        });
      } catch (err) {
        if (isDuplicateKey(err)) throw new ConcurrencyError(revision.path);
        throw err;
      }
    }
  }

  private async latestDraft(path: string): Promise<KbDraftVersionDoc | undefined> {
    return (await this.m.kbDraft.findOne({ path }).sort({ version: -1 }).lean()) ?? undefined;
  }

  /** Insert the next version of a draft (or its removal); ConcurrencyError when another writer inserted it first. */
  private async insertDraftVersion(latest: KbDraftVersionDoc | undefined, path: string, draft: KbDraft | undefined): Promise<void> {
    const version = (latest?.version ?? 0) + 1;
    try {
      await this.m.kbDraft.create({
        _id: `${path}#${version}`,
        path,
        version,
        eTag: draft?.eTag ?? randomUUID(),
        deleted: !draft,
        ...(draft ? { data: plain(draft) } : {}),
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw new ConcurrencyError(path);
      throw err;
    }
    await this.m.kbDraft.deleteMany({ path, version: { $lt: version } });
  }

  async getKbDraft(path: string): Promise<KbDraft | undefined> {
    const latest = await this.latestDraft(path);
    return latest && !latest.deleted ? latest.data : undefined;
  }

  async listKbDrafts(): Promise<KbDraft[]> {
    const seen = new Set<string>();
    const drafts: KbDraft[] = [];
    for (const d of await this.m.kbDraft.find().sort({ path: 1, version: -1 }).lean()) {
      if (seen.has(d.path)) continue; // an older version not yet removed
      seen.add(d.path);
      if (!d.deleted && d.data) drafts.push(d.data);
    }
    return drafts;
  }

  async saveKbDraft(draft: Omit<KbDraft, 'eTag'> | KbDraft, condition: ETagCondition): Promise<KbDraft> {
    const latest = await this.latestDraft(draft.path);
    const stored = latest && !latest.deleted ? latest.eTag : undefined;
    if (!conditionHolds(condition, stored)) throw new ConcurrencyError(draft.path);
    const saved: KbDraft = { ...draft, eTag: randomUUID() };
    await this.insertDraftVersion(latest, draft.path, saved);
    return saved;
  }

  async deleteKbDraft(path: string, condition: ETagCondition): Promise<boolean> {
    const latest = await this.latestDraft(path);
    if (!latest || latest.deleted) return false;
    if (!conditionHolds(condition, latest.eTag)) throw new ConcurrencyError(path);
    await this.insertDraftVersion(latest, path, undefined);
    return true;
  }

  async saveNewsItem(item: NewsItem): Promise<void> {
    await this.upsert(this.m.news, item.id, { data: plain(item) });
  }

  async getNewsItem(id: string): Promise<NewsItem | undefined> {
    return (await this.m.news.findById(id).lean())?.data;
  }

  async listNewsItems(): Promise<NewsItem[]> {
    return sortNews((await this.m.news.find().lean()).map((d) => d.data));
  }

  async deleteNewsItem(id: string): Promise<boolean> {
    return (await this.m.news.deleteOne({ _id: id })).deletedCount === 1;
  }

  async readState(keys: string[]): Promise<Record<string, Record<string, unknown>>> {
    const docs = await this.m.state.find({ _id: { $in: keys } }).lean();
    return Object.fromEntries(docs.map((d) => [d._id, d.data]));
  }

  async writeState(changes: Record<string, Record<string, unknown>>): Promise<void> {
    await Promise.all(Object.entries(changes).map(([key, data]) => this.upsert(this.m.state, key, { data: plain(data) })));
  }

  async deleteState(keys: string[]): Promise<void> {
    await this.m.state.deleteMany({ _id: { $in: keys } });
  }

  async purgeState(prefix: string, before: string): Promise<number> {
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const result = await this.m.state.deleteMany({ _id: { $regex: `^${escaped}` }, 'data.at': { $lt: before } });
    return result.deletedCount ?? 0;
  }

  async *exportAll(): AsyncIterable<{ collection: string; record: Record<string, unknown> }> {
    // Streamed with cursors, so a large store is not loaded into memory at once.
    let previous: string | undefined;
    for await (const d of this.m.conversation.find().sort({ conversationId: 1, version: -1 }).lean().cursor()) {
      if (d.conversationId === previous) continue; // an older version not yet removed
      previous = d.conversationId;
      yield { collection: 'conversations', record: d.data as unknown as Record<string, unknown> };
    }
    const logs: [string, Model<LogDoc<unknown>>][] = [
      ['messages', this.m.messages as unknown as Model<LogDoc<unknown>>],
      ['ownership_changes', this.m.ownership as unknown as Model<LogDoc<unknown>>],
      ['unanswered', this.m.unanswered as unknown as Model<LogDoc<unknown>>],
      ['feedback', this.m.feedback as unknown as Model<LogDoc<unknown>>],
    ];
    for (const [collection, model] of logs) {
      for await (const d of model.find().sort({ seq: 1 }).lean().cursor()) yield { collection, record: d.data as Record<string, unknown> };
    }
    for await (const d of this.m.staff.find().sort({ _id: 1 }).lean().cursor())
      yield { collection: 'staff', record: d.data as unknown as Record<string, unknown> };
    for await (const d of this.m.audit.find().sort({ seq: 1 }).lean().cursor())
      yield { collection: 'audit', record: d.data as unknown as Record<string, unknown> };
    for await (const d of this.m.notes.find().sort({ seq: 1 }).lean().cursor())
      yield { collection: 'notes', record: d.data as unknown as Record<string, unknown> };
    for await (const d of this.m.canned.find().sort({ _id: 1 }).lean().cursor())
      yield { collection: 'canned_replies', record: d.data as unknown as Record<string, unknown> };
    for await (const d of this.m.kbRevision.find().sort({ seq: 1 }).lean().cursor())
      yield { collection: 'kb_revisions', record: d.data as unknown as Record<string, unknown> };
    for (const draft of await this.listKbDrafts()) yield { collection: 'kb_drafts', record: draft as unknown as Record<string, unknown> };
    for await (const d of this.m.news.find().sort({ _id: 1 }).lean().cursor())
      yield { collection: 'news', record: d.data as unknown as Record<string, unknown> };
    for await (const d of this.m.inbox.find().sort({ seq: 1 }).lean().cursor()) {
      const dead = d.status === 'dead' ? { attempts: d.attempts ?? 0, error: d.error ?? '', failedAt: d.failedAt ?? '' } : {};
      yield {
        collection: 'inbox',
        record: { eventId: d._id, conversationId: d.conversationId, payload: d.payload, receivedAt: d.receivedAt, status: d.status, ...dead },
      };
    }
    for await (const d of this.m.state.find().sort({ _id: 1 }).lean().cursor()) yield { collection: 'state', record: { key: d._id, value: d.data } };
  }

  async importRecord(collection: string, record: Record<string, unknown>): Promise<void> {
    const r = record as Record<string, string>;
    switch (collection) {
      case 'conversations': {
        // kept as exported (same eTag and times), as the newest version
        const saved = plain(record) as unknown as ConversationRecord;
        for (let attempt = 0; attempt < MAX_RETRIES; attempt++) if (await this.insertVersion(await this.latest(saved.id), saved)) return;
        throw new ConcurrencyError(saved.id);
      }
      case 'messages':
        await this.appendMessage(record as unknown as TranscriptMessage);
        return;
      case 'ownership_changes':
        await this.recordOwnershipChange(record as unknown as OwnershipChange);
        return;
      case 'unanswered':
        await this.logUnanswered(record as unknown as UnansweredQuestion);
        return;
      case 'feedback':
        await this.recordFeedback(record as unknown as Feedback);
        return;
      case 'staff':
        await this.upsert(this.m.staff, r.id!, { username: r.username, data: plain(record) });
        return;
      case 'audit':
        await this.audit(record as unknown as AuditEvent);
        return;
      case 'notes':
        await this.addNote(record as unknown as CaseNote);
        return;
      case 'canned_replies':
        await this.saveCannedReply(record as unknown as CannedReply);
        return;
      case 'kb_revisions': {
        const revision = plain(record) as unknown as KbRevision;
        await this.upsert(this.m.kbRevision, `${revision.path}#${revision.rev}`, {
          path: revision.path,
          rev: revision.rev,
          seq: await this.next('kb'),
          data: revision,
        });
        return;
      }
      case 'kb_drafts': {
        const draft = plain(record) as unknown as KbDraft;
        await this.insertDraftVersion(await this.latestDraft(draft.path), draft.path, draft);
        return;
      }
      case 'news':
        await this.saveNewsItem(record as unknown as NewsItem);
        return;
      case 'inbox': {
        const inserted = await this.recordInbound({ eventId: r.eventId!, conversationId: r.conversationId!, payload: r.payload!, receivedAt: r.receivedAt! });
        if (inserted && r.status === 'done') await this.markInboundDone(r.eventId!);
        if (inserted && r.status === 'dead') {
          await this.m.inbox.updateOne(
            { _id: r.eventId! },
            { $set: { status: 'dead', error: String(r.error ?? ''), failedAt: String(r.failedAt ?? ''), attempts: Number(r.attempts ?? 0) } },
          );
        }
        return;
      }
      case 'state':
        await this.writeState({ [r.key as string]: (record as { value: Record<string, unknown> }).value });
        return;
      default:
        throw new Error(`unknown collection "${collection}"`);
    }
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
