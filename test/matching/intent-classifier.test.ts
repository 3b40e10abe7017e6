import { expect } from 'chai';
import { buildAbbreviationTable } from '../../src/matching/abbreviations.js';
import { IntentClassifier, intentFeatures, type IntentExample } from '../../src/matching/intent-classifier.js';
import { loadKnowledgeBase, servableEntries } from '../../src/knowledge-base/load.js';
import { REAL_KB } from '../helpers/paths.js';

describe('intent classifier', () => {
  it('reads words, word pairs and how a message ends; ids and phone numbers become one token', () => {
    const table = buildAbbreviationTable(new Map([['hs', 'ho so']]));
    const f = intentFeatures('HS của em duyệt chưa? 0912345678', table);
    expect(f).to.include.members(['ho', 'so', 'ho so', 'cua em', 'duyet chua', '#id', '$chua #id']);
  });

  describe('trained on the shipped knowledge base', function () {
    this.timeout(30_000);
    const { kb } = loadKnowledgeBase(REAL_KB, { day: '2026-11-26' });
    const legal: IntentExample[] = servableEntries(kb, '2026-11-26').flatMap((e) => e.phrasings.map((text) => ({ intent: 'legal_question' as const, text })));
    const classifier = new IntentClassifier([...kb.intentExamples, ...legal], buildAbbreviationTable(kb.abbreviations));
    const best = (text: string) => Object.entries(classifier.classify(text)).sort((a, b) => b[1] - a[1])[0]![0];

    // Messages written for this test, not taken from the examples or from the evaluation set.
    const cases: [string, string][] = [
      ['chi oi ho so huong che do om cua em nop tu dau thang sao toi gio van chua thay gi', 'personal_record'],
      ['nho ad coi giup so bhxh cua em cty da chot chua', 'personal_record'],
      ['cho mình nói chuyện trực tiếp với cán bộ công đoàn được không', 'ask_for_person'],
      ['anh trong tổ em vừa bị máy ép kẹp tay đang chảy máu nhiều lắm', 'urgent'],
      ['làm thêm vào ngày chủ nhật được trả bao nhiêu phần trăm lương', 'legal_question'],
      ['tối nay đội tuyển việt nam đá mấy giờ vậy', 'other'],
    ];
    for (const [text, intent] of cases) it(`"${text}" → ${intent}`, () => expect(best(text)).to.equal(intent));

    it('gives probabilities that sum to one', () => {
      const p = classifier.classify('lương tối thiểu vùng 1');
      expect(Object.values(p).reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-9);
    });
  });
});
