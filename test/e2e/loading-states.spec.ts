import { expect, test } from './fixtures.js';

/** While a list is still on its way, a table shows that it is loading, never that it is empty. */
for (const { route, method, testId, pageId, emptyText } of [
  { route: '/rules', method: 'rules.list', testId: 'rules-table', pageId: 'page-rules', emptyText: 'No rules yet' },
  { route: '/deliveries', method: 'sender.events', testId: 'events-table', pageId: 'page-deliveries', emptyText: 'No events yet' },
]) {
  test(`${route}: no empty text while ${method} is loading`, async ({ page, server }) => {
    await server.open(page, '/settings');
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route(`**/api/${method}`, async (r) => {
      await held;
      await r.continue();
    });
    await page.goto(`${server.origin}/#${route}`);
    await expect(page.getByTestId(pageId).locator('[aria-busy="true"]')).not.toHaveCount(0);
    await expect(page.getByTestId(pageId)).not.toContainText(emptyText);
    release();
    // Truly empty once the answer is in.
    await expect(page.getByTestId(testId)).toContainText(emptyText);
  });
}
