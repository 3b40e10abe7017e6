/**
 * The console's dashboard (issue 17 item 5): hand-offs per day, how long workers waited for a first staff reply
 * and for the case to be resolved — both in office minutes (OFFICE_HOURS), so a hand-off on Friday evening
 * answered on Monday at 07:35 counts five minutes — the reasons and topics, urgent ones, and the workers' ratings.
 *
 * Computed on request by scanning the conversations touched in the period with their ownership history and
 * transcript: the volumes are small (a union's inbox, tens of hand-offs a day at most), so no counters are kept.
 */
import { vietnamDay } from '../clock.js';
import type { ConversationStore, Owner, TranscriptStore } from '../storage/types.js';
import { officeMinutesBetween, type OfficeRule } from './office-hours.js';

export interface Dashboard {
  from: string;
  to: string;
  days: number;
  /** each day of the period (Vietnam), oldest first, with its hand-offs */
  perDay: { day: string; handoffs: number }[];
  handoffs: number;
  urgent: number;
  /** office minutes; null with no case answered / resolved in the period */
  medianFirstResponse: number | null;
  medianResolution: number | null;
  byReason: Record<string, number>;
  byTopic: Record<string, number>;
  ratings: { up: number; down: number };
  /** one line per hand-off, newest first */
  cases: { conversationId: string; at: string; reason: string; urgent: boolean; topic?: string; firstResponse?: number; resolution?: number }[];
}

const ALL: Owner[] = ['bot', 'waiting_staff', 'staff', 'resolved'];

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round((s[mid - 1]! + s[mid]!) / 2);
}

export async function buildDashboard(
  storage: Pick<ConversationStore, 'listConversationsByOwner'> & Pick<TranscriptStore, 'listMessages' | 'listOwnershipChanges'>,
  rules: OfficeRule[],
  now: Date,
  days: number,
): Promise<Dashboard> {
  const to = now;
  const from = new Date(now.getTime() - days * 24 * 3600_000);
  const perDay = new Map<string, number>();
  for (let i = days - 1; i >= 0; i--) perDay.set(vietnamDay(new Date(now.getTime() - i * 24 * 3600_000)), 0);
  const result: Dashboard = {
    from: from.toISOString(),
    to: to.toISOString(),
    days,
    perDay: [],
    handoffs: 0,
    urgent: 0,
    medianFirstResponse: null,
    medianResolution: null,
    byReason: {},
    byTopic: {},
    ratings: { up: 0, down: 0 },
    cases: [],
  };
  const firstResponses: number[] = [];
  const resolutions: number[] = [];
  const conversations = (await storage.listConversationsByOwner(ALL)).filter((c) => Date.parse(c.updatedAt) >= from.getTime());
  for (const c of conversations) {
    if (c.staffRating && Date.parse(c.staffRating.at) >= from.getTime()) result.ratings[c.staffRating.up ? 'up' : 'down']++;
    const changes = await storage.listOwnershipChanges(c.id);
    if (!changes.some((ch) => ch.to === 'waiting_staff' && Date.parse(ch.at) >= from.getTime())) continue;
    const staffTimes = (await storage.listMessages(c.id)).filter((m) => m.author === 'staff').map((m) => Date.parse(m.at));
    changes.forEach((ch, i) => {
      // Each move to waiting_staff starts a case (a reopened conversation is a new one); it ends at the next resolve.
      if (ch.to !== 'waiting_staff' || ch.from === 'staff' || ch.from === 'waiting_staff') return;
      const at = Date.parse(ch.at);
      if (at < from.getTime() || at > to.getTime()) return;
      const later = changes.slice(i + 1);
      const resolvedAt = later.find((x) => x.to === 'resolved' || x.to === 'bot');
      const end = resolvedAt ? Date.parse(resolvedAt.at) : Infinity;
      const reply = staffTimes.find((t) => t >= at && t <= end);
      const reason = ch.reason ?? c.handoffReason ?? 'asked';
      const topic = c.labels?.topic;
      const row: Dashboard['cases'][number] = { conversationId: c.id, at: ch.at, reason, urgent: reason === 'urgent', ...(topic ? { topic } : {}) };
      if (reply !== undefined) firstResponses.push((row.firstResponse = officeMinutesBetween(rules, new Date(at), new Date(reply))));
      if (resolvedAt?.to === 'resolved') resolutions.push((row.resolution = officeMinutesBetween(rules, new Date(at), new Date(end))));
      result.cases.push(row);
      result.handoffs++;
      if (row.urgent) result.urgent++;
      result.byReason[reason] = (result.byReason[reason] ?? 0) + 1;
      if (topic) result.byTopic[topic] = (result.byTopic[topic] ?? 0) + 1;
      const day = vietnamDay(new Date(at));
      if (perDay.has(day)) perDay.set(day, perDay.get(day)! + 1);
    });
  }
  result.perDay = [...perDay].map(([day, handoffs]) => ({ day, handoffs }));
  result.cases.sort((a, b) => b.at.localeCompare(a.at));
  result.medianFirstResponse = median(firstResponses);
  result.medianResolution = median(resolutions);
  return result;
}
