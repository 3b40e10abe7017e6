/** Small rules both adapters apply the same way. */
import type { ETagCondition, NewsItem } from './types.js';

/** Whether a conditional write may happen, given the stored eTag (undefined: nothing stored). */
export function conditionHolds(condition: ETagCondition, stored: string | undefined): boolean {
  if (condition.kind === 'absent') return stored === undefined;
  if (condition.kind === 'match') return stored === condition.eTag;
  return true;
}

/** News newest first: by the day it starts, then by creation. */
export function sortNews(items: NewsItem[]): NewsItem[] {
  return items.sort((a, b) => b.validFrom.localeCompare(a.validFrom) || b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}
