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
  /** English questions that this entry answers (matched like the Vietnamese phrasings) */
  phrasings?: string[];
}

/**
 * Who a rule covers, when that is a condition. Each key has one line in locales/…/translation.json
 * (appliesTo.<key>).
 */
export const APPLIES_TO = [
  'employee', // người làm việc theo hợp đồng lao động
  'si_compulsory', // người tham gia BHXH bắt buộc
  'si_voluntary', // người tham gia BHXH tự nguyện
  'hi_card_holder', // người có thẻ BHYT
  'ui_participant', // người lao động đóng bảo hiểm thất nghiệp
  'union_member', // đoàn viên công đoàn
  'employer', // người sử dụng lao động (a duty of the employer)
  'employer_10plus', // nơi sử dụng từ 10 người lao động trở lên
  'household_business_owner', // chủ hộ kinh doanh có đăng ký kinh doanh
  'female_employee', // lao động nữ
  'public_sector', // cán bộ, công chức, viên chức
] as const;
export type AppliesTo = (typeof APPLIES_TO)[number];

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
  appliesTo?: AppliesTo[];
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
  /** knowledge-base/situations.yaml: entries written for one side of a worker's story */
  situations: Map<SituationList, string[]>;
  /** A content hash: changes whenever any file changes. */
  version: string;
  loadedAt: string;
}

export const TOPICS = [
  'contracts', 'termination', 'wages', 'working-time', 'leave', 'women-maternity', 'special-workers',
  'discipline', 'harassment', 'safety', 'social-insurance', 'health-insurance', 'unemployment-insurance',
  'trade-union', 'disputes', 'organisation',
] as const;

/** The lists of knowledge-base/situations.yaml. */
export const SITUATION_LISTS = ['worker_quits', 'employer_ends', 'prefer_pregnant_employer_ends', 'prefer_union_officer'] as const;
export type SituationList = (typeof SITUATION_LISTS)[number];
