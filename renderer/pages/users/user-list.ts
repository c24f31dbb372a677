import { EMAIL_PATTERN, MOBILE_PATTERN } from '../../../shared/contract/users';

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
