/**
 * Who may do what to a knowledge-base draft (issue 16 item 2), as one table: editors write and submit,
 * a reviewer (the union's legal officer) publishes or sends back — never a draft they wrote themselves.
 * Pure: the editing service (editing.ts) asks here before every change, and the tests read the same table.
 */
import { roleAtLeast, type KbDraft, type StaffAccount } from '../storage/types.js';

export type DraftAction = 'save' | 'submit' | 'return' | 'publish' | 'discard';
export type Refusal = 'role' | 'author' | 'not_author' | 'state' | 'stale' | 'problems';

const atLeast = (actor: Pick<StaffAccount, 'role'>, role: StaffAccount['role']) => roleAtLeast(actor.role, role);

export interface DraftSituation {
  actor: Pick<StaffAccount, 'id' | 'role'>;
  /** undefined: no draft yet (only 'save' can start one) */
  draft: Pick<KbDraft, 'authors' | 'state' | 'baseRev'> | undefined;
  /** the document's newest published rev (0: never published) */
  publishedRev: number;
  /** problems the knowledge base would have with this draft in it */
  problems: number;
}

/** undefined when allowed; otherwise why not. */
export function refusal(action: DraftAction, s: DraftSituation): Refusal | undefined {
  const isAuthor = !!s.draft && s.draft.authors.includes(s.actor.id);
  switch (action) {
    case 'save':
      // Saving makes the actor an author; a draft in review is taken back to editing by it.
      return atLeast(s.actor, 'editor') ? undefined : 'role';
    case 'submit':
      if (!atLeast(s.actor, 'editor')) return 'role';
      if (!s.draft || s.draft.state !== 'editing') return 'state';
      if (!isAuthor) return 'not_author';
      if (s.draft.baseRev !== s.publishedRev) return 'stale';
      return s.problems > 0 ? 'problems' : undefined;
    case 'return':
      if (!atLeast(s.actor, 'reviewer')) return 'role';
      if (!s.draft || s.draft.state !== 'in_review') return 'state';
      return isAuthor ? 'author' : undefined;
    case 'publish':
      if (!atLeast(s.actor, 'reviewer')) return 'role';
      if (!s.draft || s.draft.state !== 'in_review') return 'state';
      if (isAuthor) return 'author';
      if (s.draft.baseRev !== s.publishedRev) return 'stale';
      return s.problems > 0 ? 'problems' : undefined;
    case 'discard':
      if (!s.draft) return 'state';
      if (isAuthor && atLeast(s.actor, 'editor')) return undefined;
      return atLeast(s.actor, 'reviewer') ? undefined : 'not_author';
  }
}

/** Plain words for a refusal (the API's 403/409 message). */
export const REFUSAL_MESSAGES: Record<Refusal, string> = {
  role: 'Your role does not allow this.',
  author: 'You wrote part of this draft: another reviewer must publish it or send it back.',
  not_author: 'Only an author of the draft (or a reviewer) can do this.',
  state: 'The draft is not in a state that allows this (reload the page).',
  stale: 'Someone published this document after the draft was started: open it again and redo the change on the newest version.',
  problems: 'The draft has problems to fix first.',
};
