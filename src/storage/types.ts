/**
 * What the bot keeps, as small role interfaces — conversations, transcript, inbox, dead inbox, staff and
 * sessions, audit, editors' signals, dialog state, backup — each consumer depending on the roles it uses
 * (the conversation service on conversations, transcript and signals; the console on staff, audit, the
 * dead inbox and signals; the Messenger channel on the inbox and state…). Two adapters implement them all:
 * SQLite (embedded default) and MongoDB through mongoose (several instances); `Storage` is the whole, for
 * wiring. Both pass test/storage/contract.ts. Records are plain JSON; conversations carry an eTag for
 * optimistic concurrency, like botbuilder's Storage.
 */

export type Owner = 'bot' | 'waiting_staff' | 'staff' | 'resolved';
export type Channel = 'web' | 'messenger' | 'cli';

export interface ConversationRecord {
  /** `${channel}:${userId}`, built by conversationId() (conversation/ids.ts) */
  id: string;
  channel: Channel;
  userId: string;
  owner: Owner;
  locale: 'vi' | 'en';
  greeted: boolean;
  /** staff account that took the conversation */
  assignedTo?: string;
  urgent: boolean;
  /** when the worker was last handed to staff (queue order) */
  waitingSince?: string;
  /** why the bot handed off */
  handoffReason?: string;
  /** the worker's last message: opens the Messenger reply windows */
  lastUserMessageAt?: string;
  /** the entry the bot last answered with (follow-ups use its related entries) */
  lastEntryId?: string;
  /** entries offered in the last clarify question */
  pendingOptions?: string[];
  /** the worker has been told once that staff own the conversation */
  toldPassedOn?: boolean;
  /** the worker was told that no officer has picked up yet */
  toldTimeout?: boolean;
  /** the worker was asked to confirm deleting their data */
  pendingDeletion?: boolean;
  /** what staff filed the case under (the console's labels) */
  labels?: CaseLabels;
  /** how staff closed the case last (cleared when it is reopened) */
  resolution?: CaseResolution;
  /** what the worker told the bot while waiting for staff (the intake after a hand-off) */
  intake?: CaseIntake;
  /** the worker's one-tap rating of staff's help, after the last resolve (the dashboard counts them) */
  staffRating?: { up: boolean; at: string };
  createdAt: string;
  updatedAt: string;
  /** changes on every write; pass it back to detect a concurrent writer */
  eTag: string;
}

/**
 * The intake: the bot's questions while the worker waits for staff, one at a time. Each answer is kept as
 * typed ('' when skipped; absent when not asked yet). Never ID, insurance or bank numbers: a long run of
 * digits in an answer is not kept.
 */
export interface CaseIntake {
  startedAt: string;
  employer?: string;
  /** as typed: a province's name from before the 2025 mergers is as good as today's */
  province?: string;
  problem?: string;
  /** the dates that matter (dismissed on, last paid on), as typed */
  dates?: string;
  /** the last question answered, or the intake stopped (staff took the case, the worker cancelled) */
  finishedAt?: string;
  stopped?: boolean;
}

/** A case's labels, as staff typed them: the topic, the employer, and the worker's name when they gave it. */
export interface CaseLabels {
  topic?: string;
  employer?: string;
  workerName?: string;
}

/**
 * How a case was closed: answered, referred elsewhere, or follow-up needed — then `followUpOn` (a day in
 * Vietnam, YYYY-MM-DD) brings it back to the staff queue on that day.
 */
export interface CaseResolution {
  outcome: 'answered' | 'referred' | 'follow_up';
  at: string;
  by: string;
  followUpOn?: string;
}

export type NewConversation = Omit<ConversationRecord, 'eTag' | 'createdAt' | 'updatedAt'>;

