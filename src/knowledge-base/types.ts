/** What the knowledge base is made of, after loading and validation. */
import type { IntentExample } from '../matching/intent-classifier.js';

export type EntryStatus = 'published' | 'needs_review';

export interface Citation {
  law: string;
  article?: string;
  clause?: string;
  point?: string;
  quote?: string;
  status: 'verified' | 'corroborated';
  recheck?: string;
}

export interface TranslatedText {
  title: string;
  answer: string;
  more?: string;
}

export interface Entry {
  id: string;
  topic: string;
  title: string;
  status: EntryStatus;
  lastChecked: string;
  phrasings: string[];
  answer: string;
  more?: string;
  citations: Citation[];
  effective?: { from?: string; until?: string };
  related: string[];
  personalNote: boolean;
  en?: TranslatedText;
  reviewNote?: string;
  /** Where the entry lives, relative to the knowledge-base folder. */
  file: string;
}

export interface FigureValue {
  value: number | string;
  from: string;
  until?: string;
  source: string;
}

export interface Figure {
  id: string;
  label: string;
  unit: string;
  values: FigureValue[];
  file: string;
}

export interface KbProblem {
  file: string;
  line: number;
  message: string;
}

export interface KnowledgeBase {
  entries: Entry[];
  byId: Map<string, Entry>;
  figures: Map<string, Figure>;
  /** folded token → folded expansion (see matching/abbreviations.ts) */
  abbreviations: Map<string, string>;
  /** examples from intents/*.yaml that teach the matcher which messages go to a person (see matching/intent-classifier.ts) */
  intentExamples: IntentExample[];
  /** A content hash: changes whenever any file changes. */
  version: string;
  loadedAt: string;
}

export const TOPICS = [
  'contracts', 'termination', 'wages', 'working-time', 'leave', 'women-maternity', 'special-workers',
  'discipline', 'harassment', 'safety', 'social-insurance', 'health-insurance', 'unemployment-insurance',
  'trade-union', 'disputes', 'organisation',
] as const;
