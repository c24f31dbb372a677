import { renderToStaticMarkup } from 'react-dom/server';
import type { Language } from '../../../shared/i18n-text';
import type { LocaleModule, Strings } from '../../i18n/define';
import { NAV } from './nav';
import { ShellFrame } from './ShellFrame';

/** Build time (renderer/vite.config.ts): the namespaces of the menu's labels, by name. */
export type MenuLocales = Readonly<Record<string, LocaleModule>>;

const LANGUAGES: readonly Language[] = ['en-US', 'zh-CN'];

function lookup(locales: MenuLocales, lang: Language, key: string): string {
  const [ns, ...path] = key.split(':').join('.').split('.');
  let node: string | Strings | undefined = ns === undefined ? undefined : locales[ns]?.[lang];
  for (const part of path) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`static shell: no ${lang} string for ${key}`);
  return node;
}

/** Both languages, the one not in `<html lang>` hidden by shell.css; the app renders only its own. */
function bilingual(locales: MenuLocales, key: string) {
  return LANGUAGES.map((lang) => (
    <span key={lang} lang={lang}>
      {lookup(locales, lang, key)}
    </span>
  ));
}

/**
 * The shell as static HTML for index.html: the real menu (links to the hash routes) in both languages, so it
 * is on screen with the first paint, before any script. renderer/public/boot.js sets `lang` and `data-route`
 * on <html> first; the rules returned here highlight the current page from `data-route`.
 */
export function staticShell(locales: MenuLocales): { html: string; css: string } {
  const html = renderToStaticMarkup(
    <ShellFrame
      className="cd-static"
      brand={lookup(locales, 'en-US', 'shell:appName')}
      navLabel="Channel Desk"
      items={NAV.map((p) => ({ key: p.key, path: p.path, icon: p.icon, label: bilingual(locales, p.titleKey) }))}
    />,
  );
  const css = NAV.map(
    (p) => `html[data-route='${p.key}'] .cd-static [data-nav='${p.key}']{background:var(--cd-selected-bg);color:var(--cd-selected-text)}`,
  ).join('\n');
  return { html, css };
}
