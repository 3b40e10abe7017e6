/**
 * The adapter under the dialog engine's Botkit: a botbuilder BotAdapter (the public abstract class every
 * Bot Framework adapter extends) that sends nothing itself. What a dialog says during a turn is collected on
 * that turn (TurnContext.turnState) and handed back to the conversation service, which sends it through the
 * channel the worker wrote on — the Messenger sender with its idempotency ledger, or the web chat's answer.
 * So one dialog serves both channels, and no dialog ever reaches a channel around the service.
 */
import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { OutboundMessage, QuickReply } from '../messages.js';

const OUTBOX = Symbol('tlcd.dialog-outbox');

/** What a turn's dialogs said, in order. */
export function outboxOf(context: TurnContext): OutboundMessage[] {
  let box = context.turnState.get(OUTBOX) as OutboundMessage[] | undefined;
  if (!box) {
    box = [];
    context.turnState.set(OUTBOX, box);
  }
  return box;
}

/** Botkit puts a message's quick replies in channelData (as for Messenger): read them back in our shape. */
function quickRepliesOf(activity: Partial<Activity>): QuickReply[] {
  const raw = (activity.channelData as { quick_replies?: unknown } | undefined)?.quick_replies;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((q): q is { title: unknown; payload: unknown } => typeof q === 'object' && q !== null)
    .map((q) => ({ title: String(q.title ?? ''), payload: String(q.payload ?? q.title ?? '') }))
    .filter((q) => q.title);
}

export class DialogAdapter extends BotAdapter {
  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const box = outboxOf(context);
    for (const activity of activities) {
      if (activity.type && activity.type !== ActivityTypes.Message) continue; // typing and the like: nothing to keep
      if (!activity.text && quickRepliesOf(activity).length === 0) continue;
      box.push({ text: activity.text ?? '', quickReplies: quickRepliesOf(activity) });
    }
    return activities.map((_a, i) => ({ id: `${box.length}-${i}` }));
  }

  async updateActivity(): Promise<void> {
    throw new Error('dialogs do not edit sent messages');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('dialogs do not delete sent messages');
  }

  /** Proactive turns are the service's business (hand-off reminders), not a dialog's. */
  async continueConversation(_reference: Partial<ConversationReference>): Promise<void> {
    throw new Error('dialogs only answer the worker’s own messages');
  }

  /** Run one turn of `activity` through the adapter's middleware into `logic` (Botkit's handleTurn). */
  async runTurn(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<OutboundMessage[]> {
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
    return outboxOf(context);
  }
}
