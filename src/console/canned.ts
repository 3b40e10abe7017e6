/**
 * Canned replies: team-wide texts an officer starts a reply from, searchable (fuse.js, typos and missing
 * diacritics forgiven), with placeholders filled in for the worker at hand. The placeholders are
 * Vietnamese words because officers write them: {{ten_nguoi_lao_dong}}, {{ten_can_bo}}, {{hotline}},
 * {{dia_chi}}, {{ten_to_chuc}}.
 */
import Fuse from 'fuse.js';
import type { OrganisationConfig } from '../config.js';
import type { CannedReply } from '../storage/types.js';

/** How a worker whose name nobody wrote down is addressed. */
export const UNNAMED_WORKER = 'anh/chị';

export interface PlaceholderValues {
  workerName?: string;
  officerName: string;
  organisation: OrganisationConfig;
}

export function placeholderValues(v: PlaceholderValues): Record<string, string> {
  return {
    ten_nguoi_lao_dong: v.workerName?.trim() || UNNAMED_WORKER,
    ten_can_bo: v.officerName,
    hotline: v.organisation.hotline,
    dia_chi: v.organisation.address,
    ten_to_chuc: v.organisation.name,
  };
}

/** Known placeholders are filled in (empty when the organisation has no such value); unknown ones are left as typed, so the officer sees them. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}

/** Canned replies matching the query, best first; every reply (by title) when the query is empty. */
export function searchCanned(replies: CannedReply[], query: string): CannedReply[] {
  const q = query.normalize('NFC').trim();
  if (!q) return replies;
  const fuse = new Fuse(replies, {
    keys: [
      { name: 'title', weight: 2 },
      { name: 'text', weight: 1 },
    ],
    ignoreDiacritics: true,
    ignoreLocation: true,
    threshold: 0.3,
    minMatchCharLength: 2,
  });
  return fuse.search(q).map((hit) => hit.item);
}
