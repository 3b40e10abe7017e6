/** Canned replies' placeholders and search (src/console/canned.ts). */
import { expect } from 'chai';
import { fillPlaceholders, placeholderValues, searchCanned, UNNAMED_WORKER } from '../../src/console/canned.js';

const organisation = { name: 'Công đoàn KCN', hotline: '1900 6868', address: '12 Trần Phú', officeHours: '', pageUrl: '' };

describe('canned replies', () => {
  it('fills the worker’s name (or "anh/chị"), the officer, the hotline, the address; leaves unknown placeholders as typed', () => {
    const text = 'Chào {{ten_nguoi_lao_dong}}, {{ ten_can_bo }} đây. Gọi {{hotline}}, đến {{dia_chi}} ({{ten_to_chuc}}). {{khac}}';
    expect(fillPlaceholders(text, placeholderValues({ workerName: 'chị Hạnh', officerName: 'Chị Lan', organisation }))).to.equal(
      'Chào chị Hạnh, Chị Lan đây. Gọi 1900 6868, đến 12 Trần Phú (Công đoàn KCN). {{khac}}',
    );
    expect(fillPlaceholders('Chào {{ten_nguoi_lao_dong}}', placeholderValues({ workerName: '  ', officerName: 'Lan', organisation }))).to.equal(
      `Chào ${UNNAMED_WORKER}`,
    );
    expect(fillPlaceholders('Gọi {{hotline}}', placeholderValues({ officerName: 'Lan', organisation: { ...organisation, hotline: '' } }))).to.equal('Gọi ');
  });

  it('searches titles and texts without diacritics; an empty query lists them all', () => {
    const reply = (id: string, title: string, text: string) => ({ id, title, text, createdBy: 'x', createdAt: '', updatedAt: '' });
    const replies = [reply('1', 'Chào hỏi', 'Chào {{ten_nguoi_lao_dong}}'), reply('2', 'Nợ lương', 'Chuẩn bị bảng lương và hợp đồng')];
    expect(searchCanned(replies, 'no luong').map((r) => r.id)).to.deep.equal(['2']);
    expect(searchCanned(replies, 'hop dong').map((r) => r.id)).to.deep.equal(['2']);
    expect(searchCanned(replies, '').map((r) => r.id)).to.deep.equal(['1', '2']);
  });
});
