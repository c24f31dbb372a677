/** A namespace's strings: nested objects of strings (i18next's `{{var}}` interpolation allowed). */
export type Strings = { readonly [key: string]: string | Strings };

/** The same keys as T, any string values: the Chinese file must mirror the English one exactly. */
export type SameKeys<T> = { readonly [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

export interface LocaleModule {
  readonly 'en-US': Strings;
  readonly 'zh-CN': Strings;
}

/**
 * One namespace in both languages. A file `renderer/i18n/locales/<ns>.ts` that default-exports
 * `defineLocale({...en}, {...zh})` is picked up automatically as namespace `<ns>`; use it with
 * `useTranslation('<ns>')` or `t('<ns>:key')`.
 */
export function defineLocale<T extends Strings>(en: T, zh: SameKeys<T>): LocaleModule {
  return { 'en-US': en, 'zh-CN': zh };
}
