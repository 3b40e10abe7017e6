/**
 * What staff do with conversations the bot handed over: see the queue, take or assign one, reply,
 * resolve (the bot takes over again and says so). Every change of owner is recorded with who and when,
 * and every staff action is audited.
 */
import { log } from '../log.js';
import { textMessages } from '../conversation/messages.js';
import { canTransition, nextOwner, type StaffOwnershipAction } from '../conversation/ownership.js';
import type { ConversationEvent, ConversationService } from '../conversation/service.js';
import { translator } from '../i18n.js';
import {
  ConcurrencyError,
  ETag,
  type AuditStore,
  type ConversationRecord,
  type ConversationStore,
  type Owner,
  type StaffAccount,
  type TranscriptStore,
} from '../storage/types.js';
import type { ChannelSenders } from './senders.js';

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
    private readonly storage: ConversationStore & TranscriptStore & AuditStore,
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

  async assign(conversationId: string, assignee: StaffAccount, by: StaffAccount): Promise<ConversationRecord> {
    const saved = await this.transition(conversationId, 'assign', by.id, (c) => {
      c.assignedTo = assignee.id;
    });
    await this.storage.audit({ at: this.now().toISOString(), staffId: by.id, action: 'assign', target: conversationId, detail: assignee.username });
    return saved;
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
    await this.storage.appendMessage({ conversationId, author: 'staff', text, at, staffId: staff.id });
    const conversation = await this.transition(conversationId, 'reply', staff.id, (c) => {
      c.assignedTo ??= staff.id;
    });
    await this.storage.audit({ at, staffId: staff.id, action: 'reply', target: conversationId, detail: via });
    return { conversation, via };
  }

  /** Staff are done: the bot takes over again and tells the worker it is an automated assistant. */
  async resolve(conversationId: string, staff: StaffAccount): Promise<ConversationRecord> {
    const saved = await this.transition(conversationId, 'resolve', staff.id, (c) => {
      delete c.assignedTo;
      delete c.waitingSince;
      c.urgent = false;
      c.toldPassedOn = false;
      c.pendingOptions = undefined;
    });
    const t = translator(saved.locale);
    const text = t('handoff.backToBot');
    const at = this.now().toISOString();
    await this.storage.appendMessage({ conversationId, author: 'bot', text, at });
    await this.storage.audit({ at, staffId: staff.id, action: 'resolve', target: conversationId });
    try {
      await this.senders[saved.channel]?.sendBot(saved, textMessages(text));
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
        if (!(err instanceof ConcurrencyError)) throw err; // someone took it meanwhile: nothing to say
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
