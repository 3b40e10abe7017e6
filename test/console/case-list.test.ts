/** The case list's pure rules (src/console/cases.ts): which words a card shows, filters, search. */
import { expect } from 'chai';
import { caseDocument, isButtonText, matchesFilter, searchCases, unreadCount, workerWords } from '../../src/console/cases.js';
import { localeResources } from '../../src/i18n.js';
import type { ConversationRecord, TranscriptMessage } from '../../src/storage/types.js';

const EN_ASK_STAFF = (localeResources('en').buttons as Record<string, string>).askStaff!;
const at = (s: number) => new Date(Date.parse('2026-11-26T02:00:00Z') + s * 1000).toISOString();
const worker = (text: string, s = 0): TranscriptMessage => ({ conversationId: 'web:a', author: 'worker', text, at: at(s) });
const bot = (text: string, s = 0): TranscriptMessage => ({ conversationId: 'web:a', author: 'bot', text, at: at(s) });
const conversation = (patch: Partial<ConversationRecord>): ConversationRecord => ({
  id: 'web:a',
  channel: 'web',
  userId: 'a',
  owner: 'bot',
  locale: 'vi',
  greeted: true,
  urgent: false,
  createdAt: at(0),
  updatedAt: at(0),
  eTag: 'e',
  ...patch,
});

describe('case list rules', () => {
  describe("the worker's own words on a card", () => {
    const cases: [string, TranscriptMessage[], string][] = [
      ['a tapped button (its title) is skipped', [worker('công ty nợ lương em 3 tháng'), bot('…'), worker('Hỏi cán bộ')], 'công ty nợ lương em 3 tháng'],
      ['a postback payload is skipped', [worker('bị đuổi việc không báo trước'), worker('HANDOFF')], 'bị đuổi việc không báo trước'],
      ['a bare request for an officer is skipped', [worker('em bị ép ký đơn nghỉ việc'), worker('cho em gặp cán bộ công đoàn')], 'em bị ép ký đơn nghỉ việc'],
      ['a greeting is skipped', [worker('lương tháng 13 có bắt buộc không'), worker('cảm ơn ad')], 'lương tháng 13 có bắt buộc không'],
      [
        'a request that tells the problem is kept',
        [worker('chào ad'), worker('công ty nợ lương 3 tháng rồi, cho em gặp cán bộ')],
        'công ty nợ lương 3 tháng rồi, cho em gặp cán bộ',
      ],
      ['only a request: it is shown', [worker('cho em gặp cán bộ')], 'cho em gặp cán bộ'],
      ['the latest words about the case win', [worker('em làm công ty may'), worker('hợp đồng 2 năm, bị cắt ngang')], 'hợp đồng 2 năm, bị cắt ngang'],
      ['nothing from the worker', [bot('Xin chào')], ''],
    ];
    for (const [name, messages, expected] of cases) it(name, () => expect(workerWords(messages)).to.equal(expected));
    it('buttons in both languages, payloads with an argument, attachments', () => {
      for (const t of ['Hỏi cán bộ', 'hỏi cán bộ ', EN_ASK_STAFF, 'ENTRY:nghi-phep-nam', 'FEEDBACK_UP:x', '[tệp đính kèm]', ''])
        expect(isButtonText(t), t).to.equal(true);
      expect(isButtonText('em hỏi cán bộ về lương')).to.equal(false);
    });
  });

  it('filters', () => {
    const open = conversation({ owner: 'waiting_staff', handoffReason: 'asked' });
    const mine = conversation({ owner: 'staff', assignedTo: 'lan', handoffReason: 'asked' });
    const urgent = conversation({ owner: 'waiting_staff', urgent: true, handoffReason: 'urgent' });
    const resolved = conversation({ owner: 'resolved', handoffReason: 'asked', resolution: { outcome: 'answered', at: at(1), by: 'lan' } });
    const backToBot = conversation({ owner: 'bot', handoffReason: 'asked', resolution: { outcome: 'referred', at: at(1), by: 'lan' } });
    const botOnly = conversation({ owner: 'bot' });
    const table: [ConversationRecord, string[]][] = [
      [open, ['unassigned', 'waiting', 'all']],
      [mine, ['mine', 'all']],
      [urgent, ['unassigned', 'urgent', 'waiting', 'all']],
      [resolved, ['resolved', 'all']],
      [backToBot, ['resolved', 'all']],
      [botOnly, []],
    ];
    for (const [c, filters] of table)
      expect((['mine', 'unassigned', 'urgent', 'waiting', 'resolved', 'all'] as const).filter((f) => matchesFilter(c, f, 'lan'))).to.deep.equal(filters);
  });

  it('unread: worker messages after the read mark, all of them when never read', () => {
    const messages = [worker('a', 1), bot('b', 2), worker('c', 3), worker('d', 4)];
    expect(unreadCount(messages, undefined)).to.equal(3);
    expect(unreadCount(messages, at(3))).to.equal(1);
    expect(unreadCount(messages, at(9))).to.equal(0);
  });

  it('search: a phrase with typos and without diacritics; words found in different fields; nothing for unrelated words', () => {
    const docs = [
      caseDocument(
        conversation({ id: 'web:1', userId: '1', labels: { employer: 'Công ty May Đức Giang', workerName: 'Chị Hạnh' } }),
        [worker('cho em gặp cán bộ')],
        [],
      ),
      caseDocument(conversation({ id: 'web:2', userId: '2' }), [worker('công ty nợ lương em 3 tháng rồi')], []),
      caseDocument(conversation({ id: 'web:3', userId: '3' }), [worker('không đóng bảo hiểm xã hội')], []),
    ];
    expect(searchCases(docs, 'no luong')).to.deep.equal(['web:2']);
    expect(searchCases(docs, 'nợ lươnh')).to.deep.equal(['web:2']);
    expect(searchCases(docs, 'bao hiem xa hoi')).to.deep.equal(['web:3']);
    expect(searchCases(docs, 'hanh duc giang')).to.deep.equal(['web:1']);
    expect(searchCases(docs, 'visa du lịch')).to.deep.equal([]);
    expect(searchCases(docs, '  ')).to.deep.equal(['web:1', 'web:2', 'web:3']);
  });
});
