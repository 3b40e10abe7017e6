/**
 * The storage contract: one suite that every adapter must pass (SQLite in sqlite.test.ts, MongoDB on
 * FerretDB in mongo.test.ts). Call storageContract() inside a describe(); each test gets a fresh store.
 */
import { expect } from 'chai';
import {
  ConcurrencyError,
  ETag,
  type ConversationRecord,
  type InboundEvent,
  type KbDraft,
  type KbRevision,
  type NewConversation,
  type NewsItem,
  type Storage,
  type TranscriptMessage,
} from '../../src/storage/types.js';
import { DELETED_TARGET, TOMBSTONE_PREFIX, tombstoneKey } from '../../src/storage/erasure.js';

export interface StoreUnderTest {
  storage: Storage;
  /** A second instance (own connection) on the same data, as a second app instance would open it. */
  another?: () => Promise<Storage>;
  cleanup(): Promise<void>;
}

/** Every collection exportAll writes (sessions are deliberately left out: they are bearer credentials). */
export const EXPORTED_COLLECTIONS = [
  'conversations',
  'messages',
  'ownership_changes',
  'unanswered',
  'feedback',
  'staff',
  'audit',
  'notes',
  'canned_replies',
  'kb_revisions',
  'kb_drafts',
  'news',
  'inbox',
  'state',
];

/** The JSON form of a value, as it would be stored: undefined fields dropped. */
export const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export function conversation(userId: string, patch: Partial<NewConversation> = {}): NewConversation {
  return { id: `web:${userId}`, channel: 'web', userId, owner: 'bot', locale: 'vi', greeted: false, urgent: false, ...patch };
}

const T0 = Date.parse('2026-11-26T01:00:00.000Z');
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

export function event(eventId: string, conversationId: string, seconds = 0): InboundEvent {
  return { eventId, conversationId, payload: JSON.stringify({ mid: eventId, text: `text of ${eventId}` }), receivedAt: at(seconds) };
}

export async function exportOf(storage: Storage): Promise<{ collection: string; record: Record<string, unknown> }[]> {
  const out: { collection: string; record: Record<string, unknown> }[] = [];
  for await (const row of storage.exportAll()) out.push(json(row));
  return out;
}

/** Put something in every collection (used by the round-trip tests here and in export-import.test.ts). */
export async function fillStore(s: Storage): Promise<{ a: ConversationRecord; b: ConversationRecord }> {
  let a = await s.saveConversation(
    conversation('alice', { locale: 'en', pendingOptions: ['nghi-phep-nam', 'nghi-le-tet'], lastEntryId: 'luong-toi-thieu' }),
    ETag.absent,
  );
  a = await s.saveConversation(
    { ...a, owner: 'staff', assignedTo: 'staff-1', waitingSince: at(5), handoffReason: 'asked_for_human', urgent: true },
    ETag.match(a.eTag),
  );
  const b = await s.saveConversation(conversation('bob', { greeted: true, toldPassedOn: true }), ETag.absent);
  await s.appendMessage({ conversationId: a.id, author: 'worker', text: 'Nghỉ phép năm được mấy ngày?', at: at(1), mid: 'm.1' });
  await s.appendMessage({
    conversationId: a.id,
    author: 'bot',
    text: '12 ngày làm việc…',
    at: at(2),
    outcome: 'answer',
    entryId: 'nghi-phep-nam',
    confidence: 0.87,
  });
  await s.appendMessage({ conversationId: b.id, author: 'worker', text: 'chào ad', at: at(3) });
  await s.appendMessage({ conversationId: a.id, author: 'staff', text: 'Chào chị, em là cán bộ công đoàn.', at: at(4), staffId: 'staff-1' });
  await s.recordOwnershipChange({ conversationId: a.id, from: 'bot', to: 'waiting_staff', by: 'bot', at: at(5), reason: 'asked_for_human' });
  await s.recordOwnershipChange({ conversationId: a.id, from: 'waiting_staff', to: 'staff', by: 'staff-1', at: at(6) });
  await s.recordInbound(event('mid.done', a.id, 1));
  await s.recordInbound(event('mid.pending', b.id, 3));
  await s.markInboundDone('mid.done');
  await s.recordInbound(event('mid.dead', a.id, 2));
  await s.markInboundDead('mid.dead', { error: 'TypeError: boom', at: at(2) });
  await s.logUnanswered({ conversationId: b.id, text: 'giá vàng hôm nay', outcome: 'out_of_scope', confidence: 0.1, candidates: [], at: at(3) });
  await s.logUnanswered({
    conversationId: a.id,
    text: 'lương tháng 13',
    outcome: 'handoff',
    confidence: 0.42,
    candidates: ['thuong-tet', 'luong-toi-thieu'],
    at: at(7),
  });
  await s.recordFeedback({ conversationId: a.id, entryId: 'nghi-phep-nam', helpful: true, at: at(8) });
  await s.recordFeedback({ conversationId: b.id, entryId: 'luong-toi-thieu', helpful: false, text: 'khó hiểu', at: at(9) });
  await s.createStaff({ id: 'staff-1', username: 'lan', displayName: 'Chị Lan', role: 'admin', passwordHash: 'scrypt$abc$def', createdAt: at(0) });
  await s.createStaff({
    id: 'staff-2',
    username: 'hung',
    displayName: 'Anh Hùng',
    role: 'staff',
    passwordHash: 'scrypt$123$456',
    createdAt: at(0),
    disabled: true,
  });
  await s.createSession({ id: 'sess-1', staffId: 'staff-1', csrfToken: 'csrf', createdAt: at(0), expiresAt: at(3600) });
  await s.audit({ at: at(6), staffId: 'staff-1', action: 'take', target: a.id });
  await s.audit({ at: at(10), staffId: 'staff-1', action: 'login' });
  await s.writeState({ 'web/web:alice/dialog': { stack: [{ id: 'ask', state: {} }], empty: {}, n: 2 }, 'web/web:bob/dialog': { stack: [] } });
  await s.addNote({ id: 'note-1', conversationId: a.id, kind: 'note', staffId: 'staff-1', text: 'Chị ấy làm ở công ty may Hòa Bình.', at: at(11) });
  await s.addNote({ id: 'note-2', conversationId: b.id, kind: 'call', staffId: 'staff-1', text: 'Đã gọi điện, hẹn thứ Hai.', at: at(12) });
  await s.saveCannedReply({
    id: 'canned-1',
    title: 'Chào hỏi',
    text: 'Chào {{ten_nguoi_lao_dong}}, đường dây nóng: {{hotline}}.',
    createdBy: 'staff-1',
    createdAt: at(0),
    updatedAt: at(0),
  });
  await s.appendKbRevisions([
    revision('entries/leave/nghi-phep-nam.yaml', 1, 'id: nghi-phep-nam\n'),
    revision('figures/wages.yaml#base_salary', 1, 'base_salary:\n'),
  ]);
  await s.saveKbDraft(draft('entries/leave/nghi-phep-nam.yaml', 'id: nghi-phep-nam # sửa\n'), ETag.absent);
  await s.saveNewsItem(newsItem('news-1'));
  return { a, b };
}

export function revision(path: string, rev: number, text: string | null, patch: Partial<KbRevision> = {}): KbRevision {
  return { path, rev, kind: path.startsWith('figures/') ? 'figure' : 'entry', text, authors: ['staff-2'], reviewer: 'staff-1', publishedAt: at(rev), ...patch };
}

