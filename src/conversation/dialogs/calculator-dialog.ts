/**
 * A calculator as a chat dialog (issue 18): one BotkitConversation per calculator, built from the
 * calculator registry's own list of inputs — one question at a time, in the registry's order; choices as
 * quick replies; an optional input can be skipped; an answer that cannot be read is explained and asked
 * again; at the end, the amount with its formula, the inputs, the articles and the date whose figures were
 * used, and a one-tap "ask an officer" for cases the formula does not fit.
 */
import { BotkitConversation, type Botkit } from 'botkit';
import { calculate, readInput, type CalculationContext, type CalculationResult, type Calculator, type InputSpec } from '../../calculators/index.js';
import { age, num, vnd, viDate, yearsMonths } from '../../calculators/format.js';
import { foldKey } from '../../matching/normalise.js';
import { MAX_QUICK_REPLY_TITLE, type QuickReply } from '../messages.js';

export const CALCULATOR_DIALOG_PREFIX = 'calc:';
const SKIP_TITLE = 'Bỏ qua';
const SKIP_WORDS = new Set(['bo qua', 'khong ro', 'khong biet', 'skip', 'khong co']);
/** A worker who typed something wrong earlier starts the questions again. */
const RESTART_WORDS = new Set(['lam lai', 'sua', 'sua lai', 'nhap lai', 'quay lai', 'hoi lai', 'restart']);

/** How a choice reads to a worker; each title is also what readInput understands when it comes back. */
const CHOICE_TITLES: Record<string, string> = {
  male: 'Nam',
  female: 'Nữ',
  normal: 'Ngày thường',
  rest: 'Ngày nghỉ hằng tuần',
  holiday: 'Ngày lễ Tết',
  heavy: 'Nặng nhọc độc hại',
  'very-heavy': 'Đặc biệt nặng nhọc',
  '1': 'Vùng I',
  '2': 'Vùng II',
  '3': 'Vùng III',
  '4': 'Vùng IV',
};

function quickRepliesFor(spec: InputSpec): QuickReply[] {
  const choices = (spec.choices ?? []).map((c) => {
    const title = (spec.name === 'jobType' && c === 'normal' ? 'Bình thường' : CHOICE_TITLES[c]) ?? c;
    return { title: title.slice(0, MAX_QUICK_REPLY_TITLE), payload: title };
  });
  if (spec.kind === 'boolean') choices.push({ title: 'Có', payload: 'có' }, { title: 'Không', payload: 'không' });
  return spec.required ? choices : [...choices, { title: SKIP_TITLE, payload: SKIP_TITLE }];
}

function amountText(result: CalculationResult): string {
  if (result.unit === 'đồng') return `${vnd(result.amount)} đồng`;
  if (result.unit === 'tháng tuổi') return age(result.amount);
  if (result.unit === 'tháng') return yearsMonths(result.amount);
  return `${num(result.amount)} ${result.unit}`;
}

/** The result as the worker reads it: amount, formula with their numbers, articles, dates. */
export function resultText(calculator: Calculator, result: CalculationResult): string {
  const lines = [`${calculator.title}: ${amountText(result)}`, result.formula];
  if (result.months !== undefined) lines.push(`Số tháng hưởng: ${num(result.months)}.`);
  if (result.date) lines.push(`Ngày: ${viDate(result.date)}.`);
  if (result.firstDay) lines.push(`Ngày bắt đầu hưởng: ${viDate(result.firstDay)}.`);
  if (result.fileBy) lines.push(`Hạn nộp hồ sơ: ${viDate(result.fileBy)}.`);
  const byLaw = new Map<string, string[]>();
  for (const c of result.citations) byLaw.set(c.law, [...(byLaw.get(c.law) ?? []), c.article]);
  lines.push(`Căn cứ: ${[...byLaw].map(([law, articles]) => `${law}: Điều ${articles.join(', ')}`).join('; ')}.`);
  lines.push(`Số liệu áp dụng ngày ${viDate(result.asOf)}. Kết quả do trợ lý tự động tính để tham khảo; trường hợp đặc biệt, bấm "Hỏi cán bộ".`);
  return lines.join('\n');
}

