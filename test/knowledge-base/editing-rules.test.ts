/** Who may do what to a draft (issue 16 item 2): the rules table, row by row. */
import { expect } from 'chai';
import { refusal, type DraftAction, type DraftSituation } from '../../src/knowledge-base/editing-rules.js';

const editor = { id: 'ed', role: 'editor' as const };
const otherEditor = { id: 'ed2', role: 'editor' as const };
const reviewer = { id: 'rv', role: 'reviewer' as const };
const admin = { id: 'ad', role: 'admin' as const };
const staff = { id: 'st', role: 'staff' as const };
const editing = { authors: ['ed'], state: 'editing' as const, baseRev: 3 };
const inReview = { ...editing, state: 'in_review' as const };
const reviewedByAuthor = { ...inReview, authors: ['ed', 'rv'] };

const rows: [string, DraftAction, DraftSituation, string | undefined][] = [
  ['an editor starts a draft', 'save', { actor: editor, draft: undefined, publishedRev: 3, problems: 0 }, undefined],
  ['staff cannot edit', 'save', { actor: staff, draft: undefined, publishedRev: 3, problems: 0 }, 'role'],
  ['another editor may join a draft (and becomes an author)', 'save', { actor: otherEditor, draft: editing, publishedRev: 3, problems: 0 }, undefined],
  ['the author submits a clean draft', 'submit', { actor: editor, draft: editing, publishedRev: 3, problems: 0 }, undefined],
  ['a draft with problems cannot be submitted', 'submit', { actor: editor, draft: editing, publishedRev: 3, problems: 2 }, 'problems'],
  ['only an author submits', 'submit', { actor: otherEditor, draft: editing, publishedRev: 3, problems: 0 }, 'not_author'],
  ['a draft already in review is not submitted again', 'submit', { actor: editor, draft: inReview, publishedRev: 3, problems: 0 }, 'state'],
  ['a draft of an older version is stale', 'submit', { actor: editor, draft: editing, publishedRev: 4, problems: 0 }, 'stale'],
  ['an editor cannot publish', 'publish', { actor: otherEditor, draft: inReview, publishedRev: 3, problems: 0 }, 'role'],
  ['a reviewer publishes a draft in review', 'publish', { actor: reviewer, draft: inReview, publishedRev: 3, problems: 0 }, undefined],
  ['an admin publishes too', 'publish', { actor: admin, draft: inReview, publishedRev: 3, problems: 0 }, undefined],
  ['the reviewer is never the author', 'publish', { actor: reviewer, draft: reviewedByAuthor, publishedRev: 3, problems: 0 }, 'author'],
  ['a draft still being edited is not published', 'publish', { actor: reviewer, draft: editing, publishedRev: 3, problems: 0 }, 'state'],
  ['nothing to publish', 'publish', { actor: reviewer, draft: undefined, publishedRev: 3, problems: 0 }, 'state'],
  ['a stale draft is not published', 'publish', { actor: reviewer, draft: inReview, publishedRev: 4, problems: 0 }, 'stale'],
  ['a draft that breaks the knowledge base is not published', 'publish', { actor: reviewer, draft: inReview, publishedRev: 3, problems: 1 }, 'problems'],
  ['a reviewer sends a draft back', 'return', { actor: reviewer, draft: inReview, publishedRev: 3, problems: 0 }, undefined],
  ['an author-reviewer does not send their own back', 'return', { actor: reviewer, draft: reviewedByAuthor, publishedRev: 3, problems: 0 }, 'author'],
  ['an editor does not send back', 'return', { actor: otherEditor, draft: inReview, publishedRev: 3, problems: 0 }, 'role'],
  ['the author discards', 'discard', { actor: editor, draft: editing, publishedRev: 3, problems: 0 }, undefined],
  ["another editor cannot discard someone's draft", 'discard', { actor: otherEditor, draft: editing, publishedRev: 3, problems: 0 }, 'not_author'],
  ['a reviewer may discard', 'discard', { actor: reviewer, draft: inReview, publishedRev: 3, problems: 0 }, undefined],
];

describe('knowledge-base editing rules (issue 16 item 2)', () => {
  for (const [name, action, situation, expected] of rows) {
    it(`${action}: ${name} → ${expected ?? 'allowed'}`, () => {
      expect(refusal(action, situation)).to.equal(expected);
    });
  }
});
