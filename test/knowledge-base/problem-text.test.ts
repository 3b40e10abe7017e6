/** The knowledge base's problems in Vietnamese for editors (problem-text.ts), from the loader's real messages. */
import path from 'node:path';
import { expect } from 'chai';
import { loadKnowledgeBaseFiles } from '../../src/knowledge-base/load.js';
import { readKbFolder } from '../../src/knowledge-base/files.js';
import { vietnameseProblem } from '../../src/knowledge-base/problem-text.js';
import { FIXTURE_KB } from '../helpers/paths.js';

describe('knowledge-base problems in Vietnamese (issue 16 item 1)', () => {
  const files = readKbFolder(FIXTURE_KB);
  const entryPath = 'entries/leave/nghi-phep-nam.yaml';
  const entry = files.find((f) => f.path === entryPath)!.text;
  const problemsWith = (text: string) =>
    loadKnowledgeBaseFiles(
      files.map((f) => (f.path === entryPath ? { ...f, text } : f)),
      { day: '2026-11-26' },
    ).problems.map((p) => p.message);

  const cases: [string, string, RegExp][] = [
    ['a number no citation supports', entry.replace('12 ngày làm việc', '12 ngày làm việc, phạt 987654321 đồng'), /có số không trích dẫn nào .*987654321/],
    ['no citation', entry.replace(/citations:[\s\S]*?(?=\n[a-z_]+:|$)/, 'citations: []'), /ít nhất một văn bản pháp luật/],
    ['an unknown figure', entry.replace('12 ngày làm việc', '{{khong_co}} ngày làm việc'), /Không có số liệu \{\{khong_co\}\}/],
    ['a related entry that does not exist', `${entry.trimEnd()}\nrelated: [khong-co-bai-nay]\n`, /Bài liên quan "khong-co-bai-nay" không có/],
    ['a field the format does not have', `${entry.trimEnd()}\nghi_chu: x\n`, /Trường không có trong mẫu bài .*ghi_chu/],
    ['a bad date', entry.replace(/last_checked:.*/, 'last_checked: 26/11/2026'), /NĂM-THÁNG-NGÀY/],
    ['a title too long', entry.replace(/title:.*/, `title: ${'Rất dài '.repeat(12)}`), /Tiêu đề tối đa 80 ký tự/],
    ['broken YAML', `${entry}\n  : : [`, /Lỗi cú pháp YAML/],
  ];
  for (const [name, text, expected] of cases) {
    it(`${name}: the loader's message has a Vietnamese wording with its facts`, () => {
      const messages = problemsWith(text);
      expect(messages, name).to.not.be.empty;
      expect(messages.map(vietnameseProblem).join('\n')).to.match(expected);
    });
  }

  it('a figure row without an end before a later row, in Vietnamese; an unknown message is shown as it is', () => {
    expect(vietnameseProblem('figure "base_salary": value 2340000 from 2024-07-01 has no "until" but a later value starts 2026-07-01')).to.equal(
      'Số liệu "base_salary": dòng 2340000 từ 2024-07-01 chưa có ngày kết thúc, trong khi dòng sau bắt đầu 2026-07-01.',
    );
    expect(vietnameseProblem('something new')).to.equal('something new');
  });

  it('every problem of the shipped knowledge base with its citations removed reads in Vietnamese', () => {
    const shipped = readKbFolder(path.join(FIXTURE_KB, '..', '..', '..', 'knowledge-base'));
    const broken = shipped.map((f) => (f.path.startsWith('entries/') ? { ...f, text: f.text.replace(/^citations:/m, 'citations: []\nold_citations:') } : f));
    const messages = loadKnowledgeBaseFiles(broken, { day: '2026-12-06' }).problems.map((p) => p.message);
    expect(messages.length).to.be.greaterThan(100);
    const untranslated = messages.filter((m) => vietnameseProblem(m) === m);
    expect(untranslated).to.deep.equal([]);
  });
});
