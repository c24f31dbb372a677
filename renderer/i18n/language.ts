import type { Language } from '../../shared/i18n-text';

const STORAGE_KEY = 'channel-desk.language';

export const isLanguage = (v: unknown): v is Language => v === 'zh-CN' || v === 'en-US';

/** The OS / browser locale: any Chinese variant is zh-CN, everything else en-US. */
export function languageFromNavigator(langs: readonly string[] = navigator.languages ?? [navigator.language]): Language {
  const first = langs.find((l) => typeof l === 'string' && l.length > 0) ?? 'en-US';
  return first.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
}

/** A quick first guess before the services answer, so the first paint is already in the right language. */
export function cachedLanguage(): Language {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(v)) return v;
  } catch {
    // Storage disabled: fall through to the OS locale.
  }
  return languageFromNavigator();
}

export function cacheLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not fatal: the services keep the real setting.
  }
}
