import { expect } from 'chai';
import { compactCitations, composeAnswer, mergeArticles, shortLawName } from '../../src/conversation/compose.js';
import { translator } from '../../src/i18n.js';
import { loadKnowledgeBase } from '../../src/knowledge-base/load.js';
import { REAL_KB } from '../helpers/paths.js';

const DAY = '2026-12-06';

describe('answers fit one phone screen, with one compact legal basis', () => {
  it('merges articles and collapses ranges: 9, 13, 14, 39–41, 46', () => {
    expect(mergeArticles(['46', '41', '39', '40', '9', '13', '14'])).to.deep.equal(['9', '13', '14', '39–41', '46']);
    expect(mergeArticles(['5', '7', '5'])).to.deep.equal(['5', '7']);
  });

  it('names each law once, by a short name, whatever spelling the entries use', () => {
    const line = compactCitations(
      [
        { law: 'Luật Bảo hiểm xã hội 41/2024/QH15 (VBHN 19/VBHN-VPQH)', article: '39', status: 'verified' },
        { law: 'Luật Bảo hiểm xã hội 41/2024/QH15', article: '40', status: 'verified' },
        { law: 'Luật Bảo hiểm xã hội 41/2024/QH15 (VBHN 19/VBHN-VPQH; sửa đổi bởi Luật Dân số 113/2025/QH15)', article: '41', status: 'verified' },
        { law: 'Nghị định 145/2020/NĐ-CP', article: '8', status: 'verified' },
      ],
      'vi',
    );
    expect(line).to.equal('Luật BHXH 2024: Điều 39–41; NĐ 145/2020: Điều 8');
    expect(shortLawName('Luật số 97/2025/QH15 sửa đổi, bổ sung một số điều của Luật Mặt trận Tổ quốc Việt Nam, Luật Công đoàn, Luật Thanh niên và Luật Thực hiện dân chủ ở cơ sở')).to.equal('Luật 97/2025/QH15');
  });

  it('every published answer with its legal basis, whom it covers and its date is at most 700 characters, and no law is named twice', () => {
    const { kb } = loadKnowledgeBase(REAL_KB, { day: DAY });
    const t = translator('vi');
    const organisation = { name: 'Công đoàn', hotline: '', address: '', officeHours: '', pageUrl: '' };
    const tooLong: string[] = [];
    const repeated: string[] = [];
    for (const e of kb.entries.filter((x) => x.status === 'published')) {
      const { text } = composeAnswer(e, { day: DAY, figures: kb.figures, organisation, locale: 'vi', t });
      // The two fixed footers (general-information and awaiting-check notes) are the same under every answer.
      const screen = text.replace(t('personalNote'), '').replace(t('corroboratedNote'), '').trim();
      if (screen.length > 700) tooLong.push(`${e.id}: ${screen.length}`);
      const basis = text.split('\n').find((l) => l.startsWith(`${t('sourcesLabel')}:`)) ?? '';
      const names = basis.slice(t('sourcesLabel').length + 1).split('; ').map((p) => p.split(':')[0]!.trim());
      if (new Set(names).size !== names.length) repeated.push(`${e.id}: ${basis}`);
    }
    expect(repeated).to.deep.equal([]);
    expect(tooLong).to.deep.equal([]);
  });
});
