import { editDistance } from '../../../shared/edit-distance.js';

/**
 * The items whose key is closest to `wanted`, closest first, among those close enough to be a typo
 * (at most a third of the longer string, and at least 2 edits allowed) or that start with `wanted`.
 */
export function nearest<T>(wanted: string, items: readonly T[], keyOf: (item: T) => string): T[] {
  const scored = items
    .map((item) => {
      const key = keyOf(item);
      const d = key.startsWith(wanted) && wanted.length >= 3 ? 0.5 : editDistance(wanted, key);
      return { item, d, limit: Math.max(2, Math.floor(Math.max(wanted.length, key.length) / 3)) };
    })
    .filter((s) => s.d <= s.limit);
  return scored.sort((x, y) => x.d - y.d).map((s) => s.item);
}