export interface TranscriptMessage {
  conversationId: string;
  /** who wrote it */
  author: 'worker' | 'bot' | 'staff' | 'system';
  text: string;
  at: string;
  /** staff account for staff messages */
  staffId?: string;
  /** the officer's public name at the time of the reply, when they have one (shown to the worker) */
  staffName?: string;
  /** buttons that came with a bot message sent outside a turn (the rating after a resolve), for the web chat's history */
  quickReplies?: { title: string; payload: string }[];
  /** what the bot decided, for the console and the unanswered list */
  outcome?: string;
  entryId?: string;
  confidence?: number;
  /** Messenger message id of an inbound message */
  mid?: string;
}

export interface OwnershipChange {
  conversationId: string;
  from: Owner;
  to: Owner;
  by: string;
  at: string;
  reason?: string;
}

export interface InboundEvent {
  /** unique per event: the Messenger mid, or a hash for events without one */
  eventId: string;
  conversationId: string;
  /** the raw event, JSON */
  payload: string;
  receivedAt: string;
}

/** A claimed event: `attempt` counts the claims of this event so far (1 the first time). */
export interface ClaimedInbound extends InboundEvent {
  attempt: number;
}

/** An event that failed for good: kept, with its payload, for an admin to retry or drop. */
export interface DeadInbound extends InboundEvent {
  /** how many times it was tried */
  attempts: number;
  /** the last failure's cause */
  error: string;
  failedAt: string;
}

export interface UnansweredQuestion {
  conversationId: string;
  text: string;
  outcome: string;
  confidence: number;
  candidates: string[];
  at: string;
}

export interface Feedback {
  conversationId: string;
  entryId: string;
  helpful: boolean;
  text?: string;
  at: string;
}

export interface StaffAccount {
  id: string;
  username: string;
  displayName: string;
  /** staff < editor < reviewer < admin (console/auth.ts): a reviewer (the union's legal officer) also publishes knowledge-base drafts written by others */
  role: 'staff' | 'editor' | 'reviewer' | 'admin';
  passwordHash: string;
  createdAt: string;
  disabled?: boolean;
  /** The name workers see with this officer's replies (e.g. "Chị Lan"); none: "Cán bộ công đoàn". Optional: an officer may prefer not to be named. */
  publicName?: string;
  /** A pending password reset (console/admin-routes.ts): the one-time code's scrypt hash — never the code — and when it stops working. */
  resetCodeHash?: string;
  resetCodeExpiresAt?: string;
  /** Sessions signed in under an older epoch no longer count: raised when the account is disabled or its password reset. */
  sessionEpoch?: number;
}

/** staff < editor < reviewer < admin: each role can do what the ones before it can (the console and the editing rules ask here). */
const ROLE_RANK: Record<StaffAccount['role'], number> = { staff: 1, editor: 2, reviewer: 3, admin: 4 };
export function roleAtLeast(role: StaffAccount['role'], needed: StaffAccount['role']): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

export interface Session {
  id: string;
  staffId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  /** the account's sessionEpoch at sign-in (none: 0) */
  epoch?: number;
}

export interface AuditEvent {
  at: string;
  staffId: string;
  action: string;
  target?: string;
  detail?: string;
}

/**
 * Staff-only words on a case, never sent to the worker: a note, a phone call logged when Messenger allows
 * nothing more to be sent, or the note given with an assignment.
 */
export interface CaseNote {
  id: string;
  conversationId: string;
  kind: 'note' | 'call' | 'assignment';
  staffId: string;
  text: string;
  at: string;
}

