/**
 * MongoDB through mongoose, for deployments with several instances sharing one database.
 * Uses only what MongoDB and FerretDB 1.x both support: single-document atomic updates,
 * unique indexes, findOneAndUpdate; no multi-document transactions.
 */
import { randomUUID } from 'node:crypto';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import {
  ConcurrencyError,
  type AuditEvent,
  type ConversationRecord,
  type Feedback,
  type InboundEvent,
  type NewConversation,
  type Owner,
  type OwnershipChange,
  type Session,
  type StaffAccount,
  type Storage,
  type TranscriptMessage,
  type UnansweredQuestion,
} from './types.js';

interface ConversationDoc { _id: string; owner: string; eTag: string; updatedAt: string; data: ConversationRecord }
interface LogDoc<T> { _id?: mongoose.Types.ObjectId; conversationId?: string; seq: number; data: T }
interface InboxDoc { _id: string; seq: number; conversationId: string; payload: string; receivedAt: string; status: 'pending' | 'done'; claimedBy?: string | null; leaseUntil?: string | null }
interface StaffDoc { _id: string; username: string; data: StaffAccount }
interface SessionDoc { _id: string; staffId: string; expiresAt: Date; data: Session }
interface StateDoc { _id: string; data: Record<string, unknown> }
interface CounterDoc { _id: string; value: number }

const opts = { versionKey: false as const, strict: true };

function schemas() {
  const conversation = new Schema<ConversationDoc>({ _id: String, owner: { type: String, index: true }, eTag: String, updatedAt: String, data: Schema.Types.Mixed }, { ...opts, collection: 'conversations' });
  conversation.index({ owner: 1, updatedAt: 1 });
  const logSchema = (collection: string) => {
    const s = new Schema<LogDoc<unknown>>({ conversationId: String, seq: Number, data: Schema.Types.Mixed }, { ...opts, collection });
    s.index({ conversationId: 1, seq: 1 });
    s.index({ seq: -1 });
    return s;
  };
  const inbox = new Schema<InboxDoc>(
    { _id: String, seq: Number, conversationId: String, payload: String, receivedAt: String, status: String, claimedBy: String, leaseUntil: String },
    { ...opts, collection: 'inbox' },
  );
  inbox.index({ status: 1, seq: 1 });
  inbox.index({ conversationId: 1, status: 1, seq: 1 });
  const staff = new Schema<StaffDoc>({ _id: String, username: { type: String, unique: true }, data: Schema.Types.Mixed }, { ...opts, collection: 'staff' });
  const session = new Schema<SessionDoc>({ _id: String, staffId: String, expiresAt: Date, data: Schema.Types.Mixed }, { ...opts, collection: 'sessions' });
  const state = new Schema<StateDoc>({ _id: String, data: Schema.Types.Mixed }, { ...opts, collection: 'state' });
  const counter = new Schema<CounterDoc>({ _id: String, value: Number }, { ...opts, collection: 'counters' });
  return { conversation, messages: logSchema('messages'), ownership: logSchema('ownership_changes'), unanswered: logSchema('unanswered'), feedback: logSchema('feedback'), audit: logSchema('audit'), inbox, staff, session, state, counter };
}

export class MongoStorage implements Storage {
  readonly kind = 'mongodb' as const;
  private readonly m: {
    conversation: Model<ConversationDoc>;
    messages: Model<LogDoc<TranscriptMessage>>;
    ownership: Model<LogDoc<OwnershipChange>>;
    unanswered: Model<LogDoc<UnansweredQuestion>>;
    feedback: Model<LogDoc<Feedback>>;
    audit: Model<LogDoc<AuditEvent>>;
    inbox: Model<InboxDoc>;
    staff: Model<StaffDoc>;
    session: Model<SessionDoc>;
    state: Model<StateDoc>;
    counter: Model<CounterDoc>;
  };

  private constructor(private readonly connection: Connection) {
    const s = schemas();
    this.m = {
      conversation: connection.model('Conversation', s.conversation),
      messages: connection.model('Message', s.messages) as unknown as Model<LogDoc<TranscriptMessage>>,
      ownership: connection.model('OwnershipChange', s.ownership) as unknown as Model<LogDoc<OwnershipChange>>,
      unanswered: connection.model('Unanswered', s.unanswered) as unknown as Model<LogDoc<UnansweredQuestion>>,
      feedback: connection.model('Feedback', s.feedback) as unknown as Model<LogDoc<Feedback>>,
      audit: connection.model('Audit', s.audit) as unknown as Model<LogDoc<AuditEvent>>,
      inbox: connection.model('Inbox', s.inbox),
      staff: connection.model('Staff', s.staff),
      session: connection.model('Session', s.session),
      state: connection.model('State', s.state),
      counter: connection.model('Counter', s.counter),
    };
  }

