/**
 * "What changes on this date" (issue 16 item 3): the days on which a figure's value starts or ends, or an
 * entry starts or stops applying, and on each of them the figures that change and every answer whose text
 * changes. Pure: the editor's page asks for a range and shows the result; nothing here reads the clock.
 *
 * A day is a candidate when something can change on it (a value's `from`, the day after its `until`, an
 * entry's effective `from` or the day after its `until`); an entry is listed when its rendered text on that
 * day differs from the day before, which is what a worker would see — so an answer that uses a figure only
 * through `{{figure.source}}` is listed when the source changes, and one that is not in force on either
 * day is not listed at all.
 */
import type { OrganisationConfig } from '../config.js';
import { isInForce } from './load.js';
import { valueOn } from './figures.js';
import { MissingFigureError, renderTemplate } from './template.js';
import type { Entry, KnowledgeBase } from './types.js';

export interface FigureChange {
  id: string;
  label: string;
  unit: string;
  /** the value in force the day before, null when there was none */
  before: { value: number | string; source: string } | null;
  after: { value: number | string; source: string } | null;
}

/** The texts of an entry that a worker reads. */
export const ANSWER_FIELDS = ['answer', 'more', 'en.answer', 'en.more'] as const;
export type AnswerField = (typeof ANSWER_FIELDS)[number];

export interface TextChange {
  field: AnswerField;
  /** the rendered text the day before; null when the entry did not apply or a figure had no value */
  before: string | null;
  after: string | null;
}

export interface EntryChange {
  id: string;
  title: string;
  topic: string;
  status: Entry['status'];
  /** starts: applies from this day; ends: no longer applies; changes: the text differs */
  kind: 'starts' | 'ends' | 'changes';
  texts: TextChange[];
}

export interface ChangeDay {
  day: string;
  figures: FigureChange[];
  entries: EntryChange[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar day n days after a YYYY-MM-DD day. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Is it a real YYYY-MM-DD day (not 2026-02-30)? */
export function isDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}

/** Every day from..to (inclusive) on which some figure value or some entry starts or stops applying. */
export function changeDays(kb: KnowledgeBase, from: string, to: string): string[] {
  const days = new Set<string>();
  const add = (day: string | undefined, after = 0) => {
    if (day === undefined || !isDay(day)) return;
    const d = addDays(day, after);
    if (from <= d && d <= to) days.add(d);
  };
  for (const figure of kb.figures.values()) {
    for (const v of figure.values) {
      add(v.from);
      add(v.until, 1);
    }
  }
  for (const entry of kb.entries) {
    add(entry.effective?.from);
    add(entry.effective?.until, 1);
  }
  return [...days].sort();
}

function templateOf(entry: Entry, field: AnswerField): string | undefined {
  switch (field) {
    case 'answer':
      return entry.answer;
    case 'more':
      return entry.more;
    case 'en.answer':
      return entry.en?.answer;
    case 'en.more':
      return entry.en?.more;
  }
}

/** An entry's text as a worker reads it on a day, or null when it does not apply or a figure has no value. */
export function renderedOn(kb: KnowledgeBase, entry: Entry, field: AnswerField, day: string, organisation: OrganisationConfig): string | null {
  const template = templateOf(entry, field);
  if (template === undefined || !isInForce(entry, day)) return null;
  try {
    return renderTemplate(template, { day, figures: kb.figures, organisation, locale: field.startsWith('en.') ? 'en' : 'vi' });
  } catch (err) {
    if (err instanceof MissingFigureError) return null;
    throw err;
  }
}

function figureChanges(kb: KnowledgeBase, day: string): FigureChange[] {
  const before = addDays(day, -1);
  const out: FigureChange[] = [];
  for (const figure of kb.figures.values()) {
    const was = valueOn(figure, before);
    const is = valueOn(figure, day);
    if (was?.value === is?.value && was?.source === is?.source) continue;
    out.push({
      id: figure.id,
      label: figure.label,
      unit: figure.unit,
      before: was ? { value: was.value, source: was.source } : null,
      after: is ? { value: is.value, source: is.source } : null,
    });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

function entryChanges(kb: KnowledgeBase, day: string, organisation: OrganisationConfig): EntryChange[] {
  const previous = addDays(day, -1);
  const out: EntryChange[] = [];
  for (const entry of kb.entries) {
    const texts: TextChange[] = [];
    for (const field of ANSWER_FIELDS) {
      const before = renderedOn(kb, entry, field, previous, organisation);
      const after = renderedOn(kb, entry, field, day, organisation);
      if (before !== after) texts.push({ field, before, after });
    }
    if (texts.length === 0) continue;
    const wasInForce = isInForce(entry, previous);
    const isNowInForce = isInForce(entry, day);
    const kind = !wasInForce && isNowInForce ? 'starts' : wasInForce && !isNowInForce ? 'ends' : 'changes';
    out.push({ id: entry.id, title: entry.title, topic: entry.topic, status: entry.status, kind, texts });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The changes between two days (inclusive, YYYY-MM-DD), day by day in calendar order; a day on which
 * nothing a worker reads changes (e.g. a value replaced by the same value) is left out.
 */
export function changesBetween(kb: KnowledgeBase, range: { from: string; to: string }, organisation: OrganisationConfig): ChangeDay[] {
  return changeDays(kb, range.from, range.to)
    .map((day) => ({ day, figures: figureChanges(kb, day), entries: entryChanges(kb, day, organisation) }))
    .filter((d) => d.figures.length > 0 || d.entries.length > 0);
}