/** A team-wide reply staff start from; `{{placeholders}}` are filled in for each worker (console/canned.ts). */
export interface CannedReply {
  id: string;
  title: string;
  text: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** What a knowledge-base document is: an answer (entries/…), one figure's dated rows (figures/<file>#<id>), or another file of the folder. */
export type KbDocumentKind = 'entry' | 'figure' | 'file';

/**
 * One published version of a knowledge-base document, append-only: the highest `rev` of a path is what
 * the bot serves. `path` is the file's place in the knowledge-base folder (`entries/leave/nghi-phep-nam.yaml`);
 * a figure is `figures/<file>.yaml#<figure id>` (a file of figures is its figures' texts in `order`).
 */
export interface KbRevision {
  path: string;
  /** 1, 2, … for each path */
  rev: number;
  kind: KbDocumentKind;
  /** the document's text exactly as in the folder (YAML, comments kept); null: the document was removed */
  text: string | null;
  /** figures: their place in their file */
  order?: number;
  /** staff ids of who wrote it ('import' for kb:import) */
  authors: string[];
  /** who published it (never one of the authors; 'import' for kb:import) */
  reviewer: string;
  publishedAt: string;
  /** why: the author's note, the reviewer's, "rollback to rev 3", "kb:import" */
  note?: string;
}

/** The one working draft of a document, between editing and publishing (knowledge-base/editing.ts has the rules). */
export interface KbDraft {
  path: string;
  kind: KbDocumentKind;
  /** null: the draft removes the document */
  text: string | null;
  order?: number;
  /** the published rev it was started from (0: a new document); publishing a draft whose base is no longer the newest is refused */
  baseRev: number;
  /** every staff id that saved it: none of them may publish it */
  authors: string[];
  state: 'editing' | 'in_review';
  /** where it came from, for the reviewer: an unanswered question, an officer's reply, a rollback */
  origin?: { kind: 'unanswered' | 'officer_reply' | 'rollback' | 'phrasing'; ref?: string; text?: string };
  /** the last word between author and reviewer (why it was sent back, what changed) */
  note?: string;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  eTag: string;
}

/** A short item for members: union news or a welfare programme, shown while valid (days in Vietnam, YYYY-MM-DD). */
export interface NewsItem {
  id: string;
  kind: 'news' | 'programme';
  title: string;
  body: string;
  /** an https link for more (the union's own page or post) */
  link?: string;
  validFrom: string;
  validUntil?: string;
  status: 'draft' | 'published' | 'withdrawn';
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedBy?: string;
  publishedAt?: string;
}

export class ConcurrencyError extends Error {
  override name = 'ConcurrencyError';
  constructor(readonly conversationId: string) {
    super(`conversation ${conversationId} was changed by another writer`);
  }
}

/**
 * When a conditional write may happen, said explicitly (like HTTP's If-Match / If-None-Match: *):
 * `any` — unconditionally (create, or overwrite: the last writer wins); `absent` — only when nothing is
 * stored yet (create); `match` — only when the stored eTag is this one (update what was read).
 */
export type ETagCondition = { kind: 'any' } | { kind: 'absent' } | { kind: 'match'; eTag: string };

export const ETag = {
  any: { kind: 'any' } as ETagCondition,
  absent: { kind: 'absent' } as ETagCondition,
  match: (eTag: string): ETagCondition => ({ kind: 'match', eTag }),
} as const;

/** The saved state of each conversation (who owns it, what is pending), with optimistic concurrency. */
export interface ConversationStore {
  getConversation(id: string): Promise<ConversationRecord | undefined>;
  /** Create or update the conversation when `condition` holds (ETag.any, ETag.absent, ETag.match(eTag)); otherwise ConcurrencyError. */
  saveConversation(record: NewConversation | ConversationRecord, condition: ETagCondition): Promise<ConversationRecord>;
  listConversationsByOwner(owners: Owner[]): Promise<ConversationRecord[]>;
  /**
   * Remove everything kept about one conversation (the worker's right to deletion): its state, transcript,
   * ownership history, inbox events, unanswered questions and feedback, the dialog state keyed by the
   * worker's id (the console's read marks among it), staff notes; audit entries keep the action but no
   * longer name it; a tombstone is left (erasure.ts).
   */
  deleteConversation(id: string): Promise<void>;
}

/** What was said in a conversation, and who owned it when. */
export interface TranscriptStore {
  appendMessage(message: TranscriptMessage): Promise<void>;
  listMessages(conversationId: string, limit?: number): Promise<TranscriptMessage[]>;
  recordOwnershipChange(change: OwnershipChange): Promise<void>;
  listOwnershipChanges(conversationId: string): Promise<OwnershipChange[]>;
}

/**
 * The inbound event inbox (exactly-once processing), as the webhook and the workers use it. An event is
 * pending, then done — or, after failing a bounded number of times, dead (kept for an admin; a dead event
 * no longer holds up its conversation).
 */
export interface InboxStore {
  /** Durably record an event; false when the same eventId was recorded before. */
  recordInbound(event: InboundEvent): Promise<boolean>;
  /**
   * Durably record several events in one write (a group commit: the webhook acknowledges many requests
   * with one wait for the disk); for each, false when its eventId was recorded before.
   */
  recordInboundBatch(events: InboundEvent[]): Promise<boolean[]>;
  /**
   * Claim the oldest pending event of each conversation not claimed by a live worker (and not waiting
   * for a retry), each with the number of this attempt.
   */
  claimInbound(worker: string, leaseMs: number, now: string, limit: number): Promise<ClaimedInbound[]>;
  /**
   * Heartbeat: the worker holding this attempt of the event keeps its claim until `leaseUntil`. False
   * when it no longer holds it (the lease ran out and another worker claimed it, or it was finished).
   */
  extendInboundLease(eventId: string, worker: string, attempt: number, leaseUntil: string): Promise<boolean>;
  markInboundDone(eventId: string): Promise<void>;
  /** The attempt failed: keep the event pending, not claimable before `retryAt` (the lease is released then). */
  retryInboundLater(eventId: string, failure: { error: string; retryAt: string }): Promise<void>;
  /** The event failed for good: park it as dead (payload kept); the conversation's next event becomes claimable. */
  markInboundDead(eventId: string, failure: { error: string; at: string }): Promise<void>;
  /** Events recorded but not yet done nor dead (for restart recovery and health). */
  countPendingInbound(): Promise<number>;
  /** receivedAt of the oldest pending event (health: is the inbox moving?). */
  oldestPendingInbound(): Promise<string | undefined>;
  /**
   * Forget done events received before `receivedBefore` (retention, purge.ts): their ids no longer
   * recognise a redelivery. Pending and dead events are never purged. Returns how many went.
   */
  purgeDoneInbound(receivedBefore: string): Promise<number>;
}

/** Events that failed for good, for an admin to look at, retry or drop. */
export interface DeadInboxStore {
  /** Dead events, oldest first. */
  listDeadInbound(limit?: number): Promise<DeadInbound[]>;
  countDeadInbound(): Promise<number>;
  /** Make a dead event pending again with fresh attempts; false when there is no such dead event. */
  reviveDeadInbound(eventId: string): Promise<boolean>;
  /** Give up a dead event: it becomes done (its id is still remembered, so a redelivery is ignored); false when not dead. */
  dropDeadInbound(eventId: string): Promise<boolean>;
}

/** Staff accounts and their console sessions. */
export interface StaffStore {
  createStaff(account: StaffAccount): Promise<void>;
  getStaffByUsername(username: string): Promise<StaffAccount | undefined>;
  getStaff(id: string): Promise<StaffAccount | undefined>;
  listStaff(): Promise<StaffAccount[]>;
  /** Replace an account's record (same id; the username may not change here). */
  updateStaff(account: StaffAccount): Promise<void>;
  createSession(session: Session): Promise<void>;
  getSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<void>;
  /** Delete the sessions that expired at or before `now` (they no longer sign anyone in). Returns how many went. */
  purgeExpiredSessions(now: string): Promise<number>;
}

/** What staff did (sign-ins, takes, replies, account changes), newest first when listed. */
export interface AuditStore {
  audit(event: AuditEvent): Promise<void>;
  listAudit(limit?: number): Promise<AuditEvent[]>;
}

/**
 * The console's case work: staff-only notes per conversation (removed with the conversation), and the
 * team's canned replies.
 */
export interface CaseStore {
  addNote(note: CaseNote): Promise<void>;
  /** A conversation's notes, oldest first. */
  listNotes(conversationId: string): Promise<CaseNote[]>;
  /** Create or replace the canned reply with this id. */
  saveCannedReply(reply: CannedReply): Promise<void>;
  /** Every canned reply, by title. */
  listCannedReplies(): Promise<CannedReply[]>;
  /** false when there was no such reply. */
  deleteCannedReply(id: string): Promise<boolean>;
}

/** Editors' signals: questions the bot could not answer, and workers' feedback on answers. */
export interface SignalStore {
  logUnanswered(question: UnansweredQuestion): Promise<void>;
  listUnanswered(limit?: number): Promise<UnansweredQuestion[]>;
  recordFeedback(feedback: Feedback): Promise<void>;
  listFeedback(limit?: number): Promise<Feedback[]>;
}

/**
 * Generic key-value state, botbuilder Storage-shaped: Botkit's dialog state, the Send API's idempotency
 * ledger, data-deletion requests, tombstones.
 */
export interface StateStore {
  readState(keys: string[]): Promise<Record<string, Record<string, unknown>>>;
  writeState(changes: Record<string, Record<string, unknown>>): Promise<void>;
  deleteState(keys: string[]): Promise<void>;
  /**
   * Forget the records under `prefix` whose `at` (an ISO time the writer put in the record) is before
   * `before`: state that is only needed for a while (the Messenger send ledger). Records without `at` stay.
   * Returns how many went.
   */
  purgeState(prefix: string, before: string): Promise<number>;
}

/**
 * The knowledge base as editors keep it: published revisions (append-only) and one working draft per
 * document. Every instance serves the newest revisions and polls kbPublishMark() to see a publish.
 */
export interface KbStore {
  /** Changes whenever a revision is appended ('' when there is none). Cheap: instances poll it every second. */
  kbPublishMark(): Promise<string>;
  /** The newest revision of every path (removed documents included, with text null). */
  listLatestKbRevisions(): Promise<KbRevision[]>;
  /** A document's revisions, oldest first. */
  listKbRevisions(path: string): Promise<KbRevision[]>;
  /**
   * Append revisions, each the next of its path (rev = newest + 1, or 1). ConcurrencyError naming the path
   * when that rev exists already (someone published first). SQLite appends all or none; MongoDB in order,
   * stopping at the first conflict.
   */
  appendKbRevisions(revisions: KbRevision[]): Promise<void>;
  getKbDraft(path: string): Promise<KbDraft | undefined>;
  listKbDrafts(): Promise<KbDraft[]>;
  /** Create or update a draft when `condition` holds; otherwise ConcurrencyError. */
  saveKbDraft(draft: Omit<KbDraft, 'eTag'> | KbDraft, condition: ETagCondition): Promise<KbDraft>;
  /** Remove a draft (published, or discarded) when `condition` holds; false when there was none; ConcurrencyError when it changed. */
  deleteKbDraft(path: string, condition: ETagCondition): Promise<boolean>;
}

/** Union news and programmes (issue 16 item 5). */
export interface NewsStore {
  /** Create or replace the item with this id. */
  saveNewsItem(item: NewsItem): Promise<void>;
  getNewsItem(id: string): Promise<NewsItem | undefined>;
  /** Every item, newest first (by validFrom, then createdAt). */
  listNewsItems(): Promise<NewsItem[]>;
  deleteNewsItem(id: string): Promise<boolean>;
}

/** Everything, as JSON lines, for backup and moving between adapters. */
export interface BackupStore {
  exportAll(): AsyncIterable<{ collection: string; record: Record<string, unknown> }>;
  importRecord(collection: string, record: Record<string, unknown>): Promise<void>;
}

/** Every role at once: what an adapter implements, and what the wiring (main.ts, CLIs) opens. */
export interface Storage
  extends
    ConversationStore,
    TranscriptStore,
    InboxStore,
    DeadInboxStore,
    StaffStore,
    AuditStore,
    SignalStore,
    CaseStore,
    StateStore,
    KbStore,
    NewsStore,
    BackupStore {
  readonly kind: 'sqlite' | 'mongodb';
  close(): Promise<void>;
}
