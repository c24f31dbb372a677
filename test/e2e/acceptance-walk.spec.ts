import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { expect, test, type Server, exportPendingApproval, feishuReady, settled } from './fixtures.js';

/**
 * Acceptance walk (issue 11): every page of the menu, in both languages, at 1024×700. The page list
 * is read from the menu the app builds from its router table, so a new page is walked without
 * touching this file. Each page must not scroll sideways, must not show raw codes or field paths,
 * and must show dates in the app language.
 */

const APP = 'cli_walk0a1b2c3d4e5f6';
const SECRET = 'walk-feishu-secret-value';

test.slow();
test.use({ viewport: { width: 1024, height: 700 } });

let fake: FakeServer;
test.beforeEach(async () => {
  fake = await startFeishuFake({
    apps: [{ appId: APP, secret: SECRET, scopes: ['im:message', 'contact:user.id:readonly'], users: [{ id: 'u1', email: 'alice@example.com' }] }],
  });
});
test.afterEach(async () => {
  await fake.close();
});

/** Data on every page: a configured channel, users, a rule and a dead-lettered event (with a platform error). */
async function seed(server: Server): Promise<void> {
  await feishuReady(server, fake, APP, 'wrong-secret-value-01', 'ap-southeast-1');
  await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
  await server.api('users.upsert', { user: { uid: '3002', name: '王芳', mobile: '13800000002' } });
  await server.api('rules.save', {
    rule: { module: 'Ticket', businessType: 'Data Exporting', status: 'Pending Approval', additionalUsers: ['3002'], channels: ['feishu'] },
  });
  const { eventId } = await server.api('events.notify', {
    event: exportPendingApproval(),
  });
  await expect.poll(async () => (await server.api('sender.deliveries', { eventId })).deliveries[0]?.state, { timeout: 20_000 }).toBe('dead');
}

const CHANNEL_IDS_AS_WORDS = /(?<![\w.\-/@])(dingtalk|dingtalk-enterprise|feishu|lark)(?![\w.\-/@])/;
/** A table cell or tag that is nothing but an internal id (an event source, a channel id). */
const RAW_CELL = /^(cli|webhook|api|watcher|dingtalk|dingtalk-enterprise|feishu|lark)$/;
const SCREAMING_SNAKE = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]\b/;
/** `user.mobile`, `values.appId`: two or more identifier segments joined by dots. */
const FIELD_PATH = /\b[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+\b/;
const RAW_MESSAGES = /invalid mobile number|invalid email|Required$|Invalid input|expected string/m;
const ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const ENGLISH_DATE = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b|\b\d{1,2}:\d{2}(:\d{2})? ?(AM|PM)\b/;
const CHINESE_DATE = /\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|(上午|下午)\d{1,2}:\d{2}/;

/** Text a user can read, without URLs, host names, file names and e-mail addresses (which legitimately contain dots and ids). */
function readable(text: string): string {
  return (
    text
      // Any URL, also the app links (dingtalk://…) the setup guide shows.
      .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/g, ' ')
      .replace(/\b[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ')
      .replace(/\b[\w-]+(\.[\w-]+)*\.(com|cn|net|org|io|cloud|json|csv|png|txt|schema)\b/gi, ' ')
      .replace(/\b(e\.g|i\.e|etc)\./g, ' ')
  );
}

interface Finding {
  readonly page: string;
  readonly problem: string;
}

async function check(page: Page, name: string, lang: 'en-US' | 'zh-CN'): Promise<Finding[]> {
  const findings: Finding[] = [];
  const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
  );
  if (scrollWidth > clientWidth) findings.push({ page: name, problem: `scrolls sideways: ${scrollWidth} > ${clientWidth} px` });
  const cells = await page.locator('td, .ant-tag').allInnerTexts();
  for (const c of cells) if (RAW_CELL.test(c.trim())) findings.push({ page: name, problem: `raw id as a value: "${c.trim()}"` });
  const text = readable(await page.locator('body').innerText());
  for (const [label, re] of [
    ['lowercase channel id or source', CHANNEL_IDS_AS_WORDS],
    ['raw code', SCREAMING_SNAKE],
    ['field path', FIELD_PATH],
    ['raw validation message', RAW_MESSAGES],
    ['unformatted timestamp', ISO_TIMESTAMP],
    ...(lang === 'zh-CN' ? [['English date in Chinese UI', ENGLISH_DATE] as const] : [['Chinese date in English UI', CHINESE_DATE] as const]),
  ] as const) {
    const m = re.exec(text);
    if (m) findings.push({ page: name, problem: `${label}: "${m[0]}" in …${text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ')}…` });
  }
  return findings;
}

/** The class prefixes (`ant-table`) of antd's cache map in a stylesheet: the components whose styles it holds. */
function cachedPrefixes(css: string): Set<string> {
  const map = /data-ant-cssinjs-cache-path\{content:"([^"]*)"/.exec(css)?.[1] ?? '';
  return new Set(
    map.split(';').flatMap(
      (entry) =>
        entry
          .split(':')[0]
          ?.split('|')
          .filter((p) => p.startsWith('ant-')) ?? [],
    ),
  );
}

