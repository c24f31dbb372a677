import path from 'node:path';
import { initialFiles } from '../bench/bundle-size.js';
import { expect, test } from './fixtures.js';

const UI_DIR = path.resolve(import.meta.dirname, '../../dist/renderer');

const IMMUTABLE = 'public, max-age=31536000, immutable';

test('first visit: small compressed initial JS, immutable hashed assets, index.html revalidated, page chunks prefetched once the shell is idle', async ({
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
  // Before the app's scripts run, the HTML itself paints the boot screen.
  await expect(page.getByTestId('nav-users')).toBeVisible();
  // Whatever the start page is, the window title names it.
  await expect(page.getByTestId('page-title')).not.toBeEmpty();
  await expect(page).toHaveTitle(`${await page.getByTestId('page-title').innerText()} · Channel Desk`);

  expect(documents[0]).toEqual({ cache: 'no-cache', encoding: 'br' });
  // The initial JS as the build's chunk graph names it: each was fetched before the shell showed.
  const initial = initialFiles(UI_DIR).map((f) => `/${f}`);
  expect(initial.length).toBeGreaterThan(1);
  let total = 0;
  for (const p of initial) {
    const s = scripts.get(p);
    expect(s, p).toBeDefined();
    expect(s!.encoding, p).toBe('br');
    expect(s!.cache, p).toBe(IMMUTABLE);
    total += s!.bytes;
  }
  // What crosses the wire before the app can paint its shell (issue 17: ≤ 250 KB as sent).
  expect(total).toBeLessThanOrEqual(250 * 1024);

  // The Users page is its own chunk, not needed for the shell; it is fetched once the shell is idle (the
  // page asks for it, index.html does not: fetched at load, 45 chunks competed with the shell's),
  // before any click, so the first visit does not wait for it.
  expect(initial.some((p) => /\/UsersPage-[^/]+\.js$/.test(p))).toBe(false);
  const html = await (await page.request.get(server.url)).text();
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
  const bg = () => page.evaluate<string>("getComputedStyle(document.querySelector('.ant-layout')).backgroundColor");
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
