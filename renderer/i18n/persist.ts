import type { Language } from '../../shared/i18n-text';
import { languageFromNavigator } from './language';

/** The language the services keep; the OS / browser locale until the admin has chosen one. */
export async function loadStoredLanguage(): Promise<Language | null> {
  try {
    // Loaded on demand: the API client is not part of the first paint.
    const { api } = await import('../api');
    const info = await api['app.info']({});
    return info.language ?? languageFromNavigator();
  } catch {
    return null; // The page keeps its cached guess; the pages show the service error themselves.
  }
}

export async function storeLanguage(lang: Language): Promise<void> {
  const { api } = await import('../api');
  await api['app.setLanguage']({ language: lang });
}