export function draft(path: string, text: string | null, patch: Partial<KbDraft> = {}): Omit<KbDraft, 'eTag'> {
  return { path, kind: 'entry', text, baseRev: 1, authors: ['staff-2'], state: 'editing', createdAt: at(20), updatedAt: at(20), ...patch };
}

export function newsItem(id: string, patch: Partial<NewsItem> = {}): NewsItem {
  return {
    id,
    kind: 'programme',
    title: 'Mái ấm Công đoàn',
    body: 'Hỗ trợ đoàn viên khó khăn về nhà ở.',
    validFrom: '2026-11-01',
    status: 'published',
    createdBy: 'staff-1',
    createdAt: at(30),
    updatedAt: at(30),
    ...patch,
  };
}

export function storageContract(name: string, makeStorage: () => Promise<StoreUnderTest>): void {
  describe(name, function () {
    let store: StoreUnderTest;
    let s: Storage;
    const opened: Storage[] = [];
    /** The store itself and a second instance on the same data (the store again when the adapter offers none). */
    const instances = async (): Promise<[Storage, Storage]> => {
      if (!store.another) return [s, s];
      const other = await store.another();
      opened.push(other);
      return [s, other];
    };

    beforeEach(async () => {
      store = await makeStorage();
      s = store.storage;
    });

    afterEach(async () => {
      for (const other of opened.splice(0)) await other.close();
      await store.cleanup();
    });

    describe('conversations', () => {
      it('creates with ETag.absent and reads back the same record', async () => {
        expect(await s.getConversation('web:nobody')).to.equal(undefined);
        const input = conversation('an', { pendingOptions: ['a', 'b'], lastEntryId: 'nghi-phep-nam' });
        const saved = await s.saveConversation(input, ETag.absent);
        expect(saved).to.include({ id: 'web:an', owner: 'bot', locale: 'vi' });
        expect(saved.eTag).to.be.a('string').and.not.equal('');
        expect(saved.createdAt).to.equal(saved.updatedAt);
        expect(Date.parse(saved.createdAt)).to.be.closeTo(Date.now(), 60_000);
        expect(json(await s.getConversation('web:an'))).to.deep.equal(json(saved));
      });

      it('refuses a second create with ETag.absent (ConcurrencyError) and keeps the first', async () => {
        const first = await s.saveConversation(conversation('an'), ETag.absent);
        const err = await rejection(s.saveConversation(conversation('an', { owner: 'staff' }), ETag.absent));
        expect(err).to.be.instanceOf(ConcurrencyError);
        expect((err as ConcurrencyError).conversationId).to.equal('web:an');
        expect(json(await s.getConversation('web:an'))).to.deep.equal(json(first));
      });

      it('updates with ETag.match of the stored eTag: new eTag, createdAt kept', async () => {
        const first = await s.saveConversation(conversation('an'), ETag.absent);
        await new Promise((r) => setTimeout(r, 5));
        const second = await s.saveConversation({ ...first, greeted: true, owner: 'waiting_staff', waitingSince: at(1) }, ETag.match(first.eTag));
        expect(second.eTag).to.not.equal(first.eTag);
        expect(second.createdAt).to.equal(first.createdAt);
        expect(second.updatedAt > first.updatedAt).to.equal(true);
        const stored = await s.getConversation('web:an');
        expect(json(stored)).to.deep.equal(json(second));
        expect(stored).to.include({ greeted: true, owner: 'waiting_staff', waitingSince: at(1) });
      });

      it('refuses ETag.match of a stale eTag, and of an eTag for a conversation that does not exist', async () => {
        const first = await s.saveConversation(conversation('an'), ETag.absent);
        const second = await s.saveConversation({ ...first, greeted: true }, ETag.match(first.eTag));
        expect(await rejection(s.saveConversation({ ...first, owner: 'staff' }, ETag.match(first.eTag)))).to.be.instanceOf(ConcurrencyError);
        expect(json(await s.getConversation('web:an'))).to.deep.equal(json(second));
        expect(await rejection(s.saveConversation(conversation('ghost'), ETag.match(second.eTag)))).to.be.instanceOf(ConcurrencyError);
        expect(await s.getConversation('web:ghost')).to.equal(undefined);
      });

      it('ETag.any writes unconditionally (create, then the last writer wins)', async () => {
        const created = await s.saveConversation(conversation('an'), ETag.any);
        const overwritten = await s.saveConversation({ ...conversation('an'), owner: 'resolved' }, ETag.any);
        expect(overwritten.createdAt).to.equal(created.createdAt);
        expect(overwritten.eTag).to.not.equal(created.eTag);
        expect(await s.getConversation('web:an')).to.include({ owner: 'resolved', eTag: overwritten.eTag });
      });

      it('stores records as JSON: undefined fields are dropped, arrays and flags kept', async () => {
        const first = await s.saveConversation(conversation('an', { assignedTo: 'staff-1', pendingOptions: ['x'] }), ETag.absent);
        await s.saveConversation({ ...first, assignedTo: undefined, pendingOptions: [], toldPassedOn: false, pendingDeletion: true }, ETag.match(first.eTag));
        const stored = (await s.getConversation('web:an'))!;
        expect(stored).to.not.have.property('assignedTo');
        expect(stored.pendingOptions).to.deep.equal([]);
        expect(stored).to.include({ toldPassedOn: false, pendingDeletion: true, urgent: false, greeted: false });
      });

      it('of writers holding the same eTag, exactly one wins (repeated, across instances)', async () => {
        const [one, two] = await instances();
        for (let round = 0; round < 8; round++) {
          const base = await s.saveConversation(conversation(`race${round}`), ETag.absent);
          const writers = [0, 1, 2, 3, 4].map((i) => (i % 2 ? two : one).saveConversation({ ...base, lastEntryId: `writer-${i}` }, ETag.match(base.eTag)));
          const results = await Promise.allSettled(writers);
          const won = results.filter((r): r is PromiseFulfilledResult<ConversationRecord> => r.status === 'fulfilled');
          const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
          expect(won, `round ${round}: winners`).to.have.length(1);
          for (const r of lost) expect(r.reason).to.be.instanceOf(ConcurrencyError);
          expect(json(await s.getConversation(base.id))).to.deep.equal(json(won[0]!.value));
        }
      });

      it('of concurrent creators (ETag.absent), exactly one wins', async () => {
        const [one, two] = await instances();
        for (let round = 0; round < 5; round++) {
          const results = await Promise.allSettled(
            [0, 1, 2, 3].map((i) => (i % 2 ? two : one).saveConversation(conversation(`new${round}`, { lastEntryId: `c${i}` }), ETag.absent)),
          );
          const won = results.filter((r) => r.status === 'fulfilled');
          expect(won, `round ${round}`).to.have.length(1);
          for (const r of results) if (r.status === 'rejected') expect(r.reason).to.be.instanceOf(ConcurrencyError);
        }
      });

      it('lists conversations by owner with their current state only', async () => {
        const a = await s.saveConversation(conversation('a'), ETag.absent);
        await s.saveConversation(conversation('b', { owner: 'waiting_staff' }), ETag.absent);
        const c = await s.saveConversation(conversation('c', { owner: 'staff', assignedTo: 'staff-1' }), ETag.absent);
        await s.saveConversation(conversation('d', { owner: 'resolved' }), ETag.absent);
        // a moves into the queue, c moves out of it: a stale copy of either must not show up
        await s.saveConversation({ ...a, owner: 'waiting_staff', urgent: true }, ETag.match(a.eTag));
        await s.saveConversation({ ...c, owner: 'resolved' }, ETag.match(c.eTag));
        const listed = await s.listConversationsByOwner(['waiting_staff', 'staff']);
        expect(listed.map((r) => r.id).sort()).to.deep.equal(['web:a', 'web:b']);
        expect(listed.find((r) => r.id === 'web:a')).to.include({ owner: 'waiting_staff', urgent: true });
        expect((await s.listConversationsByOwner(['resolved'])).map((r) => r.id).sort()).to.deep.equal(['web:c', 'web:d']);
        expect((await s.listConversationsByOwner(['bot'])).map((r) => r.id)).to.deep.equal([]);
        expect(await s.listConversationsByOwner([])).to.deep.equal([]);
      });

      it('deleteConversation removes everything of that conversation and nothing of others', async () => {
        const { a, b } = await fillStore(s);
        await s.recordInbound(event('mid.a.pending', a.id, 20));
        await s.recordInbound(event('mid.b.pending2', b.id, 21));
        const before = await exportOf(s);
        await s.deleteConversation(a.id);

        expect(await s.getConversation(a.id)).to.equal(undefined);
        expect(await s.listMessages(a.id)).to.deep.equal([]);
        expect(await s.listOwnershipChanges(a.id)).to.deep.equal([]);
        expect((await s.listUnanswered()).map((q) => q.conversationId)).to.deep.equal([b.id]);
        expect((await s.listFeedback()).map((f) => f.conversationId)).to.deep.equal([b.id]);
        expect(await s.countPendingInbound()).to.equal(2);
        const claimed = await s.claimInbound('w', 60_000, at(100), 10);
        expect(claimed.map((e) => e.eventId)).to.deep.equal(['mid.pending']);

        // b and staff are untouched: the export lost exactly a's records, a's dialog state, and the
        // audit entry naming a keeps what was done but no longer says to whom; a tombstone is added
        const mentionsA = (row: { collection: string; record: Record<string, unknown> }) =>
          (['conversations'].includes(row.collection) && row.record.id === a.id) ||
          (['messages', 'ownership_changes', 'unanswered', 'feedback', 'inbox', 'notes'].includes(row.collection) && row.record.conversationId === a.id) ||
          (row.collection === 'state' && String(row.record.key).includes(a.id));
        const expected = before
          .filter((row) => !mentionsA(row))
          .map((row) => (row.collection === 'audit' && row.record.target === a.id ? { ...row, record: { ...row.record, target: DELETED_TARGET } } : row));
        const after = await exportOf(s);
        const tombstones = after.filter((row) => row.collection === 'state' && String(row.record.key).startsWith(TOMBSTONE_PREFIX));
        expect(tombstones.map((row) => row.record.key)).to.deep.equal([tombstoneKey(a.id)]);
        expect(Date.parse(String((tombstones[0]!.record.value as { deletedAt: string }).deletedAt))).to.be.closeTo(Date.now(), 60_000);
        expect(after.filter((row) => !tombstones.includes(row))).to.deep.equal(expected);
        expect(json(await s.getConversation(b.id))).to.deep.equal(json(b));
        // the worker may start again from nothing
        expect((await s.saveConversation(conversation('alice'), ETag.absent)).id).to.equal(a.id);
      });

      it("after deleteConversation an export holds nothing mentioning the worker's id (dialog state by any key, audit targets)", async () => {
        const { a, b } = await fillStore(s);
        const psid = '2718281828459045';
        const m = await s.saveConversation(
          { id: `messenger:${psid}`, channel: 'messenger', userId: psid, owner: 'bot', locale: 'vi', greeted: true, urgent: false },
          ETag.absent,
        );
        await s.appendMessage({ conversationId: m.id, author: 'worker', text: 'công ty nợ lương tôi 3 tháng', at: at(30), mid: 'm.psid.1' });
        await s.recordInbound(event('m.psid.2', m.id, 31));
        await s.logUnanswered({ conversationId: m.id, text: 'nợ lương', outcome: 'handoff', confidence: 0.3, candidates: [], at: at(31) });
        await s.recordFeedback({ conversationId: m.id, entryId: 'tra-luong', helpful: false, at: at(32) });
        await s.recordOwnershipChange({ conversationId: m.id, from: 'bot', to: 'waiting_staff', by: 'bot', at: at(32) });
        await s.audit({ at: at(33), staffId: 'staff-1', action: 'reply', target: m.id, detail: 'console' });
        await s.addNote({ id: 'note-psid', conversationId: m.id, kind: 'note', staffId: 'staff-1', text: 'nợ lương, gọi lại sau', at: at(34) });
        // the console's read mark for this conversation (state keyed by the conversation id)
        await s.writeState({ [`console/read/staff-1/${m.id}`]: { at: at(35) } });
        // Botkit's conversation state key for a Messenger worker, and one for a longer id that merely contains it
        await s.writeState({
          [`facebook/conversations/${psid}-${psid}/`]: { dialogStack: [{ id: 'x' }] },
          [`facebook/conversations/${psid}9-${psid}9/`]: { dialogStack: [] },
        });
        await s.deleteConversation(m.id);
        const text = JSON.stringify(
          (await exportOf(s)).filter((row) => !(row.collection === 'state' && String(row.record.key) === `facebook/conversations/${psid}9-${psid}9/`)),
        );
        expect(text).to.not.include(psid);
        expect(text).to.not.include('nợ lương');
        // the other worker's state with a longer id stays; a and b are untouched
        expect(Object.keys(await s.readState([`facebook/conversations/${psid}9-${psid}9/`]))).to.have.length(1);
        expect(await s.getConversation(a.id)).to.not.equal(undefined);
        expect(await s.getConversation(b.id)).to.not.equal(undefined);
        expect(await s.readState([tombstoneKey(m.id)])).to.have.property(tombstoneKey(m.id));
      });
    });

    describe('transcript and ownership history', () => {
      it('keeps messages in the order they were appended, per conversation, with every field', async () => {
        const sameTime = at(0);
        const written: TranscriptMessage[] = [];
        for (let i = 0; i < 25; i++) {
          const m: TranscriptMessage = { conversationId: 'web:a', author: i % 2 ? 'bot' : 'worker', text: `tin nhắn ${i}`, at: sameTime };
          if (i % 5 === 1) Object.assign(m, { outcome: 'answer', entryId: 'nghi-phep-nam', confidence: 0.75 });
          if (i % 5 === 2) Object.assign(m, { mid: `m.${i}` });
          if (i % 5 === 3) Object.assign(m, { author: 'staff', staffId: 'staff-1' });
          await s.appendMessage(m);
          written.push(m);
          await s.appendMessage({ conversationId: 'web:b', author: 'worker', text: `other ${i}`, at: sameTime });
        }
        expect(await s.listMessages('web:a')).to.deep.equal(json(written));
        expect(await s.listMessages('web:a', 4)).to.deep.equal(json(written.slice(-4)));
        expect((await s.listMessages('web:b')).map((m) => m.text)).to.deep.equal(written.map((_, i) => `other ${i}`));
        expect(await s.listMessages('web:none')).to.deep.equal([]);
      });

      it('keeps append order when two instances write one after the other', async () => {
        const [one, two] = await instances();
        for (let i = 0; i < 12; i++) await (i % 2 ? two : one).appendMessage({ conversationId: 'web:a', author: 'worker', text: String(i), at: at(0) });
        expect((await s.listMessages('web:a')).map((m) => m.text)).to.deep.equal(Array.from({ length: 12 }, (_, i) => String(i)));
      });

      it('keeps ownership changes in order, per conversation', async () => {
        const changes = [
          { conversationId: 'web:a', from: 'bot', to: 'waiting_staff', by: 'bot', at: at(1), reason: 'asked_for_human' },
          { conversationId: 'web:a', from: 'waiting_staff', to: 'staff', by: 'staff-1', at: at(1) },
          { conversationId: 'web:a', from: 'staff', to: 'bot', by: 'staff-1', at: at(1), reason: 'handed_back' },
        ] as const;
        await s.recordOwnershipChange(changes[0]);
        await s.recordOwnershipChange({ conversationId: 'web:b', from: 'bot', to: 'resolved', by: 'bot', at: at(0) });
        await s.recordOwnershipChange(changes[1]);
        await s.recordOwnershipChange(changes[2]);
        expect(await s.listOwnershipChanges('web:a')).to.deep.equal(changes.map((c) => ({ ...c })));
        expect(await s.listOwnershipChanges('web:b')).to.have.length(1);
        expect(await s.listOwnershipChanges('web:none')).to.deep.equal([]);
      });
    });

    describe('inbound inbox', () => {
      it('records an event once: the same eventId again returns false and keeps the first payload', async () => {
        expect(await s.recordInbound(event('mid.1', 'messenger:1'))).to.equal(true);
        expect(await s.recordInbound({ ...event('mid.1', 'messenger:1'), payload: '{"other":true}' })).to.equal(false);
        expect(await s.countPendingInbound()).to.equal(1);
        const [claimed] = await s.claimInbound('w', 60_000, at(1), 10);
        expect(claimed).to.deep.equal({ ...event('mid.1', 'messenger:1'), attempt: 1 });
        await s.markInboundDone('mid.1');
        expect(await s.recordInbound(event('mid.1', 'messenger:1'))).to.equal(false); // also once it is done
        expect(await s.countPendingInbound()).to.equal(0);
      });

      it('of concurrent recorders of one eventId (across instances), exactly one records it', async () => {
        const [one, two] = await instances();
        for (let round = 0; round < 5; round++) {
          const results = await Promise.all([0, 1, 2, 3].map((i) => (i % 2 ? two : one).recordInbound(event(`mid.dup${round}`, 'messenger:1'))));
          expect(results.filter(Boolean), `round ${round}`).to.have.length(1);
        }
        expect(await s.countPendingInbound()).to.equal(5);
      });

      it('records a batch in one write: each event once (a repeat inside the batch, or one recorded before, is false), in batch order', async () => {
        expect(await s.recordInboundBatch([])).to.deep.equal([]);
        await s.recordInbound(event('b0', 'c1'));
        const results = await s.recordInboundBatch([event('b1', 'c1'), event('b0', 'c1'), event('b2', 'c2'), event('b1', 'c1'), event('b3', 'c1')]);
        expect(results).to.deep.equal([true, false, true, false, true]);
        expect(await s.countPendingInbound()).to.equal(4);
        // in the order recorded: c1's events come out b0, b1, b3
        const order: string[] = [];
        for (let i = 0; i < 4; i++) {
          const claimed = await s.claimInbound('w', 60_000, at(1), 10);
          for (const c of claimed) {
            order.push(c.eventId);
            await s.markInboundDone(c.eventId);
          }
        }
        expect(order.filter((id) => id !== 'b2')).to.deep.equal(['b0', 'b1', 'b3']);
      });

      it('batches recorded at once by two instances: every event once, each conversation in the order its batch gave (a conversation’s events arrive in one request)', async () => {
        const [one, two] = await instances();
        const batch = (tag: string, n: number) => Array.from({ length: n }, (_v, i) => event(`${tag}.${i}`, `c.${tag}`));
        const shared = [event('shared.1', 'c.shared'), event('shared.2', 'c.shared')];
        const results = await Promise.all([
          one.recordInboundBatch([...batch('one', 30), ...shared]),
          two.recordInboundBatch([...batch('two', 30), ...shared]),
          one.recordInboundBatch(batch('three', 5)),
        ]);
        expect(results.flat().filter(Boolean)).to.have.length(30 + 30 + 5 + 2);
        const claimedOrder = new Map<string, string[]>();
        for (;;) {
          const claimed = await s.claimInbound('w', 60_000, at(1), 100);
          if (claimed.length === 0) break;
          for (const c of claimed) {
            claimedOrder.set(c.conversationId, [...(claimedOrder.get(c.conversationId) ?? []), c.eventId]);
            await s.markInboundDone(c.eventId);
          }
        }
        for (const tag of ['one', 'two', 'three'])
          expect(claimedOrder.get(`c.${tag}`)).to.deep.equal(batch(tag, tag === 'three' ? 5 : 30).map((e) => e.eventId));
        // (the two shared events each recorded once, by whichever batch came first; Meta redelivers an event
        // later, never as a rival in the same instant, so their order across instances is not asserted)
        expect(claimedOrder.get('c.shared')).to.have.members(['shared.1', 'shared.2']);
      });

      it('claims only the oldest pending event of each conversation, in the order recorded, up to the limit', async () => {
        for (const [id, conv] of [
          ['e1', 'c1'],
          ['e2', 'c2'],
          ['e3', 'c1'],
          ['e4', 'c3'],
          ['e5', 'c2'],
        ] as const)
          await s.recordInbound(event(id, conv));
        const two = await s.claimInbound('w1', 60_000, at(1), 2);
        expect(two).to.deep.equal([
          { ...event('e1', 'c1'), attempt: 1 },
          { ...event('e2', 'c2'), attempt: 1 },
        ]);
        const rest = await s.claimInbound('w2', 60_000, at(2), 10);
        expect(rest.map((e) => e.eventId)).to.deep.equal(['e4']); // c1 and c2 are held by w1
        expect(await s.countPendingInbound()).to.equal(5); // claimed is still pending
      });

      it('does not hand a claimed event to another worker until its lease runs out', async () => {
        await s.recordInbound(event('e1', 'c1'));
        await s.recordInbound(event('e2', 'c1'));
        expect((await s.claimInbound('w1', 60_000, at(0), 10)).map((e) => e.eventId)).to.deep.equal(['e1']);
        expect(await s.claimInbound('w2', 60_000, at(30), 10)).to.deep.equal([]);
        expect(await s.claimInbound('w1', 60_000, at(59), 10)).to.deep.equal([]);
        // w1 died: after the lease the same (oldest) event goes to another worker, never the next one
        expect((await s.claimInbound('w2', 60_000, at(61), 10)).map((e) => e.eventId)).to.deep.equal(['e1']);
        expect(await s.claimInbound('w3', 60_000, at(62), 10)).to.deep.equal([]);
      });

      it('a heartbeat keeps a claim alive past its first lease; only its holder may extend it, and not once it was lost or finished', async () => {
        await s.recordInbound(event('e1', 'c1'));
        const [claimed] = await s.claimInbound('w1', 10_000, at(0), 10);
        expect(claimed!.attempt).to.equal(1);
        expect(await s.extendInboundLease('e1', 'w2', 1, at(18))).to.equal(false); // not w2's
        expect(await s.extendInboundLease('e1', 'w1', 1, at(18))).to.equal(true);
        expect(await s.claimInbound('w2', 10_000, at(12), 10)).to.deep.equal([]); // past the first lease, still held
        // w1 stops beating (it died): after the extended lease another worker takes the event ...
        expect((await s.claimInbound('w2', 10_000, at(19), 10)).map((e) => [e.eventId, e.attempt])).to.deep.equal([['e1', 2]]);
        // ... and w1, if it was only slow, learns it lost the claim.
        expect(await s.extendInboundLease('e1', 'w1', 1, at(30))).to.equal(false);
        expect(await s.extendInboundLease('e1', 'w2', 2, at(30))).to.equal(true);
        await s.markInboundDone('e1');
        expect(await s.extendInboundLease('e1', 'w2', 2, at(40))).to.equal(false);
      });

      it('after markInboundDone the next event of that conversation becomes claimable; done events never come back', async () => {
        for (const id of ['e1', 'e2', 'e3']) await s.recordInbound(event(id, 'c1'));
        const order: string[] = [];
        for (let i = 0; i < 3; i++) {
          const claimed = await s.claimInbound('w', 60_000, at(i), 10);
          expect(claimed).to.have.length(1);
          order.push(claimed[0]!.eventId);
          expect(await s.claimInbound('w', 60_000, at(i), 10)).to.deep.equal([]);
          await s.markInboundDone(claimed[0]!.eventId);
          expect(await s.countPendingInbound()).to.equal(2 - i);
        }
        expect(order).to.deep.equal(['e1', 'e2', 'e3']);
        expect(await s.claimInbound('w', 60_000, at(3600), 10)).to.deep.equal([]);
      });

      it('numbers the attempts: a claim whose lease ran out is claimed again as the next attempt', async () => {
        await s.recordInbound(event('e1', 'c1'));
        expect((await s.claimInbound('w1', 60_000, at(0), 10)).map((e) => e.attempt)).to.deep.equal([1]);
        expect((await s.claimInbound('w2', 60_000, at(61), 10)).map((e) => e.attempt)).to.deep.equal([2]);
        expect((await s.claimInbound('w3', 60_000, at(122), 10)).map((e) => e.attempt)).to.deep.equal([3]);
      });

      it('a failed attempt waits for its retry time (holding back its conversation only), then comes back as the next attempt', async () => {
        await s.recordInbound(event('e1', 'c1'));
        await s.recordInbound(event('e2', 'c1'));
        await s.recordInbound(event('f1', 'c2'));
        expect((await s.claimInbound('w', 60_000, at(0), 1)).map((e) => e.eventId)).to.deep.equal(['e1']);
        await s.retryInboundLater('e1', { error: 'Error: boom', retryAt: at(5) });
        // before the retry time: c1 waits (its order is kept), c2 goes on
        expect((await s.claimInbound('w', 60_000, at(1), 10)).map((e) => e.eventId)).to.deep.equal(['f1']);
        expect(await s.claimInbound('w', 60_000, at(4), 10)).to.deep.equal([]);
        const again = await s.claimInbound('w', 60_000, at(6), 10);
        expect(again.map((e) => [e.eventId, e.attempt])).to.deep.equal([['e1', 2]]);
        expect(again[0]!.payload).to.equal(event('e1', 'c1').payload);
        expect(await s.countPendingInbound()).to.equal(3);
      });

      it('a dead event is kept with its payload, attempts and cause, no longer claimed, and its conversation moves on', async () => {
        expect(await s.oldestPendingInbound()).to.equal(undefined);
        await s.recordInbound(event('e1', 'c1', 1));
        await s.recordInbound(event('e2', 'c1', 2));
        expect(await s.oldestPendingInbound()).to.equal(at(1));
        await s.claimInbound('w', 60_000, at(10), 10);
        await s.retryInboundLater('e1', { error: 'Error: first', retryAt: at(11) });
        await s.claimInbound('w', 60_000, at(12), 10);
        await s.markInboundDead('e1', { error: 'Error: second', at: at(13) });
        expect(await s.countDeadInbound()).to.equal(1);
        expect(await s.countPendingInbound()).to.equal(1);
        expect(await s.oldestPendingInbound()).to.equal(at(2));
        expect(await s.listDeadInbound()).to.deep.equal([{ ...event('e1', 'c1', 1), attempts: 2, error: 'Error: second', failedAt: at(13) }]);
        expect((await s.claimInbound('w', 60_000, at(14), 10)).map((e) => e.eventId)).to.deep.equal(['e2']);
        expect(await s.recordInbound(event('e1', 'c1', 1))).to.equal(false); // a redelivery is still recognised
        await s.markInboundDone('e2');
        expect(await s.claimInbound('w', 60_000, at(15), 10)).to.deep.equal([]);
        expect(await s.oldestPendingInbound()).to.equal(undefined);
      });

      it('a revived dead event is pending again, first in its conversation, with attempts from 1; dropping makes it done', async () => {
        for (const [id, conv] of [
          ['e1', 'c1'],
          ['e2', 'c1'],
          ['f1', 'c2'],
        ] as const)
          await s.recordInbound(event(id, conv));
        await s.claimInbound('w', 60_000, at(0), 10);
        await s.markInboundDead('e1', { error: 'Error: e1', at: at(1) });
        await s.markInboundDead('f1', { error: 'Error: f1', at: at(1) });
        expect(await s.reviveDeadInbound('e2')).to.equal(false); // not dead
        expect(await s.reviveDeadInbound('nothing')).to.equal(false);
        expect(await s.reviveDeadInbound('e1')).to.equal(true);
        expect(await s.reviveDeadInbound('e1')).to.equal(false);
        expect(await s.countDeadInbound()).to.equal(1);
        expect(await s.countPendingInbound()).to.equal(2);
        // e2 has no live lease (never claimed), but e1 comes first again
        expect((await s.claimInbound('w', 60_000, at(2), 10)).map((e) => [e.eventId, e.attempt])).to.deep.equal([['e1', 1]]);
        expect(await s.dropDeadInbound('e1')).to.equal(false); // pending, not dead
        expect(await s.dropDeadInbound('f1')).to.equal(true);
        expect(await s.dropDeadInbound('f1')).to.equal(false);
        expect(await s.listDeadInbound()).to.deep.equal([]);
        expect(await s.recordInbound(event('f1', 'c2'))).to.equal(false);
        expect(await s.claimInbound('w', 60_000, at(3), 10)).to.deep.equal([]); // f1 is done; e1 still leased
      });

      it('purgeDoneInbound forgets only done events received before the cutoff: pending, dead and newer done ones stay, and so do tombstones', async () => {
        for (const [id, conv, seconds] of [
          ['old.done', 'c1', 1],
          ['old.dropped', 'c2', 2],
          ['old.pending', 'c3', 3],
          ['old.dead', 'c4', 4],
          ['new.done', 'c5', 100],
        ] as const)
          await s.recordInbound(event(id, conv, seconds));
        await s.claimInbound('w', 60_000, at(200), 10);
        await s.markInboundDone('old.done');
        await s.markInboundDead('old.dropped', { error: 'Error: x', at: at(5) });
        await s.dropDeadInbound('old.dropped'); // given up by an admin: done
        await s.markInboundDead('old.dead', { error: 'Error: y', at: at(5) });
        await s.markInboundDone('new.done');
        await s.saveConversation(conversation('gone'), ETag.absent);
        await s.deleteConversation('web:gone');
        const tombstone = await s.readState([tombstoneKey('web:gone')]);

        expect(await s.purgeDoneInbound(at(50))).to.equal(2);
        expect(await s.purgeDoneInbound(at(50))).to.equal(0);
        // Forgotten: the same id is recorded as new. Remembered: everything else.
        expect(await s.recordInbound(event('old.done', 'c1', 1))).to.equal(true);
        expect(await s.recordInbound(event('old.dropped', 'c2', 2))).to.equal(true);
        for (const [id, conv] of [
          ['old.pending', 'c3'],
          ['old.dead', 'c4'],
          ['new.done', 'c5'],
        ] as const)
          expect(await s.recordInbound(event(id, conv)), id).to.equal(false);
        expect(await s.countDeadInbound()).to.equal(1);
        expect((await s.listDeadInbound()).map((d) => d.eventId)).to.deep.equal(['old.dead']);
        expect(await s.countPendingInbound()).to.equal(3); // old.pending, and the two recorded again
        expect(await s.readState([tombstoneKey('web:gone')]))
          .to.deep.equal(tombstone)
          .and.not.deep.equal({});
      });

      it('two workers claiming at once never get the same event (repeated, across instances)', async () => {
        const [one, two] = await instances();
        for (let c = 0; c < 8; c++) for (let e = 0; e < 3; e++) await s.recordInbound(event(`c${c}.e${e}`, `c${c}`));
        const seen = new Set<string>();
        for (let round = 0; round < 3; round++) {
          const batches = await Promise.all([0, 1, 2, 3].map((w) => (w % 2 ? two : one)!.claimInbound(`w${w}`, 60_000, at(round), 8)));
          const ids = batches.flat().map((e) => e.eventId);
          expect(new Set(ids).size, `round ${round}: ${ids.join(' ')}`).to.equal(ids.length);
          expect(ids.sort()).to.deep.equal(Array.from({ length: 8 }, (_, c) => `c${c}.e${round}`).sort());
          for (const id of ids) {
            expect(seen.has(id)).to.equal(false);
            seen.add(id);
            await s.markInboundDone(id);
          }
        }
        expect(await s.countPendingInbound()).to.equal(0);
      });
    });

    describe('case work: notes, canned replies, labels and resolutions', () => {
      it('keeps notes per conversation, oldest first, with every field', async () => {
        expect(await s.listNotes('web:a')).to.deep.equal([]);
        const notes = [
          { id: 'n1', conversationId: 'web:a', kind: 'note', staffId: 'staff-1', text: 'Công ty may Hòa Bình, ca đêm.', at: at(2) },
          { id: 'n2', conversationId: 'web:b', kind: 'call', staffId: 'staff-2', text: 'Đã gọi điện 5 phút.', at: at(1) },
          { id: 'n3', conversationId: 'web:a', kind: 'assignment', staffId: 'staff-2', text: 'Anh Minh xem giúp hợp đồng.', at: at(1) },
        ] as const;
        for (const n of notes) await s.addNote({ ...n });
        expect(await s.listNotes('web:a')).to.deep.equal([notes[0], notes[2]]);
        expect(await s.listNotes('web:b')).to.deep.equal([notes[1]]);
      });

      it('creates, replaces, lists by title and deletes canned replies', async () => {
        const reply = (id: string, title: string, text = 'x') => ({ id, title, text, createdBy: 'staff-1', createdAt: at(0), updatedAt: at(0) });
        await s.saveCannedReply(reply('c1', 'Nợ lương'));
        await s.saveCannedReply(reply('c2', 'Bảo hiểm xã hội'));
        await s.saveCannedReply(reply('c3', 'Chào hỏi', 'Chào {{ten_nguoi_lao_dong}}'));
        expect((await s.listCannedReplies()).map((r) => r.title)).to.deep.equal(['Bảo hiểm xã hội', 'Chào hỏi', 'Nợ lương']);
        await s.saveCannedReply({ ...reply('c1', 'Nợ lương', 'Gọi {{hotline}}'), updatedAt: at(5) });
        expect((await s.listCannedReplies()).find((r) => r.id === 'c1')).to.deep.equal({ ...reply('c1', 'Nợ lương', 'Gọi {{hotline}}'), updatedAt: at(5) });
        expect(await s.listCannedReplies()).to.have.length(3);
        expect(await s.deleteCannedReply('c2')).to.equal(true);
        expect(await s.deleteCannedReply('c2')).to.equal(false);
        expect((await s.listCannedReplies()).map((r) => r.id)).to.deep.equal(['c3', 'c1']);
      });

      it("a conversation's labels and resolution are kept with it, and cleared fields go", async () => {
        const saved = await s.saveConversation(
          conversation('an', {
            owner: 'resolved',
            labels: { topic: 'Tiền lương', employer: 'Công ty may Hòa Bình' },
            resolution: { outcome: 'follow_up', at: at(3), by: 'staff-1', followUpOn: '2026-12-01' },
          }),
          ETag.absent,
        );
        expect(json(await s.getConversation('web:an'))).to.deep.equal(json(saved));
        const { resolution: _gone, ...reopened } = saved;
        await s.saveConversation({ ...reopened, owner: 'waiting_staff' }, ETag.match(saved.eTag));
        const read = (await s.getConversation('web:an'))!;
        expect(read.resolution).to.equal(undefined);
        expect(read.labels).to.deep.equal({ topic: 'Tiền lương', employer: 'Công ty may Hòa Bình' });
      });
    });

    describe("editors' signals", () => {
      it('lists unanswered questions newest first, with a limit', async () => {
        for (let i = 0; i < 5; i++)
          await s.logUnanswered({
            conversationId: `web:${i}`,
            text: `q${i}`,
            outcome: i % 2 ? 'handoff' : 'clarify',
            confidence: i / 10,
            candidates: i ? [`e${i}`] : [],
            at: at(0),
          });
        const all = await s.listUnanswered();
        expect(all.map((q) => q.text)).to.deep.equal(['q4', 'q3', 'q2', 'q1', 'q0']);
        expect(all[0]).to.deep.equal({ conversationId: 'web:4', text: 'q4', outcome: 'clarify', confidence: 0.4, candidates: ['e4'], at: at(0) });
        expect((await s.listUnanswered(2)).map((q) => q.text)).to.deep.equal(['q4', 'q3']);
      });

      it('lists feedback newest first, with a limit', async () => {
        for (let i = 0; i < 4; i++)
          await s.recordFeedback({ conversationId: `web:${i}`, entryId: `e${i}`, helpful: i % 2 === 0, ...(i === 3 ? { text: 'khó hiểu' } : {}), at: at(0) });
        const all = await s.listFeedback();
        expect(all.map((f) => f.entryId)).to.deep.equal(['e3', 'e2', 'e1', 'e0']);
        expect(all[0]).to.deep.equal({ conversationId: 'web:3', entryId: 'e3', helpful: false, text: 'khó hiểu', at: at(0) });
        expect((await s.listFeedback(1)).map((f) => f.entryId)).to.deep.equal(['e3']);
      });
    });

    describe('staff, sessions, audit', () => {
      const lan = { id: 'staff-1', username: 'lan', displayName: 'Chị Lan', role: 'admin', passwordHash: 'scrypt$a$b', createdAt: at(0) } as const;

      it('creates staff accounts and finds them by id and username; lists them by username', async () => {
        await s.createStaff(lan);
        await s.createStaff({ ...lan, id: 'staff-2', username: 'binh', role: 'staff', disabled: true });
        expect(await s.getStaff('staff-1')).to.deep.equal(lan);
        expect(await s.getStaffByUsername('binh')).to.include({ id: 'staff-2', disabled: true, role: 'staff' });
        expect(await s.getStaff('nobody')).to.equal(undefined);
        expect(await s.getStaffByUsername('nobody')).to.equal(undefined);
        expect((await s.listStaff()).map((a) => a.username)).to.deep.equal(['binh', 'lan']);
      });

      it('updates an account in place (a public name set, then cleared)', async () => {
        await s.createStaff(lan);
        await s.updateStaff({ ...lan, publicName: 'Chị Lan' });
        expect(await s.getStaff('staff-1')).to.deep.equal({ ...lan, publicName: 'Chị Lan' });
        expect(await s.getStaffByUsername('lan')).to.include({ publicName: 'Chị Lan' });
        await s.updateStaff(lan);
        expect(await s.getStaff('staff-1')).to.deep.equal(lan);
      });

      it('refuses a second account with the same username, or the same id', async () => {
        await s.createStaff(lan);
        expect(await rejection(s.createStaff({ ...lan, id: 'staff-9' }))).to.be.instanceOf(Error);
        expect(await rejection(s.createStaff({ ...lan, username: 'other' }))).to.be.instanceOf(Error);
        expect(await s.listStaff()).to.deep.equal([lan]);
      });

      it('creates, reads and deletes sessions', async () => {
        const session = { id: 'sess-1', staffId: 'staff-1', csrfToken: 'tok', createdAt: at(0), expiresAt: at(3600) };
        await s.createSession(session);
        await s.createSession({ ...session, id: 'sess-2' });
        expect(await s.getSession('sess-1')).to.deep.equal(session);
        await s.deleteSession('sess-1');
        expect(await s.getSession('sess-1')).to.equal(undefined);
        expect(await s.getSession('sess-2')).to.include({ id: 'sess-2' });
        await s.deleteSession('never-existed');
      });

      it('purgeExpiredSessions deletes the sessions expired at or before now and keeps the others', async () => {
        const session = { staffId: 'staff-1', csrfToken: 'tok', createdAt: at(0) };
        await s.createSession({ ...session, id: 'expired', expiresAt: at(10) });
        await s.createSession({ ...session, id: 'expires-now', expiresAt: at(20) });
        await s.createSession({ ...session, id: 'live', expiresAt: at(3600) });
        expect(await s.purgeExpiredSessions(at(20))).to.equal(2);
        expect(await s.getSession('expired')).to.equal(undefined);
        expect(await s.getSession('expires-now')).to.equal(undefined);
        expect(await s.getSession('live')).to.include({ id: 'live' });
        expect(await s.purgeExpiredSessions(at(20))).to.equal(0);
      });

      it('lists audit events newest first, with a limit', async () => {
        await s.audit({ at: at(1), staffId: 'staff-1', action: 'login' });
        await s.audit({ at: at(1), staffId: 'staff-1', action: 'take', target: 'web:a' });
        await s.audit({ at: at(1), staffId: 'staff-2', action: 'reply', target: 'web:a', detail: '42 chars' });
        expect((await s.listAudit()).map((e) => e.action)).to.deep.equal(['reply', 'take', 'login']);
        expect(await s.listAudit(1)).to.deep.equal([{ at: at(1), staffId: 'staff-2', action: 'reply', target: 'web:a', detail: '42 chars' }]);
      });
    });

    describe('key-value state', () => {
      it('purgeState forgets only the records under the prefix written before the cutoff (records without a time stay)', async () => {
        await s.writeState({
          'graph-send:old': { accepted: 'm1', at: at(0) },
          'graph-send:new': { accepted: 'm2', at: at(100) },
          'graph-send:untimed': { accepted: 'm3' },
          'other:old': { at: at(0) },
          'graph-send%old': { at: at(0) },
          'graph-sendXold': { at: at(0) },
        });
        expect(await s.purgeState('graph-send:', at(50))).to.equal(1);
        const left = await s.readState(['graph-send:old', 'graph-send:new', 'graph-send:untimed', 'other:old', 'graph-send%old', 'graph-sendXold']);
        expect(Object.keys(left).sort()).to.deep.equal(['graph-send%old', 'graph-send:new', 'graph-send:untimed', 'graph-sendXold', 'other:old']);
      });

      it('reads, writes, overwrites and deletes keys; values keep nested empty objects and arrays', async () => {
        expect(await s.readState(['a', 'b'])).to.deep.equal({});
        const value = { dialogStack: [{ id: 'x', state: {} }], options: {}, list: [], n: 1.5, flag: false, text: 'tiếng Việt' };
        await s.writeState({ a: value, b: { n: 1 } });
        expect(await s.readState(['a', 'b', 'missing'])).to.deep.equal({ a: value, b: { n: 1 } });
        await s.writeState({ b: { n: 2 } });
        expect(await s.readState(['b'])).to.deep.equal({ b: { n: 2 } });
        await s.deleteState(['a', 'missing']);
        expect(await s.readState(['a', 'b'])).to.deep.equal({ b: { n: 2 } });
      });

      it('concurrent writes of one new key from two instances both succeed (last writer wins)', async () => {
        const [one, two] = await instances();
        await Promise.all([0, 1, 2, 3].map((i) => (i % 2 ? two : one).writeState({ k: { i } })));
        const { k } = await s.readState(['k']);
        expect([0, 1, 2, 3]).to.include((k as { i: number }).i);
      });
    });

    describe('knowledge base: revisions and drafts', () => {
      it('appends revisions in order per path; the publish mark moves; the newest revision of each path is listed', async () => {
        expect(await s.kbPublishMark()).to.equal('');
        await s.appendKbRevisions([revision('entries/a.yaml', 1, 'a1'), revision('entries/b.yaml', 1, 'b1')]);
        const first = await s.kbPublishMark();
        expect(first).to.not.equal('');
        await s.appendKbRevisions([revision('entries/a.yaml', 2, 'a2')]);
        expect(await s.kbPublishMark()).to.not.equal(first);
        const latest = (await s.listLatestKbRevisions()).sort((x, y) => x.path.localeCompare(y.path));
        expect(latest.map((r) => [r.path, r.rev, r.text])).to.deep.equal([
          ['entries/a.yaml', 2, 'a2'],
          ['entries/b.yaml', 1, 'b1'],
        ]);
        expect((await s.listKbRevisions('entries/a.yaml')).map((r) => r.text)).to.deep.equal(['a1', 'a2']);
        expect(json(await s.listKbRevisions('entries/a.yaml'))[0]).to.deep.equal(json(revision('entries/a.yaml', 1, 'a1')));
      });

      it('refuses a rev that is not the next one (someone published first), and a removal is a revision with no text', async () => {
        await s.appendKbRevisions([revision('entries/a.yaml', 1, 'a1')]);
        expect(await rejection(s.appendKbRevisions([revision('entries/a.yaml', 1, 'again')]))).to.be.instanceOf(ConcurrencyError);
        expect(await rejection(s.appendKbRevisions([revision('entries/a.yaml', 3, 'skip')]))).to.be.instanceOf(ConcurrencyError);
        await s.appendKbRevisions([revision('entries/a.yaml', 2, null)]);
        expect((await s.listLatestKbRevisions()).map((r) => r.text)).to.deep.equal([null]);
      });

      it('two instances publishing the same next rev: exactly one wins', async () => {
        const [one, two] = await instances();
        await one.appendKbRevisions([revision('entries/a.yaml', 1, 'a1')]);
        const results = await Promise.allSettled([
          one.appendKbRevisions([revision('entries/a.yaml', 2, 'one')]),
          two.appendKbRevisions([revision('entries/a.yaml', 2, 'two')]),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
        const failed = results.find((r) => r.status === 'rejected');
        expect(failed && failed.status === 'rejected' ? failed.reason : undefined).to.be.instanceOf(ConcurrencyError);
        expect(await s.listKbRevisions('entries/a.yaml')).to.have.length(2);
      });

      it('drafts: create with ETag.absent, update with the eTag read, refuse a stale one, delete', async () => {
        const created = await s.saveKbDraft(draft('entries/a.yaml', 'x'), ETag.absent);
        expect(created.eTag).to.be.a('string');
        expect(await rejection(s.saveKbDraft(draft('entries/a.yaml', 'y'), ETag.absent))).to.be.instanceOf(ConcurrencyError);
        const updated = await s.saveKbDraft({ ...created, text: 'y', authors: ['staff-2', 'staff-3'] }, ETag.match(created.eTag));
        expect(await rejection(s.saveKbDraft({ ...created, text: 'z' }, ETag.match(created.eTag)))).to.be.instanceOf(ConcurrencyError);
        expect(json(await s.getKbDraft('entries/a.yaml'))).to.deep.equal(json(updated));
        await s.saveKbDraft(draft('entries/b.yaml', null), ETag.any);
        expect((await s.listKbDrafts()).map((d) => d.path)).to.deep.equal(['entries/a.yaml', 'entries/b.yaml']);
        expect(await rejection(s.deleteKbDraft('entries/a.yaml', ETag.match(created.eTag)))).to.be.instanceOf(ConcurrencyError);
        expect(await s.deleteKbDraft('entries/a.yaml', ETag.match(updated.eTag))).to.equal(true);
        expect(await s.deleteKbDraft('entries/a.yaml', ETag.any)).to.equal(false);
        expect(await s.getKbDraft('entries/a.yaml')).to.equal(undefined);
        // after a delete, a new draft of the same document is a create again
        await s.saveKbDraft(draft('entries/a.yaml', 'again'), ETag.absent);
        expect((await s.listKbDrafts()).map((d) => d.text)).to.deep.equal(['again', null]);
      });

      it('news items: save, replace, list newest first, delete', async () => {
        await s.saveNewsItem(newsItem('n1', { validFrom: '2026-10-01' }));
        await s.saveNewsItem(newsItem('n2', { validFrom: '2026-12-01', kind: 'news' }));
        await s.saveNewsItem(newsItem('n1', { validFrom: '2026-10-01', title: 'Đổi tên' }));
        expect((await s.listNewsItems()).map((n) => [n.id, n.title])).to.deep.equal([
          ['n2', 'Mái ấm Công đoàn'],
          ['n1', 'Đổi tên'],
        ]);
        expect(json(await s.getNewsItem('n2'))).to.deep.equal(json(newsItem('n2', { validFrom: '2026-12-01', kind: 'news' })));
        expect(await s.deleteNewsItem('n1')).to.equal(true);
        expect(await s.deleteNewsItem('n1')).to.equal(false);
        expect(await s.getNewsItem('n1')).to.equal(undefined);
      });
    });

    describe('export and import', () => {
      it('exportAll covers every collection except sessions', async () => {
        await fillStore(s);
        const rows = await exportOf(s);
        expect([...new Set(rows.map((r) => r.collection))].sort()).to.deep.equal([...EXPORTED_COLLECTIONS].sort());
        expect(JSON.stringify(rows)).to.not.contain('sess-1');
      });

      it('exportAll → importRecord into a fresh store round-trips every collection, and the copy behaves the same', async () => {
        const { a, b } = await fillStore(s);
        const rows = await exportOf(s);
        const copy = await makeStorage();
        try {
          const t = copy.storage;
          for (const row of rows) await t.importRecord(row.collection, row.record);
          expect(await exportOf(t)).to.deep.equal(rows);
          // the same eTag still guards the conversation, so a writer that read before the move can continue
          expect(json(await t.getConversation(a.id))).to.deep.equal(json(a));
          await t.saveConversation({ ...b, greeted: false }, ETag.match(b.eTag));
          expect(await rejection(t.saveConversation({ ...b, greeted: false }, ETag.match(b.eTag)))).to.be.instanceOf(ConcurrencyError);
          expect((await t.listMessages(a.id)).map((m) => m.at)).to.deep.equal([at(1), at(2), at(4)]);
          expect((await t.listConversationsByOwner(['staff'])).map((c) => c.id)).to.deep.equal([a.id]);
          // the inbox keeps its memory: a redelivered event is not recorded again, a done one is not processed again
          expect(await t.recordInbound(event('mid.done', a.id, 1))).to.equal(false);
          expect(await t.countPendingInbound()).to.equal(1);
          expect((await t.claimInbound('w', 60_000, at(100), 10)).map((e) => e.eventId)).to.deep.equal(['mid.pending']);
          expect(await t.listDeadInbound()).to.deep.equal([{ ...event('mid.dead', a.id, 2), attempts: 0, error: 'TypeError: boom', failedAt: at(2) }]);
          expect(await t.getStaffByUsername('lan')).to.include({ id: 'staff-1', passwordHash: 'scrypt$abc$def' });
          expect((await t.listUnanswered()).map((q) => q.text)).to.deep.equal(['lương tháng 13', 'giá vàng hôm nay']);
          expect((await t.listAudit()).map((e) => e.action)).to.deep.equal(['login', 'take']);
          expect(await t.readState(['web/web:alice/dialog'])).to.deep.equal({ 'web/web:alice/dialog': { stack: [{ id: 'ask', state: {} }], empty: {}, n: 2 } });
          expect((await t.listNotes(a.id)).map((n) => n.id)).to.deep.equal(['note-1']);
          expect((await t.listCannedReplies()).map((r) => r.id)).to.deep.equal(['canned-1']);
          expect((await t.listLatestKbRevisions()).map((r) => r.path).sort()).to.deep.equal([
            'entries/leave/nghi-phep-nam.yaml',
            'figures/wages.yaml#base_salary',
          ]);
          expect(await t.kbPublishMark()).to.not.equal('');
          expect((await t.getKbDraft('entries/leave/nghi-phep-nam.yaml'))?.text).to.equal('id: nghi-phep-nam # sửa\n');
          expect((await t.listNewsItems()).map((n) => n.id)).to.deep.equal(['news-1']);
        } finally {
          await copy.cleanup();
        }
      });

      it('importRecord refuses an unknown collection', async () => {
        expect(await rejection(s.importRecord('nonsense', { a: 1 }))).to.be.instanceOf(Error);
      });
    });
  });
}
