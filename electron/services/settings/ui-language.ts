import type { Language } from '../../../shared/i18n-text.js';
import type { SettingsStore } from './settings-store.js';

/** The one writer of `settings.ui.language`: the UI's language, remembered for the next start. */
export function saveUiLanguage(settings: SettingsStore, language: Language): void {
  settings.update((cur) => ({ ...cur, ui: { ...cur.ui, language } }));
}
