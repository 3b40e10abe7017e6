/**
 * What the transcripts say about each knowledge-base entry (the editor list's numbers) and about answers
 * that did not satisfy: how often an entry was served, 👍/👎 on it, and how often the worker was handed
 * to a person right after it. Pure: the caller decides which conversations to read (a bounded number —
 * see console/unanswered-routes.ts).
 */
import type { Feedback, TranscriptMessage } from '../storage/types.js';
import type { Signal } from './groups.js';

export interface EntryUsage {
  /** answers given with this entry (one per turn, however many messages the answer took) */
  served: number;
  helpful: number;
  unhelpful: number;
  /** answers after which the conversation's next decision was a hand-off to a person */
  handoffsAfter: number;
}

/** One answer: a turn's bot messages carrying an entry. */
interface Served {
  entryId: string;
  at: string;
  /** the worker's message the answer replied to ('' when none came before it) */
  question: string;
  /** when the next decision was a hand-off, its time */
  handoffAt?: string;
}

/**
 * The answers of one conversation, oldest first. A turn's messages share one time (the service appends them
 * together), so a new turn starts at a new time. A hand-off counts for the answer before it when no other
 * answer came between; the hand-off turn's own entry (a complaint acknowledged and answered) is not "after".
 */
export function answersIn(messages: TranscriptMessage[]): Served[] {
  const out: Served[] = [];
  let question = '';
  let turnAt = '';
  let last: Served | undefined;
  for (const m of messages) {
    if (m.author === 'worker') {
      question = m.text;
      continue;
    }
    if (m.author !== 'bot' || m.at === turnAt) continue;
    turnAt = m.at;
    if (m.outcome === 'handoff' && last && !last.handoffAt) last.handoffAt = m.at;
    if (m.entryId) {
      last = { entryId: m.entryId, at: m.at, question };
      out.push(last);
    } else if (m.outcome === 'answer' || m.outcome === 'clarify' || m.outcome === 'out_of_scope') {
      // a decision about another question: a later hand-off is no longer about that answer
      last = undefined;
    }
  }
  return out;
}

/**
 * Usage per entry from transcripts (served, hand-offs after) and feedback (👍/👎). Feedback is counted
 * whatever conversations were read: it is its own, smaller record.
 */
export function entryUsage(transcripts: Iterable<TranscriptMessage[]>, feedback: Feedback[]): Record<string, EntryUsage> {
  const usage: Record<string, EntryUsage> = {};
  const of = (id: string) => (usage[id] ??= { served: 0, helpful: 0, unhelpful: 0, handoffsAfter: 0 });
  for (const messages of transcripts) {
    for (const a of answersIn(messages)) {
      const u = of(a.entryId);
      u.served += 1;
      if (a.handoffAt) u.handoffsAfter += 1;
    }
  }
  for (const f of feedback) {
    if (f.helpful) of(f.entryId).helpful += 1;
    else of(f.entryId).unhelpful += 1;
  }
  return usage;
}

/**
 * Signals the transcripts hold beyond the unanswered log: the question before an answer the worker
 * tapped 👎 on, and the question before an answer followed by a hand-off. `logged` holds
 * "conversationId at" of logged unanswered questions: a hand-off that was itself logged (the bot was
 * unsure about a new question) is about that question, not about the answer before it.
 */
export function transcriptSignals(transcripts: Map<string, TranscriptMessage[]>, feedback: Feedback[], logged: Set<string>): Signal[] {
  const out: Signal[] = [];
  const answers = new Map<string, Served[]>();
  for (const [id, messages] of transcripts) {
    const served = answersIn(messages);
    answers.set(id, served);
    for (const a of served) {
      if (a.handoffAt && a.question && !logged.has(`${id} ${a.handoffAt}`)) {
        out.push({ kind: 'handoff', conversationId: id, text: a.question, at: a.handoffAt, candidates: [a.entryId] });
      }
    }
  }
  for (const f of feedback) {
    if (f.helpful) continue;
    // the latest answer with that entry at or before the tap
    const answer = (answers.get(f.conversationId) ?? []).filter((a) => a.entryId === f.entryId && a.at <= f.at).at(-1);
    const text = answer?.question || f.text;
    if (text) out.push({ kind: 'thumbs_down', conversationId: f.conversationId, text, at: f.at, candidates: [f.entryId] });
  }
  return out;
}
