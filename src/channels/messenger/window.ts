/**
 * Messenger's reply windows: within 24 hours of the worker's last message anything may be sent as a
 * RESPONSE; a person may reply up to 7 days with the HUMAN_AGENT tag; after that nothing can be sent
 * until the worker writes again.
 */
export const STANDARD_WINDOW_MS = 24 * 3600_000;
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3600_000;

export type ReplyWindow = { kind: 'standard'; closesAt: string } | { kind: 'human_agent'; closesAt: string } | { kind: 'closed'; closedAt: string };

export function replyWindow(lastUserMessageAt: string | undefined, now: Date): ReplyWindow {
  if (!lastUserMessageAt) return { kind: 'closed', closedAt: new Date(0).toISOString() };
  const last = Date.parse(lastUserMessageAt);
  const age = now.getTime() - last;
  if (age < STANDARD_WINDOW_MS) return { kind: 'standard', closesAt: new Date(last + STANDARD_WINDOW_MS).toISOString() };
  if (age < HUMAN_AGENT_WINDOW_MS) return { kind: 'human_agent', closesAt: new Date(last + HUMAN_AGENT_WINDOW_MS).toISOString() };
  return { kind: 'closed', closedAt: new Date(last + HUMAN_AGENT_WINDOW_MS).toISOString() };
}
