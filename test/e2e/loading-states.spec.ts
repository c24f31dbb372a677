import { expect, holdAnswers, test } from './fixtures.js';

const PAGES = [
  { route: '/users', method: 'users.list', table: 'users-table', empty: { 'en-US': 'No users yet', 'zh-CN': '暂无用户' } },
  { route: '/rules', method: 'rules.list', table: 'rules-table', empty: { 'en-US': 'No rules yet', 'zh-CN': '尚无规则' } },
  { route: '/deliveries', method: 'sender.events', table: 'events-table', empty: { 'en-US': 'No events yet.', 'zh-CN': '尚无事件。' } },
] as const;

for (const lang of ['en-US', 'zh-CN'] as const) {
  test(`while a list loads, its empty text is not shown (${lang})`, async ({ page, server }) => {
    await server.api('app.setLanguage', { language: lang });
    // A slow server from the start: the app's loading ahead (once the shell is idle) waits as long as the page.
    const releases = new Map<string, () => void>();
    for (const p of PAGES) releases.set(p.method, await holdAnswers(page, p.method));
    await server.open(page, undefined, { settle: false });
    for (const p of PAGES) {
      await page.getByTestId(`nav-${p.route.slice(1)}`).click();
      const table = page.getByTestId(p.table);
      await expect(page.locator('[aria-busy="true"]').first()).toBeAttached();
      await expect(table.getByTestId('loading-no-empty-text')).toBeAttached();
      await expect(table).not.toContainText(p.empty[lang]);
      releases.get(p.method)?.();
      // Once the (empty) answer is in, the empty text is the truth.
      await expect(table).toContainText(p.empty[lang]);
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    }
  });
}
