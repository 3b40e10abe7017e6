/**
 * What staff do with conversations the bot handed over: see the queue, take or assign one, reply,
 * resolve (the bot takes over again and says so). Every change of owner is recorded with who and when,
 * and every staff action is audited.
 */
import { randomUUID } from 'node:crypto';
import { vietnamDay } from '../clock.js';
import { log } from '../log.js';
import { textMessages } from '../conversation/messages.js';
import { canTransition, nextOwner, type StaffOwnershipAction } from '../conversation/ownership.js';
import type { ConversationEvent, ConversationService } from '../conversation/service.js';
import { translator } from '../i18n.js';
import {
  ConcurrencyError,
  ETag,
  type AuditStore,
  type CaseLabels,
  type CaseNote,
  type CaseResolution,
  type CaseStore,
  type ConversationRecord,
  type ConversationStore,
  type Owner,
  type StaffAccount,
  type TranscriptStore,
} from '../storage/types.js';
import type { ChannelSenders } from './senders.js';
import { buildDashboard, type Dashboard } from './dashboard.js';
import type { OfficeRule } from './office-hours.js';

export class EscalationError extends Error {
  override name = 'EscalationError';
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'NO_CHANNEL',
    message: string,
  ) {
    super(message);
  }
}

export interface QueueItem {
  conversation: ConversationRecord;
  waitingMs: number;
}

export class EscalationService {
  constructor(
    readonly conversations: ConversationService,
    readonly senders: ChannelSenders,
    /** the same store as the conversation service's: staff change owners with the same optimistic concurrency */
    private readonly storage: ConversationStore & TranscriptStore & AuditStore & CaseStore,
  ) {}

  private now(): Date {
    return this.conversations.clock.now();
  }

  private emit(event: ConversationEvent): void {
    this.conversations.events.emit('event', event);
  }

  /** Waiting and staff-owned conversations: urgent first, then the longest waiting. */
  async queue(): Promise<QueueItem[]> {
    const now = this.now().getTime();
    const list = await this.storage.listConversationsByOwner(['waiting_staff', 'staff']);
    return list
      .map((conversation) => ({ conversation, waitingMs: now - Date.parse(conversation.waitingSince ?? conversation.updatedAt) }))
      .sort(
        (a, b) =>
          Number(b.conversation.urgent) - Number(a.conversation.urgent) ||
          Number(a.conversation.owner === 'staff') - Number(b.conversation.owner === 'staff') ||
          b.waitingMs - a.waitingMs,
      );
  }

  /** The conversations these owners hold now (the console filters them into its case lists). */
  conversationsOwnedBy(owners: Owner[]): Promise<ConversationRecord[]> {
    return this.storage.listConversationsByOwner(owners);
  }

