import path from 'node:path';
import { initialFiles } from '../bench/bundle-size.js';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const UI_DIR = path.resolve(import.meta.dirname, '../../dist/renderer');

const IMMUTABLE = 'public, max-age=31536000, immutable';

test('first visit: no app script before the shell, compressed immutable JS, index.html revalidated, other pages loaded once the shell is idle', async ({
  page,
  server,
}) => {
  const scripts = new Map<string, { encoding: string | undefined; cache: string | undefined; bytes: number }>();
  const documents: { cache: string | undefined; encoding: string | undefined }[] = [];
  page.on('response', async (res) => {
    const url = new URL(res.url());
    const headers = await res.allHeaders();
    if (res.request().resourceType() === 'document') documents.push({ cache: headers['cache-control'], encoding: headers['content-encoding'] });
    if (url.pathname.endsWith('.js')) {
      scripts.set(url.pathname, { encoding: headers['content-encoding'], cache: headers['cache-control'], bytes: Number(headers['content-length']) });
    }
  });

  await page.goto(server.url);
  // The shell is in the HTML itself (see the static-shell tests below); the app then renders its own over it.
  await expect(page.getByTestId('nav-users')).toBeVisible();
  // Whatever the start page is, the window title names it.
  await expect(page.getByTestId('page-title')).not.toBeEmpty();
  await expect(page).toHaveTitle(`${await page.getByTestId('page-title').innerText()} · Channel Desk`);

  expect(documents[0]).toEqual({ cache: 'no-cache', encoding: 'br' });
  // Before the shell paints, the page runs one small script of its own (language, theme, page): the app's
  // modules are deferred and start after that paint (issue 17: ≤ 250 KB before the shell).
  const html = await (await page.request.get(server.url)).text();
  const blocking = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '').filter((a) => !/type="module"|\basync\b|\bdefer\b/.test(a));
  expect(blocking).toEqual([' src="./boot.js"']);
  expect(scripts.get('/boot.js')?.bytes).toBeLessThan(2 * 1024);
  // The JS the app starts with, as the build's chunk graph names it: each fetched compressed and cached for good.
  const initial = initialFiles(UI_DIR).map((f) => `/${f}`);
  expect(initial.length).toBeGreaterThan(1);
  for (const p of initial) {
    const s = scripts.get(p);
    expect(s, p).toBeDefined();
    expect(s!.encoding, p).toBe('br');
    expect(s!.cache, p).toBe(IMMUTABLE);
  }

  // The Users page is its own chunk, not needed for the shell; it is loaded once the shell is idle (the
  // app asks for it, index.html does not: fetched at load, 45 chunks competed with the shell's),
  // before any click, so the first visit does not wait for it.
  expect(initial.some((p) => /\/UsersPage-[^/]+\.js$/.test(p))).toBe(false);
  expect(html).not.toMatch(/<link[^>]*UsersPage-/);
  await expect.poll(() => [...scripts.keys()].some((p) => /\/UsersPage-[^/]+\.js$/.test(p))).toBe(true);
  await page.getByTestId('nav-users').click();
  await expect(page.getByTestId('page-users')).toBeVisible();
  await expect(page).toHaveTitle('Users · Channel Desk');
  const usersChunk = [...scripts.entries()].find(([p]) => /\/UsersPage-[^/]+\.js$/.test(p));
  expect(usersChunk?.[1]).toMatchObject({ encoding: 'br', cache: IMMUTABLE });
});

test('theme follows the OS and the switch overrides it, kept across reloads', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await server.open(page, '/channels');
  const bg = () => backgroundOf(page, 'app-shell');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const darkBg = await bg();
  await page.getByTestId('theme-light').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await bg()).not.toBe(darkBg);
  await page.reload();
  await expect(page.getByTestId('page-title')).not.toBeEmpty();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByTestId('theme-system').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

/** The app's own scripts never arrive: what is on screen is index.html with its boot.js, as in the first frames. */
async function withoutAppScripts(page: Page): Promise<void> {
  await page.route('**/assets/*.js', (route) => route.abort());
}

/** A string: the test files are typed without the DOM library. */
const backgroundOf = (page: Page, testId: string) =>
  page.evaluate<string>(`getComputedStyle(document.querySelector('[data-testid="${testId}"]')).backgroundColor`);

const box = async (page: Page, testId: string) => page.getByTestId(testId).boundingBox();

test('the shell paints from the HTML before any script of the app: the menu in the chosen language and theme, the page highlighted, links that work', async ({
  page,
  server,
}) => {
  await withoutAppScripts(page);
  await page.addInitScript(() => {
    localStorage.setItem('channel-desk.language', 'zh-CN');
    localStorage.setItem('channel-desk.theme', 'dark');
  });
  await page.goto(`${server.origin}/#/channels`);
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('link', { name: '用户' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = (testId: string) => backgroundOf(page, testId);
  // Ant Design's dark menu: the selected item on #111a2c, the others on the container.
  expect(await bg('nav-channels')).toBe('rgb(17, 26, 44)');
  expect(await bg('nav-users')).not.toBe('rgb(17, 26, 44)');
  await nav.getByRole('link', { name: '规则' }).click();
  await expect(page).toHaveURL(/#\/rules$/);
});

test('the same shell in English and light, and the app takes it over without moving it', async ({ page, server, browser }) => {
  const bare = await browser.newPage({ locale: 'en-US', viewport: page.viewportSize() ?? undefined });
  await withoutAppScripts(bare);
  await bare.goto(`${server.origin}/#/users`);
  await expect(bare.getByRole('navigation').getByRole('link', { name: 'Users' })).toBeVisible();
  await expect(bare.getByRole('navigation').getByRole('link', { name: '用户' })).toHaveCount(0);
  await expect(bare.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await backgroundOf(bare, 'nav-users')).toBe('rgb(230, 244, 255)');

  await server.open(page, '/users');
  await expect(page.getByTestId('page-users')).toBeVisible();
  for (const id of ['nav-home', 'nav-users', 'nav-settings']) expect(await box(page, id), id).toEqual(await box(bare, id));
  expect(await page.getByTestId('nav-users').getAttribute('aria-current')).toBe('page');
  await bare.close();
});

test('below 992 px the menu narrows to icons and keeps its names for screen readers, before and after the app runs', async ({ page, server, browser }) => {
  const bare = await browser.newPage({ locale: 'en-US', viewport: { width: 900, height: 700 } });
  await withoutAppScripts(bare);
  await bare.goto(`${server.origin}/#/`);
  await page.setViewportSize({ width: 900, height: 700 });
  await server.open(page);
  for (const p of [bare, page]) {
    const link = p.getByRole('navigation').getByRole('link', { name: 'Delivery log' });
    await expect(link).toBeVisible();
    expect((await box(p, 'nav-deliveries'))?.width).toBeLessThanOrEqual(64);
  }
  await bare.close();
});

test('a cold start shows Home with its data in the first render: no skeleton or spinner in between', async ({ page, server }) => {
  // Recorded in the page from its first script on: whether a loading placeholder was ever inserted into the page.
  // A string: the test files are typed without the DOM library.
  await page.addInitScript(`(() => {
    const seen = { placeholder: false };
    window.__seen = seen;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="page-content"] .ant-skeleton, [data-testid="page-loading"]')) seen.placeholder = true;
    }).observe(document, { childList: true, subtree: true });
  })()`);
  await page.goto(server.url);
  await expect(page.getByTestId('home-health')).toBeVisible();
  await expect(page.getByTestId('home-checklist')).toBeVisible();
  expect(await page.evaluate<boolean>('window.__seen.placeholder')).toBe(false);
});
