import { describe, expect, it } from 'vitest';
import channels from '../../i18n/locales/channels';
import deliveries from '../../i18n/locales/deliveries';
import dms from '../../i18n/locales/dms';
import guide from '../../i18n/locales/guide';
import home from '../../i18n/locales/home';
import rules from '../../i18n/locales/rules';
import settings from '../../i18n/locales/settings';
import shell from '../../i18n/locales/shell';
import users from '../../i18n/locales/users';
import { NAV } from './nav';
import { staticShell } from './static-shell';

const LOCALES = { channels, deliveries, dms, guide, home, rules, settings, shell, users };

describe('staticShell', () => {
  const { html, css } = staticShell(LOCALES);

  it('links every menu entry to its route, labelled in both languages', () => {
    for (const entry of NAV) {
      const link = new RegExp(`<a [^>]*href="#${entry.path}"[^>]*data-testid="nav-${entry.key}"[^>]*>(.*?)</a>`).exec(html);
      expect(link, entry.key).not.toBeNull();
      expect(link?.[1]).toContain('<span lang="en-US">');
      expect(link?.[1]).toContain('<span lang="zh-CN">');
    }
    expect(html).toContain('>Delivery log</span>');
    expect(html).toContain('>用户</span>');
  });

  it('highlights each page from the route the boot script sets, and nothing in the static copy is selected', () => {
    for (const entry of NAV) expect(css).toContain(`html[data-route='${entry.key}'] .cd-static [data-nav='${entry.key}']`);
    expect(html).not.toContain('aria-current');
    expect(html).toContain('class="cd-shell cd-static"');
  });

  it('refuses to build with a menu string missing in one language', () => {
    const { 'zh-CN': _dropped, ...onlyEnglish } = users;
    expect(() => staticShell({ ...LOCALES, users: { ...onlyEnglish, 'zh-CN': {} } })).toThrow('no zh-CN string for users:title');
  });
});
