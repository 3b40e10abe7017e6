/**
 * The Messenger channel, assembled: signed webhook → inbox → Botkit routing → conversation core →
 * Send API. The rest of the bot sees only ConversationService and the ChannelSender below.
 */
import type { Router } from 'express';
import { systemClock, type Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { conversationId } from '../../conversation/ids.js';
import type { ConversationService } from '../../conversation/service.js';
import type { EscalationService } from '../../escalation/escalations.js';
import { SendError, type ChannelSender } from '../../escalation/senders.js';
import { translator } from '../../i18n.js';
import { log, registerSecret } from '../../log.js';
import type { ClaimedInbound, InboxStore, StateStore } from '../../storage/types.js';
import { BotkitRouter } from './botkit-router.js';
import { normaliseItem, type InboxItem, type MessengerEvent } from './events.js';
import { GraphClient, GraphError } from './graph-client.js';
import { InboxProcessor } from './processor.js';
import { BOT_METADATA, MessengerSender, STAFF_METADATA, storageLedger, toGraph, WindowClosedError } from './sender.js';
import { dataDeletionRouter } from './data-deletion.js';
import { eventPrecedesDeletion, webhookRouter } from './webhook.js';

export interface MessengerChannelOptions {
  config: Config;
  /** the inbox, and state: Botkit's dialog state, the Send API's ledger, deletion requests and tombstones */
  storage: InboxStore & StateStore;
  clock: Clock;
  service: ConversationService;
  /** set after construction (the escalation service needs this channel's sender) */
  escalations?: EscalationService;
  graphSleep?: (ms: number) => Promise<void>;
  pollMs?: number;
  leaseMs?: number;
  /** Real time for the inbox (receipt times, leases, retries); the answering clock may be frozen. Default: the system clock. */
  inboxClock?: Clock;
}

/**
 * Let the event loop take in waiting network I/O — webhook requests above all — before the next piece of
 * answering. Storage calls are synchronous underneath (SQLite), so without a break one event runs from its
 * Botkit turn to its first Graph call as a single block, and sixteen such blocks in a row delayed
 * acknowledgements by ~150 ms in the benchmark.
 */
const giveWayToWebhook = () => new Promise<void>((resolve) => setImmediate(resolve));

export class MessengerChannel {
  readonly graph: GraphClient;
  readonly sender: MessengerSender;
  readonly router: BotkitRouter;
  readonly processor: InboxProcessor;
  readonly webhook: Router;
  escalations: EscalationService | undefined;
  private degraded: { reason: string; at: string } | undefined;

  constructor(private readonly options: MessengerChannelOptions) {
    const fb = options.config.facebook;
    // Never in a log line, nor in an error text that reaches staff (Graph may quote the token back).
    [fb.pageAccessToken, fb.appSecret, fb.verifyToken].forEach(registerSecret);
    this.graph = new GraphClient({
      baseUrl: fb.graphApiUrl,
      version: fb.graphApiVersion,
      accessToken: fb.pageAccessToken,
      appSecret: fb.appSecret,
      timeoutMs: fb.sendTimeoutMs,
      ...(options.graphSleep ? { sleep: options.graphSleep } : {}),
      onBadToken: (e) => {
        this.degraded = { reason: `access token rejected (code ${e.code})`, at: options.clock.now().toISOString() };
      },
    });
    this.sender = new MessengerSender(this.graph, storageLedger(options.storage));
    this.router = new BotkitRouter({
      verifyToken: fb.verifyToken,
      appSecret: fb.appSecret,
      accessToken: fb.pageAccessToken,
      apiVersion: fb.graphApiVersion,
      storage: options.storage,
    });
    const inboxClock = options.inboxClock ?? systemClock;
    this.processor = new InboxProcessor({
      storage: options.storage,
      clock: inboxClock,
      handle: (event, signal) => this.handleStored(event, signal),
      onDead: (event) => this.apologise(event),
      timeoutMs: options.config.inbox.itemTimeoutMs,
      maxAttempts: options.config.inbox.maxAttempts,
      retryBaseMs: options.config.inbox.retryBaseMs,
      ...(options.pollMs ? { pollMs: options.pollMs } : {}),
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    });
    this.webhook = webhookRouter({
      verifyToken: fb.verifyToken,
      appSecret: fb.appSecret,
      storage: options.storage,
      clock: inboxClock,
      onRecorded: () => void this.processor.kick(),
    });
    this.webhook.use(
      dataDeletionRouter({
        appSecret: fb.appSecret,
        service: options.service,
        storage: options.storage,
        clock: inboxClock,
        publicBaseUrl: options.config.publicBaseUrl,
      }),
    );
    this.escalations = options.escalations;
  }

  health(): Record<string, unknown> {
    return this.degraded ? { status: 'degraded', ...this.degraded } : { status: 'ok', graphApiVersion: this.options.config.facebook.graphApiVersion };
  }

  start(): void {
    this.processor.start();
  }

  /** Stop claiming events; wait for those in hand up to the deadline (true when they all finished). */
  async stop(deadlineMs = this.options.config.shutdownTimeoutMs): Promise<boolean> {
    return this.processor.stop(deadlineMs);
  }

  /** For the escalation service: how staff and unprompted bot messages reach a Messenger user. */
  channelSender(): ChannelSender {
    // Messenger's own errors become the channel-neutral SendError the console understands.
    const neutral = (err: unknown): never => {
      if (err instanceof WindowClosedError) throw new SendError('window_closed', err.message, err.closedAt, { cause: err });
      if (err instanceof GraphError) throw new SendError('failed', `Messenger said: ${err.message}`, undefined, { cause: err });
      throw err;
    };
    return {
      sendBot: async (conversation, messages) => {
        try {
          for (const m of messages) {
            // with its quick replies (after a resolve: the worker's one-tap rating)
            await this.graph.sendMessage(conversation.userId, toGraph(m), { messagingType: 'RESPONSE', metadata: BOT_METADATA });
          }
        } catch (err) {
          neutral(err);
        }
      },
      sendStaff: (conversation, messages, now) => this.sender.sendStaffReply(conversation.userId, messages, conversation.lastUserMessageAt, now).catch(neutral),
    };
  }

  private async handleStored(stored: ClaimedInbound, signal?: AbortSignal): Promise<void> {
    const inbox = JSON.parse(stored.payload) as InboxItem;
    // Recorded just before a deletion of this worker's data went through: not answered, not stored again.
    if (await eventPrecedesDeletion(this.options.storage, stored.conversationId, (inbox.item as { timestamp?: unknown } | undefined)?.timestamp)) {
      log.info('inbox event from before a data deletion ignored', { eventId: stored.eventId });
      return;
    }
    await giveWayToWebhook();
    const event = await this.router.route(inbox);
    await giveWayToWebhook();
    await this.handle(event, { key: stored.eventId, ...(signal ? { signal } : {}) });
  }

  /**
   * A worker's message failed for good (parked as dead): one short apology instead of silence, in the
   * worker's language (Vietnamese unless they chose English), and the message goes to the unanswered
   * questions (outcome 'failed') so editors see what the bot could not answer. Only for what a worker
   * wrote or tapped, never for echoes, receipts or standby (another app owns the thread then).
   */
  private async apologise(stored: ClaimedInbound): Promise<void> {
    const context = { eventId: stored.eventId, conversationId: stored.conversationId };
    let inbox: InboxItem;
    try {
      inbox = JSON.parse(stored.payload) as InboxItem;
    } catch (err) {
      log.warn('dead inbox event has no readable payload: no apology sent', { ...context, err });
      return;
    }
    if (inbox.standby) return;
    const item = normaliseItem(inbox.item);
    const psid = item.sender?.id;
    if (!psid || item.message?.is_echo || !(item.message || item.postback)) return;
    const id = conversationId('messenger', psid);
    // Recorded first, and its failure does not stop the apology: the worker must not be left in silence.
    const text = item.message?.text ?? (item.message?.attachments ? '[tệp đính kèm]' : (item.postback?.title ?? item.postback?.payload ?? ''));
    try {
      await this.options.service.recordFailedMessage('messenger', psid, text);
    } catch (err) {
      log.error('failed message not recorded as an unanswered question', { ...context, err });
    }
    let locale = this.options.config.defaultLocale;
    try {
      locale = (await this.options.service.conversation(id))?.locale ?? locale;
    } catch (err) {
      log.warn('conversation not readable for the apology; using the default language', { ...context, err });
    }
    await this.graph.sendMessage(psid, { text: translator(locale)('messenger.failed') }, { messagingType: 'RESPONSE', metadata: BOT_METADATA });
    log.info('apologised for a message that failed for good', context);
  }

  /**
   * `key`: the inbox event id, the idempotency key of the reply's messages (a retried event never
   * resends what Graph accepted). `signal`: aborted when the event timed out (Graph calls stop).
   */
  async handle(event: MessengerEvent, options: { key?: string; signal?: AbortSignal } = {}): Promise<void> {
    const { service } = this.options;
    switch (event.kind) {
      case 'text':
      case 'quick_reply':
      case 'postback':
      case 'attachment': {
        await this.sender.typing(event.psid, true, options.signal);
        const inbound =
          event.kind === 'text'
            ? { text: event.text }
            : event.kind === 'quick_reply'
              ? { text: event.text, payload: event.payload }
              : event.kind === 'postback'
                ? { text: event.title, payload: event.payload }
                : { attachment: true };
        await giveWayToWebhook();
        const { result } = await service.handle({ channel: 'messenger', userId: event.psid, ...inbound }, 'mid' in event ? { mid: event.mid } : {});
        if (result.messages.length === 0) return;
        await giveWayToWebhook();
        try {
          await this.sender.sendBotReply(event.psid, result.messages, options);
        } catch (err) {
          // Outcome unknown (timed out) or abandoned: the event fails and is retried; the idempotency keys
          // keep what Graph accepted from being sent again, and a timed-out message is resent once at most.
          if (err instanceof GraphError && (err.kind === 'timeout' || err.kind === 'aborted')) throw err;
          if (err instanceof GraphError) log.warn('reply not delivered', { psid: event.psid, kind: err.kind, code: err.code });
          else throw err;
        }
        return;
      }
      case 'echo': {
        // Our own messages come back with our metadata; anything else was typed by a person in the Page inbox.
        if (event.metadata === BOT_METADATA || event.metadata === STAFF_METADATA) return;
        await this.escalations?.staffTookOverFromPageInbox(conversationId('messenger', event.psid), event.text || '[tin nhắn từ hộp thư Trang]');
        return;
      }
      case 'standby': {
        // Another app owns the thread: keep the worker's words for staff, never answer.
        if (event.text) await service.keepWorkerMessage('messenger', event.psid, event.text);
        return;
      }
      case 'delivery':
      case 'read':
        return;
      case 'handover':
        log.info('Messenger thread-control event', { detail: event.detail });
        return;
      case 'unknown':
        log.info('unknown Messenger event acknowledged and ignored', { keys: event.keys });
        return;
    }
  }
}
