import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../shared/i18n-text';
import type { LocaleModule } from './define';
import { cachedLanguage } from './language';

/** Every `locales/<ns>.ts` becomes namespace `<ns>`: helpers add pages' strings without touching this file. */
const modules = import.meta.glob<LocaleModule>('./locales/*.ts', { eager: true, import: 'default' });

function buildResources(): Record<Language, Record<string, LocaleModule['en-US']>> {
  const resources: Record<Language, Record<string, LocaleModule['en-US']>> = { 'en-US': {}, 'zh-CN': {} };
  for (const [path, mod] of Object.entries(modules)) {
    const ns = /\/([^/]+)\.ts$/.exec(path)?.[1];
    if (!ns) continue;
    resources['en-US'][ns] = mod['en-US'];
    resources['zh-CN'][ns] = mod['zh-CN'];
  }
  return resources;
}

export const NAMESPACES = Object.keys(modules).map((p) => /\/([^/]+)\.ts$/.exec(p)?.[1] ?? '');

void i18next.use(initReactI18next).init({
  resources: buildResources(),
  lng: cachedLanguage(),
  fallbackLng: 'en-US',
  supportedLngs: ['en-US', 'zh-CN'],
  ns: NAMESPACES,
  defaultNS: 'common',
  interpolation: { escapeValue: false }, // React escapes.
  initAsync: false, // resources are bundled: ready before the first render.
});

export { i18next };
