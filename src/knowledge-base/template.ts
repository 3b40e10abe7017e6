/**
 * Answers are templates: {{figure_id}}, {{figure_id.source}} and {{org.field}}.
 * Rendering fills them for a day and a configuration; a line that needs an organisation detail
 * that is not configured is dropped, so the bot never shows an empty or invented contact.
 */
import type { OrganisationConfig } from '../config.js';
import { formatFigure, valueOn } from './figures.js';
import type { Figure } from './types.js';

export const PLACEHOLDER = /\{\{\s*([a-z0-9_]+)(?:\.([a-z_]+))?\s*\}\}/g;

export const ORG_FIELDS: Record<string, keyof OrganisationConfig> = {
  name: 'name',
  hotline: 'hotline',
  address: 'address',
  office_hours: 'officeHours',
  page_url: 'pageUrl',
};

export interface Placeholder {
  raw: string;
  kind: 'figure' | 'org';
  id: string;
  field?: string;
}

export function placeholdersIn(text: string): Placeholder[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => {
    const [raw, head = '', field] = m;
    return head === 'org' ? { raw, kind: 'org', id: field ?? '' } : { raw, kind: 'figure', id: head, ...(field ? { field } : {}) };
  });
}

export class MissingFigureError extends Error {
  override name = 'MissingFigureError';
  constructor(readonly figureId: string, readonly day: string) {
    super(`no value of figure "${figureId}" is in force on ${day}`);
  }
}

export interface RenderContext {
  day: string;
  figures: Map<string, Figure>;
  organisation: OrganisationConfig;
  locale: 'vi' | 'en';
}

/** Fill one template. Throws MissingFigureError when a figure has no value on that day. */
export function renderTemplate(template: string, ctx: RenderContext): string {
  const lines = template.split('\n').filter((line) =>
    placeholdersIn(line).every((p) => p.kind !== 'org' || Boolean(ctx.organisation[ORG_FIELDS[p.id] ?? 'name'])),
  );
  return lines
    .join('\n')
    .replace(PLACEHOLDER, (_raw, head: string, field?: string) => {
      if (head === 'org') return ctx.organisation[ORG_FIELDS[field ?? ''] ?? 'name'];
      const figure = ctx.figures.get(head);
      const value = figure ? valueOn(figure, ctx.day) : undefined;
      if (!value) throw new MissingFigureError(head, ctx.day);
      return field === 'source' ? value.source : formatFigure(value.value, ctx.locale);
    })
    .trim();
}