/**
 * The dialog for `calculator`; `context()` gives the day and the figures in force when the dialog ends
 * (a knowledge-base reload between two answers is picked up).
 */
export function calculatorDialog(
  calculator: Calculator,
  context: () => CalculationContext,
  askStaffPayload: string,
): (controller: Botkit) => BotkitConversation {
  return (controller) => {
    const convo = new BotkitConversation(`${CALCULATOR_DIALOG_PREFIX}${calculator.name}`, controller);
    convo.say(`Mình sẽ hỏi ${calculator.inputs.length} câu, từng câu một (gõ "làm lại" để nhập lại từ đầu, "hủy" để dừng).`);
    for (const spec of calculator.inputs) {
      const quickReplies = quickRepliesFor(spec);
      convo.ask(
        { text: [spec.required ? spec.question : `${spec.question} (có thể bỏ qua)`], ...(quickReplies.length ? { quick_replies: quickReplies } : {}) },
        async (answer, dialog, bot) => {
          const text = String(answer ?? '').trim();
          if (RESTART_WORDS.has(foldKey(text))) {
            await bot.say('Mình hỏi lại từ đầu nhé.');
            await dialog.gotoThread('default');
            return;
          }
          if (!spec.required && SKIP_WORDS.has(foldKey(text))) {
            dialog.setVar(spec.name, '');
            return;
          }
          try {
            readInput(spec, text, context().date);
            dialog.setVar(spec.name, text);
          } catch {
            await bot.say(hintFor(spec));
            await dialog.repeat();
          }
        },
        { key: spec.name },
      );
    }
    convo.after(async (results: Record<string, unknown>, bot) => {
      const raw: Record<string, string> = {};
      for (const spec of calculator.inputs) if (typeof results[spec.name] === 'string') raw[spec.name] = results[spec.name] as string;
      const askStaff = [{ title: 'Hỏi cán bộ', payload: askStaffPayload }];
      // A skipped answer counts as none (e.g. no unemployment insurance, which would lower severance): say so.
      const skipped = calculator.inputs.filter((spec) => !spec.required && !raw[spec.name]).map((spec) => `“${spec.question}”`);
      const caveat = skipped.length ? `\nBạn đã bỏ qua: ${skipped.join(' ')} Kết quả coi như không có; nếu có, con số sẽ khác.` : '';
      try {
        await bot.say({ text: resultText(calculator, calculate(calculator, raw, context())) + caveat, quick_replies: askStaff });
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        await bot.say({ text: `Mình chưa tính được trường hợp này (${why}). Bạn có thể hỏi cán bộ công đoàn.`, quick_replies: askStaff });
      }
    });
    return convo;
  };
}

function hintFor(spec: InputSpec): string {
  switch (spec.kind) {
    case 'amount':
      return 'Mình chưa đọc được số tiền. Bạn gõ ví dụ "8 triệu", "8tr5" hoặc "8.000.000" nhé.';
    case 'months':
      return 'Mình chưa đọc được thời gian. Bạn gõ ví dụ "5 năm 3 tháng", "18 tháng" hoặc "từ 3/2021 đến nay" nhé.';
    case 'day':
      return 'Bạn gõ ngày theo dạng ngày/tháng/năm, ví dụ 15/3/2026 nhé.';
    case 'month':
      return 'Bạn gõ tháng theo dạng tháng/năm, ví dụ 2/2026 nhé.';
    case 'choice':
    case 'boolean':
      return 'Bạn chọn một trong các nút bên dưới nhé.';
    default:
      return 'Mình chưa đọc được câu trả lời, bạn gõ lại giúp mình nhé.';
  }
}
