/** The shape of the YAML files editors write. Problems are reported with the path of the bad field. */
import { z } from 'zod';
import { INTENT_CLASSES } from '../matching/intent-classifier.js';
import { APPLIES_TO, SITUATION_LISTS, TOPICS, type SituationList } from './types.js';

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), { message: 'must be a date written YYYY-MM-DD' });

const numberOrText = z.union([z.number(), z.string().min(1)]).transform((v) => String(v));
const text = z.string().trim().min(1, 'must not be empty');

export const citationSchema = z
  .object({
    law: text,
    article: numberOrText.optional(),
    clause: numberOrText.optional(),
    point: numberOrText.optional(),
    quote: text.optional(),
    status: z.enum(['verified', 'corroborated']).default('verified'),
    recheck: text.optional(),
  })
  .strict()
  .refine((c) => c.status !== 'corroborated' || Boolean(c.recheck), {
    message: 'a corroborated citation needs a "recheck" note saying what to check',
    path: ['recheck'],
  });

export const entrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id must be lower-case ascii words joined by "-"'),
    topic: z.enum(TOPICS),
    title: text.max(80, 'title must be at most 80 characters'),
    status: z.enum(['published', 'needs_review']),
    last_checked: isoDate,
    phrasings: z.array(text).min(1, 'needs at least one phrasing'),
    answer: text,
    more: text.optional(),
    citations: z.array(citationSchema).min(1, 'every entry cites at least one legal source'),
    effective: z.object({ from: isoDate.optional(), until: isoDate.optional() }).strict().optional(),
    related: z.array(z.string()).default([]),
    personal_note: z.boolean().default(true),
    /**
     * Whom the rule covers, when that is a condition (a freelancer or a civil servant must not read an
     * employee-only rule as theirs). Shown as one line under the answer; the matcher's applicability
     * check compares it with who the worker says they are.
     */
    applies_to: z.array(z.enum(APPLIES_TO)).optional(),
    en: z
      .object({ title: text, answer: text, more: text.optional(), phrasings: z.array(text).optional() })
      .strict()
      .optional(),
    review_note: text.optional(),
  })
  .strict();

export type EntryFile = z.infer<typeof entrySchema>;

/** knowledge-base/intents/*.yaml: examples that teach the matcher which messages go to a person. */
export const intentFileSchema = z
  .object({
    intent: z.enum(INTENT_CLASSES),
    examples: z.array(z.union([text, z.number().transform((v) => String(v))])).min(1, 'needs at least one example'),
  })
  .strict();

export const figureFileSchema = z.record(
  z.string().regex(/^[a-z0-9_]+$/, 'figure ids are lower-case ascii with "_"'),
  z
    .object({
      label: text,
      unit: text,
      values: z
        .array(z.object({ value: z.union([z.number(), text]), from: isoDate, until: isoDate.optional(), source: text }).strict())
        .min(1),
    })
    .strict(),
);

export const abbreviationsSchema = z.record(z.string().min(1), z.string().min(1));

/** knowledge-base/situations.yaml: entries written for one side of a worker's story (see matching/situation.ts). */
export const situationsSchema = z.object(Object.fromEntries(SITUATION_LISTS.map((k) => [k, z.array(z.string()).optional()])) as Record<SituationList, z.ZodOptional<z.ZodArray<z.ZodString>>>).strict()
  .transform((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<Record<SituationList, string[]>>);
