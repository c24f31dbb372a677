import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { pick, type Language, type LocalizedText } from '../../shared/i18n-text';
import { i18next } from './index';
import { cacheLanguage, isLanguage } from './language';
import { loadStoredLanguage, storeLanguage } from './persist';

interface LanguageState {
  readonly language: Language;
  /** Switches the UI at once and persists the choice through the services. */
  readonly setLanguage: (lang: Language) => Promise<void>;
}

const LanguageContext = createContext<LanguageState | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLang] = useState<Language>(() => (isLanguage(i18next.language) ? i18next.language : 'en-US'));

  const apply = useCallback((lang: Language) => {
    setLang(lang);
    cacheLanguage(lang);
    document.documentElement.lang = lang;
    void i18next.changeLanguage(lang);
  }, []);

  /** Set once the admin picks a language: a stored setting that arrives later must not undo that choice. */
  const chosen = useRef(false);

  // The services hold the real setting; the cached guess only made the first paint right.
  useEffect(() => {
    let live = true;
    void loadStoredLanguage().then((stored) => {
      if (live && stored && !chosen.current) apply(stored);
    });
    return () => {
      live = false;
    };
  }, [apply]);

  const setLanguage = useCallback(
    async (lang: Language) => {
      chosen.current = true;
      apply(lang);
      await storeLanguage(lang);
    },
    [apply],
  );

  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const ctx = useContext(LanguageContext);
  if (!ctx) throw new Error('useLanguage outside LanguageProvider');
  return ctx;
}

/** Picks the current language's side of a LocalizedText (catalog names, error messages, hints). */
export function useLocalized(): (t: LocalizedText) => string {
  const { language } = useLanguage();
  return useCallback((t: LocalizedText) => pick(t, language), [language]);
}
