/** Text that the UI, CLI and errors show in the user's language. */
export interface LocalizedText {
  readonly en: string;
  readonly zh: string;
}

export type Language = 'en-US' | 'zh-CN';

export const text = (en: string, zh: string): LocalizedText => ({ en, zh });

export const pick = (t: LocalizedText, lang: Language): string => (lang === 'zh-CN' ? t.zh : t.en);
