/**
 * The editor's form ↔ the YAML text (knowledge-base/entry-form.ts): what the form did not change stays as
 * written — comments, order, layout — so that a console edit reviews in git as the lines it changed.
 */
import { expect } from 'chai';
import path from 'node:path';
import { toDocuments } from '../../src/knowledge-base/documents.js';
import { fieldsOf, textWith } from '../../src/knowledge-base/entry-form.js';
import { readKbFolder } from '../../src/knowledge-base/files.js';
import { lineDiff } from '../../src/console/line-diff.js';
import { ROOT } from '../helpers/paths.js';

const changed = (before: string, after: string) => lineDiff(before, after).filter((l) => l.op !== ' ');

describe('the editor form ↔ YAML (issue 16 item 1)', () => {
  const docs = toDocuments(readKbFolder(path.join(ROOT, 'knowledge-base'))).filter((d) => d.kind !== 'file');

  it('every shipped entry and figure: the fields read from the text write the same text back', () => {
    for (const doc of docs) expect(textWith(doc.text, doc.kind, fieldsOf(doc.text, doc.kind)!), doc.path).to.equal(doc.text);
  });

  it('changing one field changes only its lines; a removed optional field goes; comments stay', () => {
    const text = '# why this entry exists\nid: a\ntitle: Cũ\n# the answer\nanswer: |\n  Trả lời.\nmore: Thêm.\nrelated: [b, c]\n';
    const fields = fieldsOf(text, 'entry')!;
    expect(changed(text, textWith(text, 'entry', { ...fields, title: 'Mới' }))).to.deep.equal([
      { op: '-', text: 'title: Cũ' },
      { op: '+', text: 'title: Mới' },
    ]);
    const { more: _more, ...withoutMore } = fields;
    const without = textWith(text, 'entry', withoutMore);
    expect(without).to.not.contain('more:');
    expect(without).to.contain('# why this entry exists').and.contain('# the answer').and.contain('related: [b, c]');
  });

  it('a figure: a new dated row is added under the same key, the figure’s comment kept; a renamed id is written as a new text', () => {
    const text = '# Nghị định 73/2024\nbase_salary:\n  label: Lương cơ sở\n  unit: đồng/tháng\n  values:\n    - { value: 2340000, from: 2024-07-01, source: "NĐ 73/2024" }\n';
    const fields = fieldsOf(text, 'figure')!;
    expect(fields).to.deep.include({ id: 'base_salary', label: 'Lương cơ sở' });
    const rows = [{ ...(fields.values as object[])[0], until: '2026-06-30' }, { value: 2530000, from: '2026-07-01', source: 'NĐ mới' }];
    const after = textWith(text, 'figure', { ...fields, values: rows });
    expect(after.startsWith('# Nghị định 73/2024\nbase_salary:\n')).to.equal(true);
    expect(fieldsOf(after, 'figure')!.values).to.deep.equal(rows);
    expect(fieldsOf(textWith(text, 'figure', { ...fields, id: 'other' }), 'figure')).to.deep.include({ id: 'other' });
  });

  it('text that is not a YAML object has no fields', () => {
    expect(fieldsOf('- a\n- b\n', 'entry')).to.equal(undefined);
    expect(fieldsOf('a: [', 'entry')).to.equal(undefined);
  });
});
