import { expect } from 'chai';
import { buildMatcher } from '../../src/knowledge-base/build-matcher.js';
import { loadKnowledgeBase } from '../../src/knowledge-base/load.js';
import { Matcher, type MatcherData } from '../../src/matching/matcher.js';
import { REAL_KB } from '../helpers/paths.js';

/** Every value reachable from `value` that is not an array, a typed array, a plain object or a primitive. */
function nonPlain(value: unknown, at = 'data'): string[] {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? [at] : [];
  if (ArrayBuffer.isView(value)) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonPlain(v, `${at}[${i}]`));
  if (Object.getPrototypeOf(value) !== Object.prototype) return [`${at} (${value.constructor.name})`];
  return Object.entries(value).flatMap(([k, v]) => nonPlain(v, `${at}.${k}`));
}

const QUESTIONS = [
  'lương tối thiểu vùng 1 là bao nhiêu',
  'luong toi thieu vung 1 la bao nhieu', // without diacritics
  'cty ko tra luong 3 thang thi lam sao', // abbreviations
  'nghi phep namm duoc bao nhieu ngayy', // typos: the spelling index
  'how many days of annual leave do I get', // English
  'hồ sơ thai sản của em duyệt chưa', // the worker's own records: the intent classifier
  'cho em gặp người thật', // asks for a person
  'giá vàng hôm nay', // not a labour question
  'em làm công nhân may được 3 năm rồi, tháng này công ty nợ lương, em muốn nghỉ việc thì phải báo trước bao lâu và có được trợ cấp không',
  '',
];

describe('a matcher as plain data (toData / fromData: how a matcher built in a worker thread comes back)', function () {
  this.timeout(60_000);
  const day = '2026-12-06';
  let original: Matcher;
  let data: MatcherData;

  before(() => {
    const { kb } = loadKnowledgeBase(REAL_KB, { day });
    original = buildMatcher(kb, day);
    data = original.toData();
  });

  it('is plain data: arrays, typed arrays, plain objects and primitives — no class instance, no Map, no function', () => {
    expect(nonPlain(data)).to.deep.equal([]);
  });

  it('a matcher rebuilt from its data, after a structured clone (what postMessage does), answers every question exactly like the original', () => {
    const rebuilt = Matcher.fromData(structuredClone(data));
    // Twice round, alternating: the working arrays are cleared between messages in both.
    for (const round of [1, 2])
      for (const q of QUESTIONS) {
        expect(rebuilt.match(q), `${round}: ${q}`).to.deep.equal(original.match(q));
      }
    expect(rebuilt.match(QUESTIONS[0]!).candidates[0]!.entryId).to.equal('luong-toi-thieu-vung');
  });

  it('its data is the same data again (nothing lost or added on the way)', () => {
    expect(Matcher.fromData(structuredClone(data)).toData()).to.deep.equal(data);
  });
});
