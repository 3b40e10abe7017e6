/**
 * A case as plain text for a dispute file: who, what it was filed under, how it ended, every message
 * with its time (Vietnam time, as the officer and the worker saw it), the staff-only notes, and who held
 * the case when. Plain UTF-8 text opens anywhere and prints as it is. The PDF is the same text on a page
 * styled for A4 (export?format=print, public/print.css) that the officer's browser saves as PDF: no PDF
 * library on the server, and Vietnamese letters come out right with the browser's own fonts.
 */
import type { CaseNote, ConversationRecord, OwnershipChange, TranscriptMessage } from '../storage/types.js';

const AUTHOR: Record<TranscriptMessage['author'], string> = { worker: 'Người lao động', bot: 'Trợ lý tự động', staff: 'Cán bộ', system: 'Hệ thống' };
const OUTCOME: Record<string, string> = { answered: 'Đã trả lời', referred: 'Đã chuyển nơi khác', follow_up: 'Cần theo dõi tiếp' };
const NOTE_KIND: Record<CaseNote['kind'], string> = { note: 'Ghi chú', call: 'Cuộc gọi', assignment: 'Giao việc' };
const OWNER: Record<string, string> = { bot: 'trợ lý tự động', waiting_staff: 'chờ cán bộ', staff: 'cán bộ', resolved: 'đã kết thúc' };

/** "dd/mm/yyyy hh:mm", Vietnam time (UTC+7 all year). */
export function vietnamTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** Each line of a multi-line text indented under its heading line. */
const indent = (text: string) => text.replace(/\r\n?/g, '\n').split('\n').join('\n    ');

export interface CaseExport {
  conversation: ConversationRecord;
  messages: TranscriptMessage[];
  notes: CaseNote[];
  ownership: OwnershipChange[];
  staffName: (staffId: string) => string;
  organisation: string;
  exportedAt: Date;
  exportedBy: string;
}

export function transcriptText(e: CaseExport): string {
  const c = e.conversation;
  const lines: string[] = [];
  lines.push(`HỒ SƠ TRAO ĐỔI${e.organisation ? ` — ${e.organisation}` : ''}`);
  lines.push(`Mã cuộc trò chuyện: ${c.id}`);
  lines.push(`Kênh: ${c.channel === 'messenger' ? 'Messenger' : c.channel === 'web' ? 'Web chat' : c.channel}`);
  if (c.labels?.workerName) lines.push(`Người lao động: ${c.labels.workerName}`);
  if (c.labels?.employer) lines.push(`Doanh nghiệp: ${c.labels.employer}`);
  if (c.labels?.topic) lines.push(`Chủ đề: ${c.labels.topic}`);
  if (c.handoffReason) lines.push(`Lý do chuyển cán bộ: ${c.handoffReason}${c.urgent ? ' (KHẨN)' : ''}`);
  lines.push(`Trạng thái: ${OWNER[c.owner] ?? c.owner}`);
  if (c.resolution) {
    const follow = c.resolution.followUpOn ? `, theo dõi lại ngày ${c.resolution.followUpOn.split('-').reverse().join('/')}` : '';
    lines.push(`Kết quả: ${OUTCOME[c.resolution.outcome] ?? c.resolution.outcome}${follow} (${e.staffName(c.resolution.by)}, ${vietnamTime(c.resolution.at)})`);
  }
  lines.push(`Xuất lúc: ${vietnamTime(e.exportedAt.toISOString())} bởi ${e.exportedBy}`);
  lines.push('', '— NỘI DUNG TRAO ĐỔI —');
  for (const m of e.messages) {
    const who = m.author === 'staff' && m.staffId ? `${AUTHOR.staff} ${e.staffName(m.staffId)}` : AUTHOR[m.author];
    lines.push(`[${vietnamTime(m.at)}] ${who}: ${indent(m.text)}`);
  }
  if (e.messages.length === 0) lines.push('(không có tin nhắn)');
  lines.push('', '— GHI CHÚ NỘI BỘ (không gửi cho người lao động) —');
  for (const n of e.notes) lines.push(`[${vietnamTime(n.at)}] ${NOTE_KIND[n.kind]} — ${e.staffName(n.staffId)}: ${indent(n.text)}`);
  if (e.notes.length === 0) lines.push('(không có ghi chú)');
  lines.push('', '— NGƯỜI XỬ LÝ —');
  for (const o of e.ownership) {
    const by = o.by === 'bot' ? 'trợ lý' : o.by === 'follow_up' ? 'đến ngày theo dõi' : e.staffName(o.by);
    lines.push(`[${vietnamTime(o.at)}] ${OWNER[o.from] ?? o.from} → ${OWNER[o.to] ?? o.to} (${by}${o.reason ? `; ${o.reason}` : ''})`);
  }
  return lines.join('\n') + '\n';
}
