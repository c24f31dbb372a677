import { useMemo } from 'react';
import type { Language } from '../../shared/i18n-text';
import { useLanguage } from '../i18n/LanguageProvider';

/**
 * The one place the UI turns instants into text, always in the app language (not the browser's):
 * zh-CN "2026年11月27日 10:00:00", en-US "Nov 27, 2026, 10:00:00 AM".
 */
export interface DateFormat {
  /** Date and time to the second: logs, attempts, last poll. */
  dateTime(at: string | number | Date): string;
  /** Date and time to the minute: "changed at", "last test". */
  dateTimeShort(at: string | number | Date): string;
  /** Hour and minute only: chart axes. */
  hourMinute(at: string | number | Date): string;
}

const cache = new Map<Language, DateFormat>();

export function dateFormat(language: Language): DateFormat {
  const hit = cache.get(language);
  if (hit) return hit;
  const full = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });
  const short = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const hm = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' });
  const f: DateFormat = {
    dateTime: (at) => full.format(new Date(at)),
    dateTimeShort: (at) => short.format(new Date(at)),
    hourMinute: (at) => hm.format(new Date(at)),
  };
  cache.set(language, f);
  return f;
}

export function useDateFormat(): DateFormat {
  const { language } = useLanguage();
  return useMemo(() => dateFormat(language), [language]);
}
