/**
 * The Messenger channel, assembled: signed webhook → inbox → Botkit routing → conversation core →
 * Send API. The rest of the bot sees only ConversationService and the ChannelSender below.
 */
import type { Router } from 'express';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { ConversationService } from '../../conversation/service.js';
import type { EscalationService } from '../../escalation/escalations.js';
import type { ChannelSender } from '../../escalation/senders.js';
import { log } from '../../log.js';
import type { InboundEvent, Storage } from '../../storage/types.js';
import { BotkitRouter } from './botkit-router.js';
import type { InboxItem, MessengerEvent } from './events.js';
import { GraphClient, GraphError } from './graph-client.js';
import { InboxProcessor } from './processor.js';
import { BOT_METADATA, MessengerSender, STAFF_METADATA } from './sender.js';
import { dataDeletionRouter } from './data-deletion.js';
import { webhookRouter } from './webhook.js';

export interface MessengerChannelOptions {
  config: Config;
  storage: Storage;
  clock: Clock;
  service: ConversationService;
  /** set after construction (the escalation service needs this channel's sender) */
  escalations?: EscalationService;
  graphSleep?: (ms: number) => Promise<void>;
  pollMs?: number;
  leaseMs?: number;
}

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
    this.graph = new GraphClient({
      baseUrl: fb.graphApiUrl,
      version: fb.graphApiVersion,
      accessToken: fb.pageAccessToken,
      appSecret: fb.appSecret,
      ...(options.graphSleep ? { sleep: options.graphSleep } : {}),
      onBadToken: (e) => {
        this.degraded = { reason: `access token rejected (code ${e.code})`, at: options.clock.now().toISOString() };
      },
    });
    this.sender = new MessengerSender(this.graph);
    this.router = new BotkitRouter({ verifyToken: fb.verifyToken, appSecret: fb.appSecret, accessToken: fb.pageAccessToken, apiVersion: fb.graphApiVersion, storage: options.storage });
    this.processor = new InboxProcessor({
      storage: options.storage,
      clock: options.clock,
      handle: (event) => this.handleStored(event),
      ...(options.pollMs ? { pollMs: options.pollMs } : {}),
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    });
    this.webhook = webhookRouter({
      verifyToken: fb.verifyToken,
      appSecret: fb.appSecret,
      storage: options.storage,
      clock: options.clock,
      onRecorded: () => void this.processor.kick(),
    });
    this.webhook.use(dataDeletionRouter({ appSecret: fb.appSecret, storage: options.storage, clock: options.clock }));
    this.escalations = options.escalations;
  }

  health(): Record<string, unknown> {
    return this.degraded ? { status: 'degraded', ...this.degraded } : { status: 'ok', graphApiVersion: this.options.config.facebook.graphApiVersion };
  }

  start(): void {
    this.processor.start();
  }

  async stop(): Promise<void> {
    await this.processor.stop();
  }

  /** For the escalation service: how staff and unprompted bot messages reach a Messenger user. */
  channelSender(): ChannelSender {
    return {
      sendBot: async (conversation, messages) => {
        for (const m of messages) {
          await this.graph.sendMessage(conversation.userId, { text: m.text }, { messagingType: 'RESPONSE', metadata: BOT_METADATA });
        }
      },
      sendStaff: (conversation, messages, now) => this.sender.sendStaffReply(conversation.userId, messages, conversation.lastUserMessageAt, now),
    };
  }

  private async handleStored(stored: InboundEvent): Promise<void> {
    const inbox = JSON.parse(stored.payload) as InboxItem;
    const event = await this.router.route(inbox);
    await this.handle(event);
  }

  async handle(event: MessengerEvent): Promise<void> {
    const { service } = this.options;
    switch (event.kind) {
      case 'text':
      case 'quick_reply':
      case 'postback':
      case 'attachment': {
        await this.sender.typing(event.psid, true);
        const inbound =
          event.kind === 'text' ? { text: event.text }
          : event.kind === 'quick_reply' ? { text: event.text, payload: event.payload }
          : event.kind === 'postback' ? { text: event.title, payload: event.payload }
          : { attachment: true };
        const { result } = await service.handle({ channel: 'messenger', userId: event.psid, ...inbound }, 'mid' in event ? { mid: event.mid } : {});
        if (result.messages.length === 0) return;
        try {
          await this.sender.sendBotReply(event.psid, result.messages);
        } catch (err) {
          if (err instanceof GraphError) log.warn('reply not delivered', { psid: event.psid, kind: err.kind, code: err.code });
          else throw err;
        }
        return;
      }
      case 'echo': {
        // Our own messages come back with our metadata; anything else was typed by a person in the Page inbox.
        if (event.metadata === BOT_METADATA || event.metadata === STAFF_METADATA) return;
        await this.escalations?.staffTookOverFromPageInbox(`messenger:${event.psid}`, event.text || '[tin nhắn từ hộp thư Trang]');
        return;
      }
      case 'standby': {
        // Another app owns the thread: keep the worker's words for staff, never answer.
        if (event.text) await service.storage.appendMessage({ conversationId: `messenger:${event.psid}`, author: 'worker', text: event.text, at: this.options.clock.now().toISOString() });
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
