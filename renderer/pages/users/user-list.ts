import type { ChannelId } from '../../../shared/catalog/channels';
import type { ChannelHealth } from '../../../shared/contract/health';
import { EMAIL_PATTERN, MOBILE_PATTERN, type ResolveReport } from '../../../shared/contract/users';
import type { LocalizedText } from '../../../shared/i18n-text';

interface Searchable {
  readonly uid: string;
  readonly name: string;
  readonly mobile: string;
  readonly email: string;
}

/** Users whose uid, name, mobile or e-mail contains every word of the search (case-insensitive). */
export function filterUsers<T extends Searchable>(users: readonly T[], search: string): T[] {
  const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...users];
  return users.filter((u) => {
    const hay = `${u.uid} ${u.name} ${u.mobile} ${u.email}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** The same loose checks the service applies (shared/contract/users.ts), to say so while typing. */
export const isMobileLike = (v: string): boolean => v.trim() === '' || MOBILE_PATTERN.test(v.trim());
export const isEmailLike = (v: string): boolean => v.trim() === '' || EMAIL_PATTERN.test(v.trim());

/** The CSV file the import expects, with one example row. */
export const CSV_TEMPLATE = 'uid,name,mobile,email\r\n1001,Li Lei,13800000000,lilei@example.com\r\n';

export interface FailingChannel {
  readonly channel: ChannelId;
  readonly cause: LocalizedText | null;
}

/**
 * The channels a finished resolve leaves failing, with their cause: those the resolve itself could not use, and
 * enabled channels whose health is failing. A resolve beside one of them is not a success.
 */
export function failingAfterResolve(report: Pick<ResolveReport, 'channelErrors'>, health: readonly ChannelHealth[]): FailingChannel[] {
  const failing = new Map<ChannelId, LocalizedText | null>(report.channelErrors.map((e) => [e.channel, e.message]));
  for (const h of health) {
    if (h.enabled && h.state === 'failing' && !failing.has(h.channel)) failing.set(h.channel, h.lastError?.explanation ?? null);
  }
  return [...failing].map(([channel, cause]) => ({ channel, cause }));
}
