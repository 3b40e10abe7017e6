import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { loadKnowledgeBase } from '../../src/knowledge-base/load.js';
import { unsupportedNumbers, canonicalNumber } from '../../src/knowledge-base/numbers.js';
import { FIXTURE_KB } from '../helpers/paths.js';
import { tempDir } from '../helpers/setup.js';

function copyFixture(): string {
  const dir = tempDir('kb-');
  fs.cpSync(FIXTURE_KB, dir, { recursive: true });
  return dir;
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const full = path.join(dir, file);
  fs.writeFileSync(full, change(fs.readFileSync(full, 'utf8')));
}

const ENTRY = 'entries/wages/luong-toi-thieu.yaml';

describe('knowledge base loading', () => {
  it('loads the fixture without problems', () => {
    const { kb, problems } = loadKnowledgeBase(FIXTURE_KB, { day: '2026-11-26' });
    expect(problems).to.deep.equal([]);
    expect(kb.entries.map((e) => e.id).sort()).to.deep.equal(['luong-toi-thieu', 'nghi-phep-nam', 'nghi-thai-san']);
    expect(kb.version).to.match(/^[0-9a-f]{12}$/);
  });

  const broken: [string, (t: string) => string, RegExp, number][] = [
    ['a YAML syntax error (a key written twice)', (t) => t.replace('topic: wages', 'topic: wages\ntopic: leave'), /YAML: Map keys must be unique/, 3],
    ['a YAML syntax error (bad indentation)', (t) => t.replace('    article: 3', '  article: 3'), /YAML/, 21],
    ['a missing required field', (t) => t.replace(/^title: .*\n/m, ''), /title: Required/, 1],
    ['a wrong status', (t) => t.replace('status: published', 'status: live'), /status/, 4],
    ['a bad date', (t) => t.replace('last_checked: 2026-11-26', 'last_checked: hôm qua'), /last_checked: must be a date/, 5],
    ['an unknown related entry', (t) => t.replace('related: [nghi-thai-san]', 'related: [khong-co]'), /related entry "khong-co" does not exist/, 24],
    ['an unknown figure', (t) => t.replace('{{min_wage_region_1_monthly}} đồng', '{{luong_vung_9}} đồng'), /unknown figure \{\{luong_vung_9\}\}/, 17],
    ['a number no citation supports', (t) => t.replace('đồng (', 'đồng, tăng 7% (').replace('Lương tối thiểu tháng vùng I là', 'Từ 2026, lương tối thiểu tháng vùng I là'), /no citation of this entry supports.*2026, 7/, 17],
    ['an id that is not the file name', (t) => t.replace('id: luong-toi-thieu', 'id: luong-khac'), /must equal the file name/, 1],
    ['an unknown field', (t) => t.replace('topic: wages', 'topic: wages\nauthor: me'), /Unrecognized key/, 1],
    ['too few phrasings', (t) => t.replace(/ {2}- muc luong thap nhat vung 1\n/, ''), /at least 10 phrasings/, 7],
    ['an answer over 600 characters', (t) => t.replace('đồng ({{', `đồng. ${'x'.repeat(600)} ({{`), /at most 600/, 17],
    ['a corroborated citation without a recheck note', (t) => t.replace('    quote: "Vùng I: 5.310.000"', '    quote: "Vùng I: 5.310.000"\n    status: corroborated'), /recheck/, 20],
  ];
  for (const [name, change, message, line] of broken) {
    it(`reports ${name} with file and line`, () => {
      const dir = copyFixture();
      edit(dir, ENTRY, change);
      const { problems } = loadKnowledgeBase(dir, { day: '2026-11-26' });
      const problem = problems.find((p) => message.test(p.message));
      expect(problem, JSON.stringify(problems)).to.not.equal(undefined);
      expect(problem!.file).to.equal(ENTRY);
      expect(problem!.line).to.equal(line);
    });
  }

  it('reports a duplicate figure id with the file that defined it first', () => {
    const dir = copyFixture();
    fs.copyFileSync(path.join(dir, 'figures/wage.yaml'), path.join(dir, 'figures/wage-copy.yaml'));
    const { problems } = loadKnowledgeBase(dir, { day: '2026-11-26' });
    expect(problems.some((p) => p.file === 'figures/wage.yaml' && /already defined in figures\/wage-copy.yaml/.test(p.message))).to.equal(true);
  });

  it('reports overlapping figure values', () => {
    const dir = copyFixture();
    edit(dir, 'figures/wage.yaml', (t) => t.replace('until: 2025-12-31', 'until: 2026-03-01'));
    const { problems } = loadKnowledgeBase(dir, { day: '2026-11-26' });
    expect(problems.map((p) => p.message).join('\n')).to.match(/overlaps/);
  });

  const brokenIntents: [string, string, RegExp, number][] = [
    ['an unknown intent', 'intent: personal_records\nexamples:\n  - ho so cua em sao roi\n', /intent: Invalid enum value/, 1],
    ['an empty example', 'intent: urgent\nexamples:\n  - cuu em voi\n  - ""\n', /examples.1: must not be empty/, 4],
    ['a YAML syntax error', 'intent: urgent\nexamples:\n  - cuu em voi\n - xuong chay\n', /YAML/, 4],
  ];
  for (const [name, text, message, line] of brokenIntents) {
    it(`reports ${name} in an intent file with file and line`, () => {
      const dir = copyFixture();
      fs.mkdirSync(path.join(dir, 'intents'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'intents', 'bad.yaml'), text);
      const { problems } = loadKnowledgeBase(dir, { day: '2026-11-26' });
      const problem = problems.find((p) => message.test(p.message));
      expect(problem, JSON.stringify(problems)).to.not.equal(undefined);
      expect(problem!.file).to.equal(path.join('intents', 'bad.yaml'));
      expect(problem!.line).to.equal(line);
    });
  }

  it('loads intent examples and counts them in the version', () => {
    const dir = copyFixture();
    const before = loadKnowledgeBase(dir, { day: '2026-11-26' }).kb;
    fs.mkdirSync(path.join(dir, 'intents'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'intents', 'urgent.yaml'), 'intent: urgent\nexamples:\n  - cuu em voi xuong dang chay\n  - 110\n');
    const { kb, problems } = loadKnowledgeBase(dir, { day: '2026-11-26' });
    expect(problems).to.deep.equal([]);
    expect(kb.intentExamples).to.deep.equal([
      { intent: 'urgent', text: 'cuu em voi xuong dang chay' },
      { intent: 'urgent', text: '110' },
    ]);
    expect(kb.version).to.not.equal(before.version);
  });

  it('a figure with no value on the day is reported for entries that use it', () => {
    const { problems } = loadKnowledgeBase(FIXTURE_KB, { day: '2020-01-01' });
    expect(problems.map((p) => p.message).join('\n')).to.match(/no value of figure "min_wage_region_1_monthly" is in force on 2020-01-01/);
  });
});

describe('the figure check', () => {
  const citations = [{ law: 'Bộ luật Lao động 45/2019/QH14', article: '35', clause: '1', quote: 'ít nhất 45 ngày … 03 ngày làm việc … 150%', status: 'verified' as const }];
  it('accepts numbers that the citation supports, however written', () => {
    expect(unsupportedNumbers('Báo trước 45 ngày, hoặc 3 ngày làm việc; lương 150% (Điều 35 khoản 1, Bộ luật 2019)', citations)).to.deep.equal([]);
  });
  it('accepts figures given as placeholders', () => {
    expect(unsupportedNumbers('Vùng I: {{min_wage_region_1_monthly}} đồng', citations)).to.deep.equal([]);
  });
  it('rejects a typed number the citation does not contain', () => {
    expect(unsupportedNumbers('Báo trước 30 ngày', citations)).to.deep.equal(['30']);
  });
  it('canonicalises Vietnamese number writing', () => {
    expect(canonicalNumber('5.310.000')).to.equal('5310000');
    expect(canonicalNumber('06')).to.equal('6');
    expect(canonicalNumber('0,5')).to.equal('0.5');
    expect(canonicalNumber('1.5')).to.equal('1.5');
  });
});
