/**
 * Per-entry usage from transcripts (learning/usage.ts): what counts as served, as a hand-off after an answer,
 * and which question a 👎 or a hand-off points back to.
 */
import { expect } from 'chai';
import { entryUsage, transcriptSignals } from '../../src/learning/usage.js';
import type { Feedback, TranscriptMessage } from '../../src/storage/types.js';

type Line = [TranscriptMessage['author'], string, string?, string?]; // author, text, outcome, entryId
let minute = 0;
function transcript(lines: Line[], id = 'web:a'): TranscriptMessage[] {
  minute = 0;
  return lines.map(([author, text, outcome, entryId]) => ({
    conversationId: id,
    author,
    text,
    // a worker message starts a new minute; the bot's messages of one turn share it
    at: `2026-11-26T09:${String(author === 'worker' ? ++minute : minute).padStart(2, '0')}:00.000Z`,
    ...(outcome ? { outcome } : {}),
    ...(entryId ? { entryId } : {}),
  }));
}
const none = { served: 0, helpful: 0, unhelpful: 0, handoffsAfter: 0 };

describe('usage per entry (learning/usage.ts)', () => {
  const cases: [string, Line[], Record<string, Partial<typeof none>>][] = [
    [
      'an answer in two messages is served once',
      [
        ['worker', 'q'],
        ['bot', 'part 1', 'answer', 'e1'],
        ['bot', 'part 2', 'answer', 'e1'],
      ],
      { e1: { served: 1 } },
    ],
    [
      'a hand-off right after an answer counts for it',
      [
        ['worker', 'q'],
        ['bot', 'a', 'answer', 'e1'],
        ['worker', 'Hỏi cán bộ'],
        ['bot', 'passed on', 'handoff'],
      ],
      { e1: { served: 1, handoffsAfter: 1 } },
    ],
    [
      '… also after a 👎 in between',
      [
        ['worker', 'q'],
        ['bot', 'a', 'answer', 'e1'],
        ['worker', '👎'],
        ['bot', 'sorry', 'smalltalk'],
        ['worker', 'Hỏi cán bộ'],
        ['bot', 'passed on', 'handoff'],
      ],
      { e1: { served: 1, handoffsAfter: 1 } },
    ],
    [
      'not when another question came between',
      [
        ['worker', 'q'],
        ['bot', 'a', 'answer', 'e1'],
        ['worker', 'q2'],
        ['bot', 'which one?', 'clarify'],
        ['worker', 'Hỏi cán bộ'],
        ['bot', 'passed on', 'handoff'],
      ],
      { e1: { served: 1 } },
    ],
    [
      'the later answer gets the hand-off',
      [
        ['worker', 'q'],
        ['bot', 'a', 'answer', 'e1'],
        ['worker', 'q2'],
        ['bot', 'b', 'answer', 'e2'],
        ['worker', 'Hỏi cán bộ'],
        ['bot', 'passed on', 'handoff'],
      ],
      { e1: { served: 1 }, e2: { served: 1, handoffsAfter: 1 } },
    ],
    [
      "a complaint answered in the hand-off turn is served, not 'after'",
      [
        ['worker', 'complaint'],
        ['bot', 'answer inside', 'handoff', 'e1'],
      ],
      { e1: { served: 1 } },
    ],
    [
      'staff and system messages do not count',
      [
        ['worker', 'q'],
        ['staff', 'reply'],
        ['system', 'x'],
      ],
      {},
    ],
  ];
  for (const [what, lines, expected] of cases) {
    it(what, () => {
      const want = Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, { ...none, ...v }]));
      expect(entryUsage([transcript(lines)], [])).to.deep.equal(want);
    });
  }

  it('feedback counts 👍 and 👎 per entry', () => {
    const f = (entryId: string, helpful: boolean): Feedback => ({ conversationId: 'web:a', entryId, helpful, at: '2026-11-26T09:00:00.000Z' });
    expect(entryUsage([], [f('e1', true), f('e1', false), f('e1', true), f('e2', false)])).to.deep.equal({
      e1: { ...none, helpful: 2, unhelpful: 1 },
      e2: { ...none, unhelpful: 1 },
    });
  });

  it('a 👎 and a hand-off after an answer point back to the question; a logged hand-off is left to the log', () => {
    const lines: Line[] = [
      ['worker', 'phép năm mấy ngày'],
      ['bot', 'a', 'answer', 'e1'],
      ['worker', 'Hỏi cán bộ'],
      ['bot', 'passed on', 'handoff'],
      ['worker', 'lương tối thiểu'],
      ['bot', 'b', 'answer', 'e2'],
      ['worker', 'còn gì nữa'],
      ['bot', 'not sure, passed on', 'handoff'],
    ];
    const messages = transcript(lines);
    const feedback: Feedback[] = [{ conversationId: 'web:a', entryId: 'e1', helpful: false, at: '2026-11-26T09:02:30.000Z' }];
    const signals = transcriptSignals(new Map([['web:a', messages]]), feedback, new Set(['web:a 2026-11-26T09:04:00.000Z']));
    expect(signals.map((s) => [s.kind, s.text, s.candidates])).to.deep.equal([
      ['handoff', 'phép năm mấy ngày', ['e1']],
      ['thumbs_down', 'phép năm mấy ngày', ['e1']],
    ]);
  });
});
