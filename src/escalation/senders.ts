/** How a message reaches a worker on each channel, outside of a bot reply to their own message. */
import type { OutboundMessage } from '../conversation/messages.js';
import type { Channel, ConversationRecord } from '../storage/types.js';

export interface ChannelSender {
  /** a message from the bot that the worker did not just ask for (e.g. "back to the assistant") */
  sendBot(conversation: ConversationRecord, messages: OutboundMessage[]): Promise<void>;
  /** a staff member's reply; returns how it was sent (e.g. "RESPONSE", "HUMAN_AGENT", "web") */
  sendStaff(conversation: ConversationRecord, messages: OutboundMessage[], now: Date): Promise<string>;
}

/** The web chat page polls its transcript, so the transcript is the delivery. */
export const webSender: ChannelSender = {
  sendBot: async () => undefined,
  sendStaff: async () => 'web',
};

export type ChannelSenders = Partial<Record<Channel, ChannelSender>>;

/**
 * A message a channel could not deliver, said without naming the channel (the console tells staff why):
 * `window_closed` — the channel no longer lets us write to this worker until they write again (`closedAt`);
 * `failed` — the channel refused or failed the send (the message says what it answered).
 */
export class SendError extends Error {
  override name = 'SendError';
  constructor(
    readonly reason: 'window_closed' | 'failed',
    message: string,
    readonly closedAt?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