  /** Apply an ownership action with optimistic concurrency; returns the saved conversation. */
  async transition(
    conversationId: string,
    action: StaffOwnershipAction,
    by: string,
    change: (c: ConversationRecord) => void = () => undefined,
    reason?: string,
  ): Promise<ConversationRecord> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.storage.getConversation(conversationId);
      if (!current) throw new EscalationError('NOT_FOUND', `conversation ${conversationId} not found`);
      let to: Owner;
      try {
        to = nextOwner(current.owner, action);
      } catch {
        throw new EscalationError('CONFLICT', `cannot ${action} a conversation that is ${current.owner}`);
      }
      const next: ConversationRecord = { ...current, owner: to };
      change(next);
      try {
        const saved = await this.storage.saveConversation(next, ETag.match(current.eTag));
        const at = this.now().toISOString();
        if (current.owner !== to) {
          await this.storage.recordOwnershipChange({ conversationId, from: current.owner, to, by, at, ...(reason ? { reason } : {}) });
          this.emit({ type: 'owner_changed', conversationId, owner: to });
        }
        return saved;
      } catch (err) {
        if (err instanceof ConcurrencyError && attempt < 4) continue;
        if (err instanceof ConcurrencyError) throw new EscalationError('CONFLICT', err.message);
        throw err;
      }
    }
  }

  async take(conversationId: string, staff: StaffAccount): Promise<ConversationRecord> {
    const saved = await this.transition(conversationId, 'take', staff.id, (c) => {
      c.assignedTo = staff.id;
    });
    await this.storage.audit({ at: this.now().toISOString(), staffId: staff.id, action: 'take', target: conversationId });
    return saved;
  }

  /** `note`: what the officer tells the colleague (kept as a staff-only note on the case). */
  async assign(conversationId: string, assignee: StaffAccount, by: StaffAccount, note?: string): Promise<ConversationRecord> {
    const saved = await this.transition(conversationId, 'assign', by.id, (c) => {
      c.assignedTo = assignee.id;
    });
    const at = this.now().toISOString();
    if (note) await this.storage.addNote({ id: randomUUID(), conversationId, kind: 'assignment', staffId: by.id, text: note, at });
    await this.storage.audit({ at, staffId: by.id, action: 'assign', target: conversationId, detail: assignee.username });
    return saved;
  }

  /**
   * Change a case's own data (labels) without changing its owner, with the same optimistic concurrency
   * as a transition: a worker's message saved meanwhile is not overwritten.
   */
  private async update(conversationId: string, change: (c: ConversationRecord) => void): Promise<ConversationRecord> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.storage.getConversation(conversationId);
      if (!current) throw new EscalationError('NOT_FOUND', `conversation ${conversationId} not found`);
      const next: ConversationRecord = { ...current };
      change(next);
      try {
        return await this.storage.saveConversation(next, ETag.match(current.eTag));
      } catch (err) {
        if (err instanceof ConcurrencyError && attempt < 4) continue;
        if (err instanceof ConcurrencyError) throw new EscalationError('CONFLICT', err.message);
        throw err;
      }
    }
  }

  /** A staff-only note (or a logged phone call) on the case; never sent to the worker. */
  async addNote(conversationId: string, staff: StaffAccount, kind: 'note' | 'call', text: string): Promise<CaseNote> {
    if (!(await this.storage.getConversation(conversationId))) throw new EscalationError('NOT_FOUND', `conversation ${conversationId} not found`);
    const note: CaseNote = { id: randomUUID(), conversationId, kind, staffId: staff.id, text, at: this.now().toISOString() };
    await this.storage.addNote(note);
    await this.storage.audit({ at: note.at, staffId: staff.id, action: kind === 'call' ? 'log_call' : 'note', target: conversationId });
    return note;
  }

  /** Set the case's labels: a field given replaces the old value, an empty one removes it, one left out stays. */
  async label(conversationId: string, staff: StaffAccount, labels: CaseLabels): Promise<ConversationRecord> {
    const saved = await this.update(conversationId, (c) => {
      const next: CaseLabels = { ...c.labels };
      for (const key of ['topic', 'employer', 'workerName'] as const) {
        const value = labels[key];
        if (value === undefined) continue;
        if (value) next[key] = value;
        else delete next[key];
      }
      if (Object.keys(next).length) c.labels = next;
      else delete c.labels;
    });
    const detail = Object.entries(saved.labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    await this.storage.audit({ at: this.now().toISOString(), staffId: staff.id, action: 'label', target: conversationId, detail });
    return saved;
  }

  /** A closed case back in the queue, waiting for an officer; the bot falls silent again. */
  async reopen(conversationId: string, staff: StaffAccount): Promise<ConversationRecord> {
    const saved = await this.transition(conversationId, 'reopen', staff.id, (c) => this.backToQueue(c, 'reopened'), 'reopened');
    await this.storage.audit({ at: this.now().toISOString(), staffId: staff.id, action: 'reopen', target: conversationId });
    this.emit({ type: 'escalated', conversationId, urgent: saved.urgent, reason: 'reopened' });
    return saved;
  }

  private backToQueue(c: ConversationRecord, reason: string): void {
    c.waitingSince = this.now().toISOString();
    c.handoffReason = reason;
    c.toldTimeout = false;
    delete c.resolution;
    delete c.assignedTo;
  }

  /** The Vietnam day whose due follow-ups were all brought back (by this instance). */
  private followUpsDoneFor: string | undefined;

  /**
   * Cases resolved with "follow-up needed" whose day (Vietnam time) has come go back to the queue.
   * Called by the server's minute timer and whenever the console lists cases; returns those brought back.
   * A follow-up day is always after the day it was set, so what is due changes only when the day does:
   * the closed conversations (all of them: fine for a union's thousands) are read once a day, and again
   * only if one could not be brought back.
   */
  async bringBackFollowUps(): Promise<string[]> {
    const today = vietnamDay(this.now());
    if (this.followUpsDoneFor === today) return [];
    let missed = false;
    const due = (await this.storage.listConversationsByOwner(['resolved', 'bot'])).filter(
      (c) => c.resolution?.outcome === 'follow_up' && c.resolution.followUpOn !== undefined && c.resolution.followUpOn <= today,
    );
    const back: string[] = [];
    for (const c of due) {
      try {
        const saved = await this.transition(c.id, 'reopen', 'follow_up', (next) => this.backToQueue(next, 'follow_up'), 'follow_up');
        this.emit({ type: 'escalated', conversationId: c.id, urgent: saved.urgent, reason: 'follow_up' });
        back.push(c.id);
      } catch (err) {
        // another instance brought it back first, or a concurrent write won: look again next time
        if (!(err instanceof EscalationError)) throw err;
        missed = true;
      }
    }
    if (!missed) this.followUpsDoneFor = today;
    return back;
  }

  /** Send a staff reply through the conversation's channel, then record it. */
  async reply(conversationId: string, staff: StaffAccount, text: string): Promise<{ conversation: ConversationRecord; via: string }> {
    const current = await this.storage.getConversation(conversationId);
    if (!current) throw new EscalationError('NOT_FOUND', `conversation ${conversationId} not found`);
    // Refuse before sending: otherwise the worker would get a reply that is then not recorded.
    if (!canTransition(current.owner, 'reply')) throw new EscalationError('CONFLICT', `cannot reply to a conversation that is ${current.owner}; take it first`);
    const sender = this.senders[current.channel];
    if (!sender) throw new EscalationError('NO_CHANNEL', `the ${current.channel} channel is not running`);
    const via = await sender.sendStaff(current, textMessages(text), this.now()); // throws before anything is recorded
    const at = this.now().toISOString();
    await this.storage.appendMessage({
      conversationId,
      author: 'staff',
      text,
      at,
      staffId: staff.id,
      ...(staff.publicName ? { staffName: staff.publicName } : {}),
    });
    const conversation = await this.transition(conversationId, 'reply', staff.id, (c) => {
      c.assignedTo ??= staff.id;
    });
    await this.storage.audit({ at, staffId: staff.id, action: 'reply', target: conversationId, detail: via });
    return { conversation, via };
  }

  /** The console's dashboard for the last `days` days, response times in office minutes (see dashboard.ts). */
  async dashboard(officeHours: OfficeRule[], days: number): Promise<Dashboard> {
    return buildDashboard(this.storage, officeHours, this.now(), days);
  }

  /**
   * Staff are done: the bot takes over again and tells the worker it is an automated assistant. The
   * outcome (answered / referred / follow-up needed, with the day it comes back) is kept on the case.
   */
  async resolve(conversationId: string, staff: StaffAccount, outcome?: Omit<CaseResolution, 'at' | 'by'>): Promise<ConversationRecord> {
    const saved = await this.transition(conversationId, 'resolve', staff.id, (c) => {
      delete c.assignedTo;
      delete c.waitingSince;
      c.urgent = false;
      c.toldPassedOn = false;
      c.pendingOptions = undefined;
      if (outcome) c.resolution = { ...outcome, at: this.now().toISOString(), by: staff.id };
      else delete c.resolution;
    });
    const t = translator(saved.locale);
    const text = t('handoff.backToBot');
    const at = this.now().toISOString();
    // One tap to rate the help (RATE_STAFF:up|down, taken by the conversation core); shown on the dashboard.
    // Kept with the message too: the web chat shows it from its history.
    const rate = [
      { title: t('buttons.rateUp'), payload: 'RATE_STAFF:up' },
      { title: t('buttons.rateDown'), payload: 'RATE_STAFF:down' },
    ];
    await this.storage.appendMessage({ conversationId, author: 'bot', text, at, quickReplies: rate });
    await this.storage.audit({
      at,
      staffId: staff.id,
      action: 'resolve',
      target: conversationId,
      ...(outcome ? { detail: outcome.followUpOn ? `${outcome.outcome} ${outcome.followUpOn}` : outcome.outcome } : {}),
    });
    try {
      await this.senders[saved.channel]?.sendBot(saved, textMessages(text, rate));
    } catch (err) {
      // The worker will see the assistant's disclosure with its next answer anyway; staff's resolve stands.
      log.warn('back-to-the-assistant message not sent', { conversationId, channel: saved.channel, err });
    }
    return saved;
  }

  /**
   * Nobody picked up within the configured time: tell the worker once, with the other channels.
   * Run every minute by the server; returns the conversations that were told.
   */
  async remindUnanswered(timeoutMinutes: number, organisation: { hotline: string; address: string }): Promise<string[]> {
    const now = this.now();
    const told: string[] = [];
    for (const c of await this.storage.listConversationsByOwner(['waiting_staff'])) {
      if (c.toldTimeout || !c.waitingSince || now.getTime() - Date.parse(c.waitingSince) < timeoutMinutes * 60_000) continue;
      const t = translator(c.locale);
      const channels = [
        organisation.hotline ? t('handoff.hotline', { hotline: organisation.hotline }) : '',
        organisation.address ? t('handoff.address', { address: organisation.address }) : '',
      ].filter(Boolean);
      const text = [t('handoff.timeout'), ...(channels.length ? [t('handoff.otherChannels', { channels: channels.join('; ') })] : [])].join('\n');
      try {
        const saved = await this.storage.saveConversation({ ...c, toldTimeout: true }, ETag.match(c.eTag));
        await this.storage.appendMessage({ conversationId: c.id, author: 'bot', text, at: now.toISOString() });
        await this.senders[saved.channel]?.sendBot(saved, textMessages(text));
        told.push(c.id);
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
        // someone took it meanwhile: nothing to say to the worker
        log.debug('hand-off reminder skipped: the conversation changed meanwhile', { conversationId: c.id });
      }
    }
    return told;
  }

  /** A person answered from the Page inbox (an echo that is not ours): staff own the conversation now. */
  async staffTookOverFromPageInbox(conversationId: string, text: string): Promise<void> {
    const at = this.now().toISOString();
    const exists = await this.storage.getConversation(conversationId);
    if (!exists) return;
    await this.storage.appendMessage({ conversationId, author: 'staff', text, at, staffId: 'page-inbox' });
    if (exists.owner !== 'staff')
      await this.transition(conversationId, 'staff_echo', 'page-inbox', (c) => (c.assignedTo ??= 'page-inbox'), 'reply_from_page_inbox');
  }
}
