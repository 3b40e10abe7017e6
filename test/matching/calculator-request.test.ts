import { expect } from 'chai';
import { calculatorRequested } from '../../src/matching/calculator-request.js';

describe('a worker asking the bot to compute (calculatorRequested)', () => {
  const table: [string, string | undefined][] = [
    ['tính trợ cấp thôi việc giúp em', 'severance'],
    ['tinh giup em tro cap thoi viec voi a', 'severance'],
    ['ad ơi tính hộ em tiền làm thêm giờ ngày chủ nhật', 'overtime'],
    ['tinh tien tang ca ngay le', 'overtime'],
    ['tính giúp em trợ cấp thất nghiệp được bao nhiêu', 'unemployment'],
    ['tinh xem bao gio em duoc nghi huu, tuoi nghi huu cua em', 'retirement'],
    ['tính tiền thai sản giúp em', 'maternity'],
    ['tinh giup em bhxh 1 lan', 'si-lump-sum'],
    ['tính trợ cấp mất việc làm', 'job-loss'],
    ['ad ơi tính trợ cấp thất nghiệp cho em với', 'unemployment'],
    // how it is calculated, or the worker's own sum: the knowledge base answers (with a button)
    ['trợ cấp thôi việc tính theo lg bình quân mấy tháng cuối vậy ad', undefined],
    ['tang ca sau 10 gio dem tinh luong the nao', undefined],
    ['Em tính lương tăng ca tháng 10 của em: lương 5,5tr, công ty trả 1tr6, vậy đúng không', undefined],
    ['trợ cấp mất việc có tính mấy năm đã đóng bh thất nghiệp ko ad', undefined],
    ['tinh giup em tro cap thoi viec the nao', undefined],
    // asking about it, not asking to compute
    ['trợ cấp thôi việc là gì', undefined],
    ['tro cap that nghiep can ho so gi', undefined],
    // "tỉnh" (province), not "tính"
    ['em o tinh bac ninh, tro cap thoi viec the nao', undefined],
    ['tỉnh nào có lương tối thiểu vùng 1', undefined],
    ['tính lương tối thiểu vùng', undefined], // no calculator for it: the knowledge base answers
  ];
  for (const [text, expected] of table) {
    it(`"${text}" → ${expected ?? 'none'}`, () => expect(calculatorRequested(text)).to.equal(expected));
  }
});