/** The components whose prebuilt styles the build left out of the app's stylesheet (renderer/build/antd-css.ts). */
function leftOutPrefixes(): { all: string[]; leftOut: Set<string> } {
  const assets = path.resolve(import.meta.dirname, '../../dist/renderer/assets');
  const appCss = readdirSync(assets)
    .filter((f) => f.endsWith('.css'))
    .map((f) => readFileSync(path.join(assets, f), 'utf8'))
    .join('\n');
  const antdCss = readFileSync(createRequire(import.meta.url).resolve('antd/dist/antd.css'), 'utf8');
  const kept = cachedPrefixes(appCss);
  const all = [...cachedPrefixes(antdCss)].sort((a, b) => b.length - a.length);
  return { all, leftOut: new Set(all.filter((p) => !kept.has(p))) };
}

/** antd components on screen whose styles the build left out (antd runs without runtime styles: they would be bare). */
async function shownButLeftOut(page: Page): Promise<string[]> {
  const { all, leftOut } = leftOutPrefixes();
  const classes = await page.evaluate<string[]>('[...new Set([...document.querySelectorAll(\'[class*="ant-"]\')].flatMap((e) => [...e.classList]))]');
  const owners = classes.map((cls) => all.find((p) => cls === p || cls.startsWith(`${p}-`)));
  return [...new Set(owners.filter((o): o is string => o !== undefined && leftOut.has(o)))];
}

for (const lang of ['en-US', 'zh-CN'] as const) {
  test(`every page in ${lang} at 1024×700: no sideways scroll, no raw codes or field paths, localized dates`, async ({ page, server }, testInfo) => {
    await seed(server);
    await server.api('app.setLanguage', { language: lang });
    await server.open(page, '/channels');
    await expect(page.locator('html')).toHaveAttribute('lang', lang);

    const keys = (await Promise.all((await page.locator('[data-testid^="nav-"]').all()).map((e) => e.getAttribute('data-testid')))).map((id) =>
      (id ?? '').slice('nav-'.length),
    );
    expect(keys.length).toBeGreaterThanOrEqual(7);
    const findings: Finding[] = [];
    const shown = new Set<string>();
    for (const key of keys) {
      const nav = page.getByTestId(`nav-${key}`);
      const label = (await nav.textContent()) ?? '';
      await nav.click();
      // A lazy page keeps the previous one on screen until it has loaded: wait for the heading of the page
      // clicked, so the checks below never run on the page before it.
      await expect(page.getByTestId('page-title')).toHaveText(label);
      await settled(page);
      // Open every collapsed table row: delivery details and errors must pass the same checks.
      for (const expander of await page.locator('.ant-table-row-expand-icon-collapsed').all()) {
        await expander.click();
        await settled(page);
      }
      expect(label.length, key).toBeGreaterThan(0);
      await expect(page).toHaveTitle(`${label} · Channel Desk`);
      findings.push(...(await check(page, key, lang)));
      for (const prefix of await shownButLeftOut(page)) shown.add(prefix);
      // For review: every page as the walk saw it.
      await testInfo.attach(`${lang}-${key}.png`, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
    }

    // The delivery log shows the seeded event's time in the app language.
    await page.getByTestId('nav-deliveries').click();
    await settled(page);
    const row = page.getByTestId('event-row-880001');
    await expect(row).toBeVisible();
    await expect.soft(row).toContainText(lang === 'zh-CN' ? /\d{4}年\d{1,2}月\d{1,2}日/ : /\b[A-Z][a-z]{2} \d{1,2}, \d{4}\b/);

    expect(findings, findings.map((f) => `${f.page}: ${f.problem}`).join('\n')).toEqual([]);
    // Every antd component the walk showed has its styles in the app's stylesheet.
    expect(leftOutPrefixes().leftOut.size).toBeGreaterThan(0);
    expect([...shown], 'antd components shown whose styles the build left out').toEqual([]);
  });
}
