import { expect } from 'chai';
import type { OrganisationConfig } from '../../src/config.js';
import { formatDay, newsChatText, oneLine } from '../../src/news/chat.js';
import { currentNews, isCalendarDay, isCurrent, MAX_CHAT_ITEMS, newestFirst, newsProblems, newsState, type NewsFields } from '../../src/news/rules.js';
import type { NewsItem } from '../../src/storage/types.js';
import { testItem } from './fixtures.js';

describe('news rules (src/news)', () => {
  describe('an item is current from its first day to its last day, both included, in Vietnam days', () => {
    const table: [string, Pick<NewsItem, 'status' | 'validFrom' | 'validUntil'>, string, boolean][] = [
      ['the day before the first day', { status: 'published', validFrom: '2026-11-10', validUntil: '2026-11-20' }, '2026-11-09', false],
      ['the first day', { status: 'published', validFrom: '2026-11-10', validUntil: '2026-11-20' }, '2026-11-10', true],
      ['a day inside', { status: 'published', validFrom: '2026-11-10', validUntil: '2026-11-20' }, '2026-11-15', true],
      ['the last day', { status: 'published', validFrom: '2026-11-10', validUntil: '2026-11-20' }, '2026-11-20', true],
      ['the day after the last day', { status: 'published', validFrom: '2026-11-10', validUntil: '2026-11-20' }, '2026-11-21', false],
      ['a one-day item on its day', { status: 'published', validFrom: '2026-12-31', validUntil: '2026-12-31' }, '2026-12-31', true],
      ['across a year end', { status: 'published', validFrom: '2026-12-20', validUntil: '2027-01-05' }, '2027-01-01', true],
      ['no last day: runs until withdrawn', { status: 'published', validFrom: '2026-11-10' }, '2030-01-01', true],
      ['a draft, inside its days', { status: 'draft', validFrom: '2026-11-10', validUntil: '2026-11-20' }, '2026-11-15', false],
      ['withdrawn, inside its days', { status: 'withdrawn', validFrom: '2026-11-10', validUntil: '2026-11-20' }, '2026-11-15', false],
    ];
    for (const [what, item, day, expected] of table) it(`${what} (${day}) → ${expected}`, () => expect(isCurrent(item, day)).to.equal(expected));
  });

  it("where an item stands for the editor's list", () => {
    const item = testItem({ validFrom: '2026-11-10', validUntil: '2026-11-20' });
    expect(newsState(item, '2026-11-09')).to.equal('scheduled');
    expect(newsState(item, '2026-11-20')).to.equal('current');
    expect(newsState(item, '2026-11-21')).to.equal('ended');
    expect(newsState({ ...item, status: 'draft' }, '2026-11-15')).to.equal('draft');
    expect(newsState({ ...item, status: 'withdrawn' }, '2026-11-15')).to.equal('withdrawn');
  });

  describe('validation', () => {
    const ok: NewsFields = { kind: 'news', title: 'Tiêu đề thử', body: 'Nội dung thử.', validFrom: '2026-11-01', validUntil: '2026-11-30' };
    const table: [string, Partial<NewsFields>, string | undefined][] = [
      ['a complete item', {}, undefined],
      ['no last day', { validUntil: undefined }, undefined],
      ['an empty last day is none', { validUntil: '' }, undefined],
      ['first and last day the same', { validUntil: '2026-11-01' }, undefined],
      ['an https link', { link: 'https://congdoan.example/tin/1' }, undefined],
      ['a title of 80 letters with diacritics', { title: 'ệ'.repeat(80) }, undefined],
      ['a title of 81', { title: 'a'.repeat(81) }, 'title: at most 80 characters'],
      ['an empty title', { title: '   ' }, 'title: give the title'],
      ['a text of 600', { body: 'ư'.repeat(600) }, undefined],
      ['a text of 601', { body: 'a'.repeat(601) }, 'body: at most 600 characters'],
      ['an empty text', { body: '' }, 'body: give the text'],
      ['an http link', { link: 'http://congdoan.example/tin/1' }, 'link: only https:// addresses'],
      ['a javascript: link', { link: 'javascript:alert(1)' }, 'link: only https:// addresses'],
      ['a data: link', { link: 'data:text/html,<b>x</b>' }, 'link: only https:// addresses'],
      ['not an address', { link: 'congdoan.example' }, 'link: a full address starting with https://'],
      ['a password in the link', { link: 'https://a:b@congdoan.example/' }, 'link: no user name or password in the address'],
      ['the last day before the first', { validFrom: '2026-11-10', validUntil: '2026-11-09' }, 'validUntil: the last day cannot be before the first day'],
      ['a day not in the calendar', { validFrom: '2026-02-30' }, 'validFrom: a day as YYYY-MM-DD'],
      ['a day written otherwise', { validUntil: '30/11/2026' }, 'validUntil: a day as YYYY-MM-DD'],
      ['an unknown kind', { kind: 'ad' as NewsFields['kind'] }, 'kind: news or programme'],
    ];
    for (const [what, change, expected] of table) {
      it(`${what} → ${expected ?? 'valid'}`, () => {
        const problems = newsProblems({ ...ok, ...change } as NewsFields).map((p) => `${p.field}: ${p.message}`);
        expect(problems).to.deep.equal(expected ? [expected] : []);
      });
    }
    it('calendar days', () => {
      expect(['2026-01-01', '2028-02-29'].map(isCalendarDay)).to.deep.equal([true, true]);
      expect(['2026-02-29', '2026-13-01', '2026-1-1', ''].map(isCalendarDay)).to.deep.equal([false, false, false, false]);
    });
  });

  it('newest first: the latest first day, then the latest published', () => {
    const a = testItem({ validFrom: '2026-11-01', publishedAt: '2026-11-01T01:00:00Z' });
    const b = testItem({ validFrom: '2026-11-05' });
    const c = testItem({ validFrom: '2026-11-01', publishedAt: '2026-11-02T01:00:00Z' });
    expect(newestFirst([a, b, c]).map((i) => i.id)).to.deep.equal([b.id, c.id, a.id]);
    expect(currentNews([a, b, { ...c, status: 'draft' }], '2026-11-03').map((i) => i.id)).to.deep.equal([a.id]);
  });

  describe('the chat text', () => {
    const org: OrganisationConfig = { name: 'Công đoàn Thử nghiệm', hotline: '', address: '', officeHours: '', pageUrl: '' };

    it('each item: kind and title with its last day, one line of its text, its link; newest first', () => {
      const older = testItem({ validFrom: '2026-11-01', title: '[DỮ LIỆU THỬ] Tin cũ', kind: 'news', validUntil: undefined, link: undefined });
      const newer = testItem({ validFrom: '2026-11-10', body: 'Dòng đầu.\nDòng thứ hai không hiện.' });
      const text = newsChatText([older, newer], { locale: 'vi', organisation: org });
      expect(text).to.equal(
        [
          'Tin và chương trình đang có của Công đoàn Thử nghiệm:',
          `• Chương trình: ${newer.title} (đến 30/11/2026)\nDòng đầu.\nhttps://example.org/du-lieu-thu`,
          '• Tin: [DỮ LIỆU THỬ] Tin cũ\nNội dung mẫu để kiểm thử, không phải chương trình thật.',
        ].join('\n\n'),
      );
    });

    it(`at most ${MAX_CHAT_ITEMS} items; the rest are counted, or linked when the public page has an address`, () => {
      const items = Array.from({ length: 6 }, (_, i) => testItem({ validFrom: `2026-11-0${i + 1}` }));
      const text = newsChatText(items, { locale: 'vi', organisation: org });
      expect(text.match(/^• /gm)).to.have.length(MAX_CHAT_ITEMS);
      expect(text).to.contain(items[5]!.title).and.not.contain(items[0]!.title);
      expect(text).to.contain('Còn 2 mục khác.');
      const linked = newsChatText(items, { locale: 'vi', organisation: org, listUrl: 'https://bot.example/tin-tuc' });
      expect(linked).to.contain('Xem tất cả: https://bot.example/tin-tuc');
    });

    it('nothing current: says so, and points only to what the union configured (never an invented number)', () => {
      expect(newsChatText([], { locale: 'vi', organisation: org })).to.equal(
        'Hiện Công đoàn Thử nghiệm chưa đăng tin hay chương trình nào đang diễn ra.\nBạn có thể gõ "gặp cán bộ" để hỏi cán bộ công đoàn.',
      );
      const configured = { ...org, pageUrl: 'https://facebook.example/congdoan-thu', hotline: '0000 000 000' };
      const text = newsChatText([], { locale: 'vi', organisation: configured });
      expect(text).to.contain('https://facebook.example/congdoan-thu').and.contain('0000 000 000').and.not.contain('gặp cán bộ');
      expect(newsChatText([], { locale: 'en', organisation: org })).to.contain('has no news or programme running');
    });

    it('one line: the first line, cut on a word with an ellipsis', () => {
      expect(oneLine('Ngắn.')).to.equal('Ngắn.');
      const long = oneLine(`${'chữ '.repeat(60)}cuối`);
      expect([...long].length).to.be.at.most(120);
      expect(long.endsWith('chữ…')).to.equal(true);
      expect(formatDay('2026-01-05')).to.equal('05/01/2026');
    });
  });
});
