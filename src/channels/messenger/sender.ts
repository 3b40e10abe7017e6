/** Sends the bot's and staff's messages to a worker on Messenger, within the platform's rules. */
import { log } from '../../log.js';
import type { OutboundMessage } from '../../conversation/messages.js';
import { GraphError, type GraphClient } from './graph-client.js';
import { replyWindow } from './window.js';

/** Metadata on every message we send, so their echoes are not mistaken for a person in the Page inbox. */
export const BOT_METADATA = 'tlcd:bot';
export const STAFF_METADATA = 'tlcd:staff';

export class WindowClosedError extends Error {
  override name = 'WindowClosedError';
  constructor(readonly closedAt: string) {
    super(`Messenger does not allow replies more than 7 days after the worker's last message (closed ${closedAt})`);
  }
}

export class MessengerSender {
  constructor(private readonly graph: GraphClient) {}

  /** The bot's reply to a message just received: RESPONSE, typing indicator first. */
  async sendBotReply(psid: string, messages: OutboundMessage[]): Promise<void> {
    for (const m of messages) {
      await this.graph.sendMessage(psid, toGraph(m), { messagingType: 'RESPONSE', metadata: BOT_METADATA });
    }
  }

  async typing(psid: string, on: boolean): Promise<void> {
    try {
      await this.graph.senderAction(psid, on ? 'typing_on' : 'typing_off');
    } catch (err) {
      log.debug('typing indicator failed', { err });
    }
  }

  /**
   * A staff member's reply: RESPONSE within 24 hours of the worker's last message,
   * HUMAN_AGENT tag up to 7 days, refused after that.
   */
  async sendStaffReply(psid: string, messages: OutboundMessage[], lastUserMessageAt: string | undefined, now: Date): Promise<'RESPONSE' | 'HUMAN_AGENT'> {
    const window = replyWindow(lastUserMessageAt, now);
    if (window.kind === 'closed') throw new WindowClosedError(window.closedAt);
    const human = window.kind === 'human_agent';
    for (const m of messages) {
      await this.graph.sendMessage(psid, toGraph(m), human ? { messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', metadata: STAFF_METADATA } : { messagingType: 'RESPONSE', metadata: STAFF_METADATA });
    }
    return human ? 'HUMAN_AGENT' : 'RESPONSE';
  }
}

function toGraph(m: OutboundMessage) {
  return {
    text: m.text,
    ...(m.quickReplies.length > 0 ? { quick_replies: m.quickReplies.map((q) => ({ content_type: 'text' as const, title: q.title, payload: q.payload })) } : {}),
  };
}

export function isPermanentSendFailure(err: unknown): err is GraphError {
  return err instanceof GraphError && err.permanent;
}
