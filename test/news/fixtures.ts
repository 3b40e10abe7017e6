/** Made-up news items for tests — every one is marked as test data; none is a real programme. */
import type { NewsItem } from '../../src/storage/types.js';

let n = 0;
export function testItem(overrides: Partial<NewsItem> = {}): NewsItem {
  n += 1;
  return {
    id: `test-news-${n}`,
    kind: 'programme',
    title: `[DỮ LIỆU THỬ] Chương trình mẫu số ${n}`,
    body: 'Nội dung mẫu để kiểm thử, không phải chương trình thật.',
    link: 'https://example.org/du-lieu-thu',
    validFrom: '2026-11-01',
    validUntil: '2026-11-30',
    status: 'published',
    createdBy: 'test',
    createdAt: '2026-10-20T08:00:00.000Z',
    updatedAt: '2026-10-20T08:00:00.000Z',
    publishedAt: '2026-10-20T08:00:00.000Z',
    ...overrides,
  };
}
