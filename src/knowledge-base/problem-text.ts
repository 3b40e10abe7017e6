/**
 * The knowledge base's problems in Vietnamese, for the editors' console. The loader's messages stay in
 * English (kb:validate's output, what developers and the tests read); each known message shape has a
 * Vietnamese wording here, with the same facts filled in. An unknown shape is shown as it is.
 */

type Rule = [RegExp, (m: RegExpExecArray) => string];

const FIELD_NAMES: Record<string, string> = {
  answer: 'Câu trả lời',
  more: 'Phần "Xem thêm"',
  'en.answer': 'Câu trả lời tiếng Anh',
  'en.more': 'Phần "Xem thêm" tiếng Anh',
};
const fieldName = (field: string) => FIELD_NAMES[field] ?? field;

const RULES: Rule[] = [
  [/^(\S+) has numbers that no citation of this entry supports and that are not \{\{figures\}\}: (.+)$/, (m) =>
    `${fieldName(m[1]!)} có số không trích dẫn nào của bài này nêu và không phải số liệu {{...}}: ${m[2]}. Hãy thêm đoạn trích có số đó vào trích dẫn, hoặc dùng số liệu.`],
  [/^(\S+) is (\d+) characters on (\S+); at most (\d+)$/, (m) => `${fieldName(m[1]!)} dài ${m[2]} ký tự (ngày ${m[3]}, sau khi điền số liệu); tối đa ${m[4]}.`],
  [/^a published entry needs at least 10 phrasings \(has (\d+)\)$/, (m) => `Bài đã xuất bản cần ít nhất 10 cách hỏi (đang có ${m[1]}).`],
  [/^at least 2 phrasings must be written without diacritics, as workers often type \(has (\d+)\)$/, (m) =>
    `Cần ít nhất 2 cách hỏi viết không dấu, như người lao động hay gõ (đang có ${m[1]}).`],
  [/^citations: every entry cites at least one legal source$/, () => 'Mỗi bài phải trích dẫn ít nhất một văn bản pháp luật.'],
  [/^(\S+): a corroborated citation needs a "recheck" note saying what to check$/, () => 'Trích dẫn "chưa đối chiếu đủ" cần ghi chú phải kiểm tra lại điều gì.'],
  [/^(\S+): must not be empty$/, (m) => `Trường ${m[1]} không được để trống.`],
  [/^(\S+): must be a date written YYYY-MM-DD$/, (m) => `Trường ${m[1]} phải là ngày dạng NĂM-THÁNG-NGÀY (ví dụ 2026-07-01).`],
  [/^title: title must be at most 80 characters$/, () => 'Tiêu đề tối đa 80 ký tự.'],
  [/^phrasings: needs at least one phrasing$/, () => 'Cần ít nhất một cách hỏi.'],
  [/^id: id must be lower-case ascii words joined by "-"$/, () => 'Mã bài chỉ gồm chữ thường không dấu và số, nối bằng "-".'],
  [/^id "(.+)" must equal the file name "(.+)"$/, (m) => `Mã bài "${m[1]}" phải trùng tên tệp "${m[2]}".`],
  [/^id "(.+)" is already used by (.+)$/, (m) => `Mã bài "${m[1]}" đã được dùng ở ${m[2]}.`],
  [/^related entry "(.+)" does not exist$/, (m) => `Bài liên quan "${m[1]}" không có.`],
  [/^an entry cannot be related to itself$/, () => 'Một bài không thể liên quan đến chính nó.'],
  [/^unknown figure \{\{(.+)\}\}$/, (m) => `Không có số liệu {{${m[1]}}}.`],
  [/^unknown figure field \{\{(.+)\}\} \(only \.source\)$/, (m) => `Không có trường {{${m[1]}}} (chỉ có .source).`],
  [/^unknown organisation field \{\{org\.(.+)\}\} \(known: (.+)\)$/, (m) => `Không có thông tin tổ chức {{org.${m[1]}}} (có: ${m[2]}).`],
  [/^no value of figure "(.+)" is in force on (\S+)$/, (m) => `Số liệu "${m[1]}" không có giá trị nào áp dụng ngày ${m[2]}.`],
  [/^figure "(.+)": value (.+) from (\S+) has no "until" but a later value starts (\S+)$/, (m) =>
    `Số liệu "${m[1]}": dòng ${m[2]} từ ${m[3]} chưa có ngày kết thúc, trong khi dòng sau bắt đầu ${m[4]}.`],
  [/^figure "(.+)": value (.+) \(until (\S+)\) overlaps value (.+) \(from (\S+)\)$/, (m) =>
    `Số liệu "${m[1]}": dòng ${m[2]} (đến ${m[3]}) chồng lên dòng ${m[4]} (từ ${m[5]}).`],
  [/^figure "(.+)": value (.+): "until" (\S+) is before "from" (\S+)$/, (m) => `Số liệu "${m[1]}": dòng ${m[2]} kết thúc (${m[3]}) trước khi bắt đầu (${m[4]}).`],
  [/^figure "(.+)" is already defined in (.+)$/, (m) => `Số liệu "${m[1]}" đã có ở ${m[2]}.`],
  [/^the figure's id must stay "(.+)"$/, (m) => `Mã số liệu phải giữ là "${m[1]}".`],
  [/^this text is not an entry$/, () => 'Nội dung này không phải một bài trả lời.'],
  [/^(\S+): Unrecognized key\(s\) in object: (.+)$/, (m) => `Trường không có trong mẫu bài (${m[1] === '(file)' ? 'cấp ngoài cùng' : m[1]}): ${m[2]}.`],
  [/^situations: "(.+)" is not an entry id$/, (m) => `situations.yaml: "${m[1]}" không phải mã của bài nào.`],
  [/^YAML: (.+)$/, (m) => `Lỗi cú pháp YAML: ${m[1]}`],
  [/^(\S+): Required$/, (m) => `Thiếu trường ${m[1]}.`],
];

export function vietnameseProblem(message: string): string {
  for (const [pattern, write] of RULES) {
    const m = pattern.exec(message);
    if (m) return write(m);
  }
  return message;
}
