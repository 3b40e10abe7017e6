/**
 * Who owns a conversation, as an explicit state machine:
 * bot → waiting_staff → staff → resolved → bot. Anything else is refused.
 */
import type { Owner } from '../storage/types.js';

export type OwnershipAction = 'handoff' | 'take' | 'assign' | 'reply' | 'resolve' | 'cancel' | 'worker_writes' | 'staff_echo';

/** [from, action] → to */
const TRANSITIONS: Record<Owner, Partial<Record<OwnershipAction, Owner>>> = {
  bot: { handoff: 'waiting_staff', take: 'staff', assign: 'staff', staff_echo: 'staff' },
  waiting_staff: { take: 'staff', assign: 'staff', reply: 'staff', cancel: 'bot', resolve: 'resolved', staff_echo: 'staff', handoff: 'waiting_staff' },
  staff: { reply: 'staff', assign: 'staff', take: 'staff', resolve: 'resolved', staff_echo: 'staff', handoff: 'staff' },
  resolved: { worker_writes: 'bot', handoff: 'waiting_staff', take: 'staff', assign: 'staff', staff_echo: 'staff' },
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
