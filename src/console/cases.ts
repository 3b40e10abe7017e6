/**
 * The console's case list: which conversations count as cases, the filters officers pick from (mine,
 * unassigned, urgent, waiting, resolved, all), the worker's own words for a card, unread counts, and the
 * typo-tolerant search over transcripts, notes, labels and workers' ids (fuse.js). Pure functions: the
 * routes load the records, these decide.
 */
import Fuse from 'fuse.js';
import { PAYLOAD } from '../conversation/respond.js';
import { LOCALES, localeResources } from '../i18n.js';
import { asksForPerson, smalltalkKind } from '../matching/intents.js';
import type { CaseNote, ConversationRecord, TranscriptMessage } from '../storage/types.js';

export const CASE_FILTERS = ['mine', 'unassigned', 'urgent', 'waiting', 'resolved', 'all'] as const;
export type CaseFilter = (typeof CASE_FILTERS)[number];

/** In the queue now: waiting for an officer, or held by one. */
export function isOpenCase(c: ConversationRecord): boolean {
  return c.owner === 'waiting_staff' || c.owner === 'staff';
}

/**
 * A conversation that reached staff at least once: open, resolved, or taken back by the bot after a
 * resolve (a hand-off reason stays on the record). The bot's own conversations are not cases.
 */
export function isCase(c: ConversationRecord): boolean {
  return c.owner !== 'bot' || c.handoffReason !== undefined || c.resolution !== undefined;
}

export function matchesFilter(c: ConversationRecord, filter: CaseFilter, staffId: string): boolean {
  switch (filter) {
    case 'mine':
      return isOpenCase(c) && c.assignedTo === staffId;
    case 'unassigned':
      return isOpenCase(c) && !c.assignedTo;
    case 'urgent':
      return isOpenCase(c) && c.urgent;
    case 'waiting':
      return c.owner === 'waiting_staff';
    case 'resolved':
      return c.owner === 'resolved' || (c.owner === 'bot' && c.resolution !== undefined);
    case 'all':
      return isCase(c);
  }
}

/**
 * Open cases first in queue order (urgent, then waiting before held, then the longest waiting), then the
 * closed ones, most recently changed first.
 */
export function caseOrder(now: number) {
  const waited = (c: ConversationRecord) => now - Date.parse(c.waitingSince ?? c.updatedAt);
  return (a: ConversationRecord, b: ConversationRecord): number =>
    Number(isOpenCase(b)) - Number(isOpenCase(a)) ||
    (isOpenCase(a)
      ? Number(b.urgent) - Number(a.urgent) || Number(a.owner === 'staff') - Number(b.owner === 'staff') || waited(b) - waited(a)
      : b.updatedAt.localeCompare(a.updatedAt));
}

/** Every button title the bot offers, in every locale: a tap on one is not the worker's own words. */
const BUTTON_TITLES = new Set(
  LOCALES.flatMap((locale) => Object.values((localeResources(locale).buttons ?? {}) as Record<string, string>)).map((t) => t.trim().toLowerCase()),
);
const PAYLOADS = Object.values(PAYLOAD);

/** A button tap, a postback payload or an attachment placeholder, not something the worker wrote. */
export function isButtonText(text: string): boolean {
  const t = text.trim();
  if (!t || t === '[tệp đính kèm]') return true;
  if (BUTTON_TITLES.has(t.toLowerCase())) return true;
  return PAYLOADS.some((p) => (p.endsWith(':') ? t.startsWith(p) : t === p));
}

/** A greeting or thanks, or a short "cho em gặp cán bộ": nothing yet about the worker's problem. */
function saysNothingOfTheCase(text: string): boolean {
  return smalltalkKind(text) !== undefined || (asksForPerson(text) && text.length <= 40);
}

/**
 * What the card shows: the worker's last message about their problem — not a button they tapped, nor a
 * greeting or a bare "cho em gặp cán bộ" after it; when they wrote nothing else, their last message.
 */
export function workerWords(messages: TranscriptMessage[]): string {
  const own = messages.filter((m) => m.author === 'worker' && !isButtonText(m.text));
  return ([...own].reverse().find((m) => !saysNothingOfTheCase(m.text)) ?? own.at(-1))?.text ?? '';
}

/** Worker messages after the officer last read the conversation (all of them when never read). */
export function unreadCount(messages: TranscriptMessage[], readAt: string | undefined): number {
  return messages.filter((m) => m.author === 'worker' && (!readAt || m.at > readAt)).length;
}

/** The state key of an officer's read mark on a conversation (it names the conversation, so erasure removes it). */
export function readMarkKey(staffId: string, conversationId: string): string {
  return `console/read/${staffId}/${conversationId}`;
}

/** What search looks through for one case. */
export interface CaseDocument {
  id: string;
  userId: string;
  workerName: string;
  topic: string;
  employer: string;
  /** the worker's messages */
  words: string[];
  /** staff notes and replies */
  staffWords: string[];
}

export function caseDocument(c: ConversationRecord, messages: TranscriptMessage[], notes: CaseNote[]): CaseDocument {
  return {
    id: c.id,
    userId: c.userId,
    workerName: c.labels?.workerName ?? '',
    topic: c.labels?.topic ?? '',
    employer: c.labels?.employer ?? '',
    words: messages.filter((m) => m.author === 'worker' && !isButtonText(m.text)).map((m) => m.text),
    staffWords: [...messages.filter((m) => m.author === 'staff').map((m) => m.text), ...notes.map((n) => n.text)],
  };
}

/**
 * Typo-tolerant, diacritics ignored (workers and officers alike type "no luong" for "nợ lương"):
 * fuse.js 7 with ignoreDiacritics — which also maps đ to d — and ignoreLocation, since the words
 * sought can be anywhere in a long message. The threshold (0.3) lets one or two typos through in a
 * word of a dozen letters while "bảo hiểm" still does not find "bảo lãnh"; names and labels weigh
 * more than the transcript.
 */
export const CASE_SEARCH_OPTIONS = {
  keys: [
    { name: 'workerName', weight: 3 },
    { name: 'userId', weight: 2 },
    { name: 'employer', weight: 2 },
    { name: 'topic', weight: 2 },
    { name: 'words', weight: 1 },
    { name: 'staffWords', weight: 0.7 },
  ],
  ignoreDiacritics: true,
  ignoreLocation: true,
  includeScore: true,
  threshold: 0.3,
  minMatchCharLength: 2,
};

/**
 * The ids of the cases that match the query, best first. The query is first sought as a whole phrase
 * (Vietnamese words are short: a typo in a three-letter word is forgiven only within a longer phrase);
 * when no case holds the phrase, a case must hold every word somewhere (a name and an employer typed
 * together), ranked by the words' summed scores.
 */
export function searchCases(documents: CaseDocument[], query: string, limit = 100): string[] {
  const q = query.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!q) return documents.map((d) => d.id);
  const fuse = new Fuse(documents, CASE_SEARCH_OPTIONS);
  const whole = fuse.search(q, { limit });
  const words = q.split(' ').filter((w) => w.length >= 2);
  if (whole.length > 0 || words.length < 2) return whole.map((hit) => hit.item.id);
  let scores: Map<string, number> | undefined;
  for (const word of words) {
    const hits = new Map(fuse.search(word).map((hit) => [hit.item.id, hit.score ?? 1] as const));
    scores = scores ? new Map([...scores].filter(([id]) => hits.has(id)).map(([id, score]) => [id, score + hits.get(id)!] as const)) : hits;
  }
  return [...scores!]
    .sort((a, b) => a[1] - b[1])
    .slice(0, limit)
    .map(([id]) => id);
}