  static async connect(uri: string): Promise<MongoStorage> {
    const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false }).asPromise();
    const storage = new MongoStorage(connection);
    await Promise.all(Object.values(storage.m).map((model) => (model as Model<unknown>).createIndexes()));
    return storage;
  }

  /** A strictly increasing number shared by every instance (orders logs and the inbox). */
  private async next(name: string): Promise<number> {
    const doc = await this.m.counter.findOneAndUpdate({ _id: name }, { $inc: { value: 1 } }, { upsert: true, new: true }).lean();
    return doc!.value;
  }

  async getConversation(id: string): Promise<ConversationRecord | undefined> {
    const doc = await this.m.conversation.findById(id).lean();
    return doc?.data;
  }

  async saveConversation(record: NewConversation | ConversationRecord, expectedETag?: string | null): Promise<ConversationRecord> {
    const now = new Date().toISOString();
    const existing = expectedETag === null ? undefined : await this.m.conversation.findById(record.id).lean();
    const saved: ConversationRecord = { ...record, createdAt: existing?.data.createdAt ?? now, updatedAt: now, eTag: randomUUID() };
    const doc = { owner: saved.owner, eTag: saved.eTag, updatedAt: now, data: saved };
    if (expectedETag === null) {
      try {
        await this.m.conversation.create({ _id: saved.id, ...doc });
      } catch (err) {
        if ((err as { code?: number }).code === 11000) throw new ConcurrencyError(record.id);
        throw err;
      }
      return saved;
    }
    if (expectedETag === undefined) {
      await this.m.conversation.updateOne({ _id: saved.id }, { $set: doc }, { upsert: true });
      return saved;
    }
    const result = await this.m.conversation.updateOne({ _id: saved.id, eTag: expectedETag }, { $set: doc });
    if (result.matchedCount !== 1) throw new ConcurrencyError(record.id);
    return saved;
  }

  async listConversationsByOwner(owners: Owner[]): Promise<ConversationRecord[]> {
    const docs = await this.m.conversation.find({ owner: { $in: owners } }).sort({ updatedAt: 1 }).lean();
    return docs.map((d) => d.data);
  }

  async deleteConversation(id: string): Promise<void> {
    await Promise.all([
      this.m.messages.deleteMany({ conversationId: id }),
      this.m.ownership.deleteMany({ conversationId: id }),
      this.m.inbox.deleteMany({ conversationId: id }),
      this.m.unanswered.deleteMany({ conversationId: id }),
      this.m.feedback.deleteMany({ conversationId: id }),
    ]);
    await this.m.conversation.deleteOne({ _id: id });
  }

  async appendMessage(message: TranscriptMessage): Promise<void> {
    await this.m.messages.create({ conversationId: message.conversationId, seq: await this.next('messages'), data: message });
  }

  async listMessages(conversationId: string, limit = 500): Promise<TranscriptMessage[]> {
    const docs = await this.m.messages.find({ conversationId }).sort({ seq: -1 }).limit(limit).lean();
    return docs.reverse().map((d) => d.data);
  }

  async recordOwnershipChange(change: OwnershipChange): Promise<void> {
    await this.m.ownership.create({ conversationId: change.conversationId, seq: await this.next('ownership'), data: change });
  }

  async listOwnershipChanges(conversationId: string): Promise<OwnershipChange[]> {
    return (await this.m.ownership.find({ conversationId }).sort({ seq: 1 }).lean()).map((d) => d.data);
  }

  async recordInbound(event: InboundEvent): Promise<boolean> {
    if (await this.m.inbox.exists({ _id: event.eventId })) return false;
    try {
      await this.m.inbox.create({ _id: event.eventId, seq: await this.next('inbox'), conversationId: event.conversationId, payload: event.payload, receivedAt: event.receivedAt, status: 'pending', claimedBy: null, leaseUntil: null });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false; // another instance recorded it first
      throw err;
    }
  }

  async claimInbound(worker: string, leaseMs: number, now: string, limit: number): Promise<InboundEvent[]> {
    const leaseUntil = new Date(Date.parse(now) + leaseMs).toISOString();
    const pending = await this.m.inbox.find({ status: 'pending' }).sort({ seq: 1 }).limit(1000).lean();
    const oldestPerConversation = new Map<string, InboxDoc>();
    for (const doc of pending) if (!oldestPerConversation.has(doc.conversationId)) oldestPerConversation.set(doc.conversationId, doc);
    const claimed: InboundEvent[] = [];
    for (const doc of oldestPerConversation.values()) {
      if (claimed.length >= limit) break;
      if (doc.leaseUntil && doc.leaseUntil >= now) continue;
      // Atomic per document: of several instances, only one wins the claim.
      const won = await this.m.inbox
        .findOneAndUpdate(
          { _id: doc._id, status: 'pending', $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
          { $set: { claimedBy: worker, leaseUntil } },
          { new: true },
        )
        .lean();
      if (won) claimed.push({ eventId: won._id, conversationId: won.conversationId, payload: won.payload, receivedAt: won.receivedAt });
    }
    return claimed;
  }

  async markInboundDone(eventId: string): Promise<void> {
    await this.m.inbox.updateOne({ _id: eventId }, { $set: { status: 'done', leaseUntil: null, payload: '{}' } });
  }

  async countPendingInbound(): Promise<number> {
    return this.m.inbox.countDocuments({ status: 'pending' });
  }

  async logUnanswered(q: UnansweredQuestion): Promise<void> {
    await this.m.unanswered.create({ conversationId: q.conversationId, seq: await this.next('unanswered'), data: q });
  }

  async listUnanswered(limit = 200): Promise<UnansweredQuestion[]> {
    return (await this.m.unanswered.find().sort({ seq: -1 }).limit(limit).lean()).map((d) => d.data);
  }

  async recordFeedback(f: Feedback): Promise<void> {
    await this.m.feedback.create({ conversationId: f.conversationId, seq: await this.next('feedback'), data: f });
  }

  async listFeedback(limit = 200): Promise<Feedback[]> {
    return (await this.m.feedback.find().sort({ seq: -1 }).limit(limit).lean()).map((d) => d.data);
  }

  async createStaff(account: StaffAccount): Promise<void> {
    await this.m.staff.create({ _id: account.id, username: account.username, data: account });
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
    await this.m.session.create({ _id: session.id, staffId: session.staffId, expiresAt: new Date(session.expiresAt), data: session });
  }

  async getSession(id: string): Promise<Session | undefined> {
    return (await this.m.session.findById(id).lean())?.data;
  }

  async deleteSession(id: string): Promise<void> {
    await this.m.session.deleteOne({ _id: id });
  }

  async audit(event: AuditEvent): Promise<void> {
    await this.m.audit.create({ seq: await this.next('audit'), data: event });
  }

  async listAudit(limit = 200): Promise<AuditEvent[]> {
    return (await this.m.audit.find().sort({ seq: -1 }).limit(limit).lean()).map((d) => d.data);
  }

  async readState(keys: string[]): Promise<Record<string, Record<string, unknown>>> {
    const docs = await this.m.state.find({ _id: { $in: keys } }).lean();
    return Object.fromEntries(docs.map((d) => [d._id, d.data]));
  }

  async writeState(changes: Record<string, Record<string, unknown>>): Promise<void> {
    await Promise.all(Object.entries(changes).map(([key, data]) => this.m.state.updateOne({ _id: key }, { $set: { data } }, { upsert: true })));
  }

  async deleteState(keys: string[]): Promise<void> {
    await this.m.state.deleteMany({ _id: { $in: keys } });
  }

  async *exportAll(): AsyncIterable<{ collection: string; record: Record<string, unknown> }> {
    for (const d of await this.m.conversation.find().sort({ _id: 1 }).lean()) yield { collection: 'conversations', record: d.data as unknown as Record<string, unknown> };
    const logs: [string, Model<LogDoc<unknown>>][] = [
      ['messages', this.m.messages as unknown as Model<LogDoc<unknown>>],
      ['ownership_changes', this.m.ownership as unknown as Model<LogDoc<unknown>>],
      ['unanswered', this.m.unanswered as unknown as Model<LogDoc<unknown>>],
      ['feedback', this.m.feedback as unknown as Model<LogDoc<unknown>>],
    ];
    for (const [collection, model] of logs) {
      for (const d of await model.find().sort({ seq: 1 }).lean()) yield { collection, record: d.data as Record<string, unknown> };
    }
    for (const d of await this.m.staff.find().sort({ _id: 1 }).lean()) yield { collection: 'staff', record: d.data as unknown as Record<string, unknown> };
    for (const d of await this.m.audit.find().sort({ seq: 1 }).lean()) yield { collection: 'audit', record: d.data as unknown as Record<string, unknown> };
    for (const d of await this.m.inbox.find().sort({ seq: 1 }).lean()) {
      yield { collection: 'inbox', record: { eventId: d._id, conversationId: d.conversationId, payload: d.payload, receivedAt: d.receivedAt, status: d.status } };
    }
    for (const d of await this.m.state.find().sort({ _id: 1 }).lean()) yield { collection: 'state', record: { key: d._id, value: d.data } };
  }

  async importRecord(collection: string, record: Record<string, unknown>): Promise<void> {
    const r = record as Record<string, string>;
    switch (collection) {
      case 'conversations':
        await this.m.conversation.updateOne({ _id: r.id }, { $set: { owner: r.owner, eTag: r.eTag, updatedAt: r.updatedAt, data: record } }, { upsert: true });
        return;
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
        await this.m.staff.updateOne({ _id: r.id }, { $set: { username: r.username, data: record } }, { upsert: true });
        return;
      case 'audit':
        await this.audit(record as unknown as AuditEvent);
        return;
      case 'inbox': {
        const inserted = await this.recordInbound({ eventId: r.eventId!, conversationId: r.conversationId!, payload: r.payload!, receivedAt: r.receivedAt! });
        if (inserted && r.status === 'done') await this.markInboundDone(r.eventId!);
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
