import { expect, test, exportPendingApproval, type Server } from './fixtures.js';
import type { Page } from '@playwright/test';

/** What the issue promises: a change on screen within 1 s of happening, with no reload and no polling. */
const LIVE_MS = 1_000;
/** The service gone: every page says so within 5 s. */
const STALE_MS = 5_000;

/** Queues a DMS event (no channel set up: it is logged with why nobody was told). */
async function queue(server: Server, taskId: string): Promise<void> {
  await server.api('events.notify', { event: exportPendingApproval({ taskId, taskName: `Export ${taskId}` }) });
}

/** Counts full page loads from now on: a reload would show new data too, and must not be needed. */
function countLoads(page: Page): () => number {
  let loads = 0;
  page.on('load', () => loads++);
  return () => loads;
}

test('a delivery queued while the Delivery log is open appears within 1 s, without a reload', async ({ page, server }) => {
  await server.open(page, '/deliveries');
  await expect(page.getByTestId('page-deliveries')).toBeVisible();
  // The event stream is open (the page follows the service by push from here on).
  await expect(page.getByTestId('page-content')).toHaveAttribute('data-live', 'true');
  const loads = countLoads(page);

  // Two in a row: polling every few seconds could show the first one in time by luck, never both.
  await queue(server, '910001');
  await expect(page.getByTestId('event-row-910001')).toBeVisible({ timeout: LIVE_MS });
  await queue(server, '910002');
  await expect(page.getByTestId('event-row-910002')).toBeVisible({ timeout: LIVE_MS });
  expect(loads()).toBe(0);
});

for (const { locale, unreachable } of [
  { locale: 'en-US', unreachable: 'Channel Desk’s service cannot be reached.' },
  { locale: 'zh-CN', unreachable: '无法连接 Channel Desk 服务。' },
]) {
  test.describe(locale, () => {
    test.use({ locale });

    test('with the service gone Home says so within 5 s and greys its values; it recovers by itself', async ({ page, server }) => {
      await server.open(page, '/');
      await expect(page.getByTestId('home-checklist')).toBeVisible();
      const content = page.getByTestId('page-content');
      await expect(content).toHaveAttribute('data-stale', 'false');
      await expect(content).toHaveAttribute('data-live', 'true');
      await expect(page.getByTestId('unreachable-banner')).toHaveCount(0);
      const loads = countLoads(page);

      await server.stop();
      const banner = page.getByTestId('unreachable-banner');
      await expect(banner).toBeVisible({ timeout: STALE_MS });
      await expect(banner).toContainText(unreachable);
      await expect(content).toHaveAttribute('data-stale', 'true');
      // The old values stay for context but are visibly not current.
      await expect(content).toHaveCSS('opacity', /^0\.[0-5]\d*$/);
      await expect(page.getByTestId('home-checklist')).toBeVisible();

      await server.resume();
      await expect(banner).toBeHidden({ timeout: STALE_MS });
      await expect(content).toHaveAttribute('data-stale', 'false');
      await expect(content).toHaveAttribute('data-live', 'true');
      // Live again, in the same document: a new event reaches the Delivery log at once.
      await page.getByTestId('nav-deliveries').click();
      await expect(page.getByTestId('page-deliveries')).toBeVisible();
      await queue(server, '920001');
      await expect(page.getByTestId('event-row-920001')).toBeVisible({ timeout: LIVE_MS });
      expect(loads()).toBe(0);
    });
  });
}
