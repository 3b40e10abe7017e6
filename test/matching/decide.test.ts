import { expect } from 'chai';
import { analyse } from '../../src/matching/analyse.js';
import { buildAbbreviationTable } from '../../src/matching/abbreviations.js';
import { decideFromMatch, intentDecision } from '../../src/matching/decide.js';
import { FEATURES, type CandidateFeatures, type MatchResult } from '../../src/matching/matcher.js';
import { smalltalkKind } from '../../src/matching/intents.js';

/** A match with one candidate and the given intent probabilities (only what decideFromMatch reads). */
function matchWith(personalRecord: number, personalRecordVsEntries = 0): MatchResult {
  const features = Object.fromEntries(FEATURES.map((f) => [f, 0.5])) as CandidateFeatures;
  return {
    candidates: [{ entryId: 'so-bhxh', score: 0.6, logit: 0.4, features }],
    analysed: analyse('sổ bhxh của em', buildAbbreviationTable(new Map())),
    intents: { legal_question: 1 - personalRecord, other: 0, personal_record: personalRecord, ask_for_person: 0, urgent: 0 },
    noEntry: 0,
    personalRecord: personalRecordVsEntries,
  };
}
// An answerability model that always gives 0.5, so the answer threshold alone decides.
const half = { bias: 0, weights: [] };

describe('decision when the matcher is unsure', () => {
  const text = 'sổ bhxh của em';

  it("a labour message that reads like a question about the worker's own case goes to a person, told the true reason: the bot is not sure", () => {
    const d = decideFromMatch(text, matchWith(0.5), false, { answer: 0.9, clarify: 0.3, personalRecordIfUnsure: 0.4 }, half);
    expect(d).to.include({ outcome: 'handoff', handoffReason: 'unsure' });
  });

  it('a message with no labour word is never handed over that way', () => {
    const d = decideFromMatch('ad ăn cơm chưa', matchWith(0.9), false, { answer: 0.9, clarify: 0.3, personalRecordIfUnsure: 0.4 }, half);
    expect(d.outcome).to.not.equal('handoff');
  });

  it('below that probability, or without the threshold, the worker is asked to choose as before', () => {
    expect(decideFromMatch(text, matchWith(0.3), false, { answer: 0.9, clarify: 0.3, personalRecordIfUnsure: 0.4 }, half).outcome).to.equal('clarify');
    expect(decideFromMatch(text, matchWith(0.9), false, { answer: 0.9, clarify: 0.3 }, half).outcome).to.equal('clarify');
  });

  it('a message the matcher is sure of is answered, whatever that probability', () => {
    const d = decideFromMatch(text, matchWith(0.5), false, { answer: 0.4, clarify: 0.3, personalRecordIfUnsure: 0.4 }, half);
    expect(d).to.include({ outcome: 'answer', entryId: 'so-bhxh' });
  });
});

describe('hand-off before matching', () => {
  const th = { ask_for_person: 0.6, urgent: 0.6 };
  const text = 'cty cu co dong bhtn cho e khong';

  it("the learned classifiers alone never decide that a message needs the worker's records (most such hand-offs were general questions)", () => {
    expect(intentDecision(text, matchWith(0.9, 0.9), th)).to.equal(undefined);
  });

  it('a hand-written personal-record pattern still does, and says so', () => {
    expect(intentDecision('hồ sơ thất nghiệp của em duyệt chưa ạ', matchWith(0.1, 0.1), th)).to.include({
      outcome: 'handoff',
      handoffReason: 'personal_record',
    });
  });

  it('a request for a person goes to a person with reason "asked"', () => {
    expect(intentDecision('cho em gặp cán bộ công đoàn', matchWith(0.1, 0.1), th)).to.include({ outcome: 'handoff', handoffReason: 'asked' });
  });
});

describe('small talk', () => {
  it('a greeting alone, or a greeting with "may I ask", is small talk', () => {
    for (const t of ['chào ad', 'ad ơi', 'chào ad, cho em hỏi chút', 'alo ad oi co ai khong']) expect(smalltalkKind(t), t).to.equal('hello');
  });

  it('a greeting in front of a request is not: the request is read', () => {
    for (const t of ['ad ơi check vssid giúp em với', 'ad oi vu cua e toi dau roi', 'chào ad, hồ sơ của em bao giờ có kết quả'])
      expect(smalltalkKind(t), t).to.equal(undefined);
  });
});
