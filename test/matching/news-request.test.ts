import path from 'node:path';
import { expect } from 'chai';
import { loadDataset, loadRealDataset } from '../../src/evaluation/dataset.js';
import { loadKnowledgeBase } from '../../src/knowledge-base/load.js';
import { newsRequested } from '../../src/matching/news-request.js';
import { REAL_KB, ROOT } from '../helpers/paths.js';

describe('a worker asking for the union news and programmes (newsRequested)', () => {
  const asks = [
    'công đoàn có chương trình gì không',
    'có tin gì mới không ad',
    'cd co chuong trinh ho tro gi k',
    'tin tuc cong doan',
    'Tin tức công đoàn',
    'any union news?',
    "what's new?",
    'cong doan co chuong trih gi ko', // a typo
    'cđ có ctr gì mới ko ad',
    'hôm nay cđ có tin j hot k',
    'Công đoàn có hoạt động gì tháng này không',
    'có chương trình ưu đãi nào cho đoàn viên không ạ',
    'cho em xem bản tin công đoàn với',
    'Are there any union programmes for members?',
  ];
  for (const text of asks) it(`takes "${text}"`, () => expect(newsRequested(text)).to.equal(true));

  const notAsks = [
    // about something in particular: the knowledge base answers
    'Công đoàn chăm lo đời sống đoàn viên bằng những chương trình nào?',
    'cđ mình có chương trình phúc lợi riêng j cho đoàn viên ko, hỏi ai v ad',
    'lương tối thiểu có gì mới',
    'công đoàn hoạt động thế nào',
    'Công đoàn có hỗ trợ gì khi đoàn viên gặp hoạn nạn, ốm đau?',
    // a newspaper, or news from elsewhere
    'Báo Lao Động hôm nay có tin gì mới',
    'tin tức đình công ở Pháp hôm nay',
    "what's the news on the minimum wage?",
    // no news or programme named
    'công đoàn ơi',
    'cho em gặp cán bộ',
    '',
  ];
  for (const text of notAsks) it(`leaves "${text}"`, () => expect(newsRequested(text)).to.equal(false));

  // The detector runs before the knowledge base: it must take no message the knowledge base should answer.
  it('takes no dev evaluation message labelled with a knowledge-base entry', () => {
    const dev = [...loadRealDataset(path.join(ROOT, 'eval/real')).filter((q) => q.split === 'dev'), ...loadDataset(path.join(ROOT, 'eval/queries'))];
    expect(dev.length).to.be.greaterThan(1000);
    // Messages it may take although an entry is also a right answer, each with the reason.
    const allowed = new Map<string, string>([]);
    const taken = dev.filter((q) => q.accept.length > 0 && newsRequested(q.q) && !allowed.has(q.q)).map((q) => `${q.file}:${q.line} ${q.q}`);
    expect(taken).to.deep.equal([]);
  });

  it('takes no phrasing of a knowledge-base entry', () => {
    const { kb } = loadKnowledgeBase(REAL_KB, { day: '2026-12-06' });
    const phrasings = kb.entries.flatMap((e) => [...e.phrasings, ...(e.en?.phrasings ?? [])].map((p) => `${e.id}: ${p}`));
    expect(phrasings.length).to.be.greaterThan(500);
    expect(phrasings.filter((p) => newsRequested(p.slice(p.indexOf(': ') + 2)))).to.deep.equal([]);
  });
});
