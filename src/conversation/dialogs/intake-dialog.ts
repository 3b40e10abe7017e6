/**
 * The intake (issue 17 item 4): while a worker waits for an officer after a hand-off, the bot asks what an
 * officer would ask first — the employer, the province, the kind of problem, the dates that matter — one
 * question at a time, each skippable. The answers go to the service with each turn (collect()) and are
 * saved on the conversation, shown at the top of the case in the console. It never asks for an ID,
 * insurance or bank number, and keeps none typed by mistake. One dialog per locale (Botkit's questions are
 * fixed when the dialog is built).
 */
import { BotkitConversation, type Botkit } from 'botkit';
import { translator, type Locale } from '../../i18n.js';
import { foldKey } from '../../matching/normalise.js';
import type { CaseIntake } from '../../storage/types.js';
import { MAX_QUICK_REPLY_TITLE, type QuickReply } from '../messages.js';
import { collect } from './engine.js';
import { withoutLongNumbers } from '../../matching/long-numbers.js';

export const INTAKE_DIALOG_PREFIX = 'intake:';
/** collect() key set when the last question has been answered. */
export const INTAKE_DONE = 'done';

export type IntakeField = 'employer' | 'province' | 'problem' | 'dates';
const FIELDS: IntakeField[] = ['employer', 'province', 'problem', 'dates'];
const PROBLEMS = ['wage', 'contract', 'insurance', 'accident', 'other'] as const;
const SKIP_WORDS = new Set(['bo qua', 'khong ro', 'khong biet', 'khong nho', 'skip', 'khong', 'ko', 'k']);

/** The answer as kept: a long number is replaced, so a worker who typed their ID by mistake has it nowhere in the case. */
export function keptAnswer(text: string): { value: string; hadNumber: boolean } {
  const value = withoutLongNumbers(text.trim().slice(0, 300));
  return { value, hadNumber: value !== text.trim().slice(0, 300) };
}

export function intakeDialogId(locale: Locale): string {
  return `${INTAKE_DIALOG_PREFIX}${locale}`;
}

/** The intake still asking: started, not finished. */
export function intakeInProgress(intake: CaseIntake | undefined): boolean {
  return Boolean(intake && !intake.finishedAt);
}

/** What a turn's collected values change on the record's intake. */
export function withAnswers(intake: CaseIntake, collected: Record<string, string>, now: string): CaseIntake {
  const next: CaseIntake = { ...intake };
  for (const field of FIELDS) if (typeof collected[field] === 'string') next[field] = collected[field];
  if (collected[INTAKE_DONE]) next.finishedAt = now;
  return next;
}

export function intakeDialog(locale: Locale): (controller: Botkit) => BotkitConversation {
  const t = translator(locale);
  const skip: QuickReply = { title: t('dialog.intake.skip').slice(0, MAX_QUICK_REPLY_TITLE), payload: t('dialog.intake.skip') };
  const skipWords = new Set([...SKIP_WORDS, foldKey(skip.title)]);
  const choices: Record<IntakeField, QuickReply[]> = {
    employer: [],
    province: [],
    problem: PROBLEMS.map((p) => {
      const title = t(`dialog.intake.problems.${p}`);
      return { title: title.slice(0, MAX_QUICK_REPLY_TITLE), payload: title };
    }),
    dates: [],
  };
  return (controller) => {
    const convo = new BotkitConversation(intakeDialogId(locale), controller);
    convo.say(t('dialog.intake.intro'));
    for (const field of FIELDS) {
      convo.ask(
        { text: [t(`dialog.intake.${field}`)], quick_replies: [...choices[field], skip] },
        async (answer, _dialog, bot) => {
          const text = String(answer ?? '').trim();
          if (!text || skipWords.has(foldKey(text))) return collect(bot, field, '');
          const { value, hadNumber } = keptAnswer(text);
          collect(bot, field, value);
          if (hadNumber) await bot.say(t('dialog.intake.noNumbers'));
        },
        { key: field },
      );
    }
    convo.after(async (_results, bot) => {
      collect(bot, INTAKE_DONE, '1');
      await bot.say(t('dialog.intake.done'));
    });
    return convo;
  };
}
