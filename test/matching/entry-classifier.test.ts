import { expect } from 'chai';
import { buildAbbreviationTable } from '../../src/matching/abbreviations.js';
import { analyse } from '../../src/matching/analyse.js';
import { EntryClassifier } from '../../src/matching/entry-classifier.js';

const table = buildAbbreviationTable(
  new Map([
    ['cty', 'cong ty'],
    ['ko', 'khong'],
  ]),
);
// The classifier works on term ids; number the terms as they come.
const ids = new Map<string, number>();
const terms = (text: string) => [...new Set(analyse(text, table).terms)].map((t) => ids.get(t) ?? ids.set(t, ids.size).get(t)!);

// Two neighbours that share most words ("báo trước", "nghỉ việc", "ngày") and differ in who ends the contract.
const entries: string[][] = [
  [
    'công ty cho em nghỉ việc thì phải báo trước bao nhiêu ngày',
    'cty đuổi việc có phải báo trước không',
    'công ty chấm dứt hợp đồng với người lao động phải báo trước mấy ngày',
    'sếp cho nghỉ việc mà không báo trước thì sao',
    'công ty muốn cắt hợp đồng của em thì báo trước bao lâu',
  ],
  [
    'em muốn nghỉ việc thì phải báo trước bao nhiêu ngày',
    'tự xin nghỉ việc có cần báo trước không',
    'người lao động nghỉ việc phải báo trước mấy ngày',
    'em nghỉ ngang không báo trước thì sao',
    'em muốn xin thôi việc thì báo trước bao lâu',
  ],
  ['lương tối thiểu vùng 1 là bao nhiêu', 'mức lương thấp nhất vùng 2', 'lương tối thiểu năm nay tăng chưa'],
];
const examples = entries.flatMap((phrasings, entry) => phrasings.map((p) => ({ entry, terms: terms(p) })));
const termCount = ids.size;
const known = (text: string) => terms(text).filter((id) => id < termCount);

describe('entry classifier', () => {
  const classifier = new EntryClassifier(entries.length, termCount, examples);

  it('tells neighbouring entries apart by the words that differ', () => {
    expect(classifier.scores(known('cty cho tôi nghỉ thì báo trước mấy ngày')).best(1)).to.deep.equal([0]);
    expect(classifier.scores(known('tôi tự nghỉ việc thì báo trước mấy ngày')).best(1)).to.deep.equal([1]);
    expect(classifier.scores(known('luong toi thieu vung 2 bao nhieu')).best(1)).to.deep.equal([2]);
  });

  it('gives probabilities over every entry that sum to one, also for entries no word points to', () => {
    const scores = classifier.scores(known('lương tối thiểu'));
    const total = [0, 1, 2].reduce((sum, e) => sum + scores.probability(e), 0);
    expect(total).to.be.closeTo(1, 1e-9);
    expect(scores.probability(2)).to.be.greaterThan(scores.probability(0));
  });

  it('a message with no known word prefers no entry', () => {
    const scores = classifier.scores(known('xin chào'));
    expect(scores.probability(0)).to.be.closeTo(1 / 3, 1e-9);
    expect(scores.best(3)).to.deep.equal([]);
  });

  it('learns the same model from the same examples', () => {
    const again = new EntryClassifier(entries.length, termCount, examples);
    const message = known('công ty báo trước mấy ngày');
    const a = classifier.scores(message);
    const pa = [0, 1, 2].map((e) => a.probability(e));
    const b = again.scores(message);
    expect([0, 1, 2].map((e) => b.probability(e))).to.deep.equal(pa);
  });
});
