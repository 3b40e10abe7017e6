/**
 * The Messenger inbox's BotBuilder adapter. FacebookAdapter is built to receive a webhook request
 * (processActivity: check the signature, walk the batch, one turn per item). Here the webhook, its
 * signature check and the durable inbox are the project's own, so the request is long gone when an item
 * is handled: this subclass takes one stored item instead, builds the Activity the way FacebookAdapter
 * does for a webhook item, and runs it through the adapter's middleware (FacebookEventTypeMiddleware
 * classifies it) into the bot logic — Botkit's `handleTurn` — with `runMiddleware`, the protected entry
 * BotAdapter gives its subclasses for exactly this. Everything else (sending, the Graph client Botkit
 * attaches to each bot worker) is inherited untouched and never called: replies go through the project's
 * Send API client.
 */
import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
import { FacebookAdapter, FacebookEventTypeMiddleware, type FacebookAdapterOptions } from 'botbuilder-adapter-facebook';
import type { RawMessagingItem } from './events.js';

/** A (normalised) messaging item that names both parties: what a turn needs. */
export type AddressedItem = RawMessagingItem & { sender: { id: string }; recipient: { id: string } };

/**
 * The Activity FacebookAdapter builds for each item of a webhook (src/facebook_adapter.ts in
 * botbuilder-adapter-facebook 1.0.12; the test compares the two), field for field: the conversation is
 * the sender's, a message (or a postback, whose payload is the text) is a 'message', an echo or anything
 * else an 'event', and the message's own fields (mid, text, attachments, quick_reply…) are also copied to
 * the top of channelData, where Botkit handlers look for them. Two differences, both because the item
 * was stored: channelData is a copy (the caller's item is not changed), and the timestamp is Meta's,
 * when the item has one, rather than the time it is handled.
 */
export function activityOf(item: AddressedItem): Partial<Activity> {
  const psid = item.sender.id;
  const page = item.recipient.id;
  const activity: Partial<Activity> = {
    channelId: 'facebook',
    timestamp: typeof item.timestamp === 'number' ? new Date(item.timestamp) : new Date(),
    // A Page's Messenger conversation is one-to-one with the worker.
    conversation: { id: psid, name: psid, isGroup: false, conversationType: 'personal' },
    from: { id: psid, name: psid },
    recipient: { id: page, name: page },
    channelData: { ...item, ...item.message },
    type: ActivityTypes.Event,
  };
  if (item.message) {
    activity.type = item.message.is_echo ? ActivityTypes.Event : ActivityTypes.Message;
    if (item.message.text !== undefined) activity.text = item.message.text;
  } else if (item.postback) {
    activity.type = ActivityTypes.Message;
    if (item.postback.payload !== undefined) activity.text = item.postback.payload;
  }
  return activity;
}

export class InboxAdapter extends FacebookAdapter {
  constructor(options: FacebookAdapterOptions) {
    super(options);
    // Botkit then emits facebook_postback, message_echo, standby… instead of a bare 'message' / 'event'.
    this.use(new FacebookEventTypeMiddleware());
  }

  /**
   * One turn for one stored item: its Activity through this adapter's middleware, then `logic`. Resolves
   * when the turn is over; rejects with what the middleware or the logic threw (no onTurnError is set).
   */
  async receive(item: AddressedItem, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.runMiddleware(new TurnContext(this, activityOf(item)), logic);
  }
}
