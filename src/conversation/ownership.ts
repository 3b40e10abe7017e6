/**
 * Who owns a conversation, as an explicit state machine: bot → waiting_staff → staff → resolved → bot.
 * Every change of owner goes through this table — the bot's own (a hand-off, a worker who cancels it, a
 * worker writing again after staff resolved) in the conversation core, the staff's (take, assign, reply,
 * resolve, a reply typed in the Page inbox) in the escalation service. Anything else is refused.
 */
import type { Owner } from '../storage/types.js';

/** What the bot does to ownership (conversation core) … */
export type BotOwnershipAction = 'handoff' | 'cancel' | 'worker_writes';
/**
 * … and what staff do (escalation service; `staff_echo`: someone answered from the Page inbox; `reopen`:
 * a closed case goes back to the queue — an officer found it again, or its follow-up day came).
 */
export type StaffOwnershipAction = 'take' | 'assign' | 'reply' | 'resolve' | 'staff_echo' | 'reopen';
export type OwnershipAction = BotOwnershipAction | StaffOwnershipAction;

/**
 * [from, action] → to. Only what can happen is here: the bot hands off only a conversation it may answer
 * (its own), and it takes a resolved one back (worker_writes) before anything else in that turn, so a
 * hand-off starts from 'bot' only. `staff_echo` from 'staff' changes nothing but is kept: an echo can
 * race a console 'take', and it must not fail then. `reopen` starts from 'resolved' or from 'bot' (the
 * worker wrote again after the resolve, so the bot took the conversation back): either way the case
 * waits for staff again and the bot falls silent.
 */
const TRANSITIONS: Record<Owner, Partial<Record<OwnershipAction, Owner>>> = {
  bot: { handoff: 'waiting_staff', take: 'staff', assign: 'staff', staff_echo: 'staff', reopen: 'waiting_staff' },
  waiting_staff: { cancel: 'bot', take: 'staff', assign: 'staff', reply: 'staff', resolve: 'resolved', staff_echo: 'staff' },
  staff: { take: 'staff', assign: 'staff', reply: 'staff', resolve: 'resolved', staff_echo: 'staff' },
  resolved: { worker_writes: 'bot', take: 'staff', assign: 'staff', staff_echo: 'staff', reopen: 'waiting_staff' },
};

export class OwnershipError extends Error {
  override name = 'OwnershipError';
  constructor(
    readonly from: Owner,
    readonly action: OwnershipAction,
  ) {
    super(`cannot ${action} a conversation owned by ${from}`);
  }
}

export function nextOwner(from: Owner, action: OwnershipAction): Owner {
  const to = TRANSITIONS[from][action];
  if (!to) throw new OwnershipError(from, action);
  return to;
}

export function canTransition(from: Owner, action: OwnershipAction): boolean {
  return TRANSITIONS[from][action] !== undefined;
}

/** The bot answers the worker only when it owns the conversation (or staff have finished). */
export function botMayAnswer(owner: Owner): boolean {
  return owner === 'bot' || owner === 'resolved';
}
