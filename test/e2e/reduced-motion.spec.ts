import type { Page } from '@playwright/test';
import { expect, test, type Server } from './fixtures.js';

// The OS "reduce motion" setting (prefers-reduced-motion) is honoured, live: antd's dialogs open without their zoom.

const RULE = 'ticket|data-export|pending-approval';

/** From now on, records whether a CSS animation (antd's zoom-in) ever starts on a dialog of the page. */
async function watchDialogAnimations(page: Page): Promise<{ seen(): Promise<boolean> }> {
  // Strings: the test files are typed without the DOM library.
  await page.evaluate(`
    window.dialogAnimated = false;
    document.addEventListener('animationstart', (e) => { if (e.target.closest('.ant-modal')) window.dialogAnimated = true; }, true);
  `);
  return { seen: () => page.evaluate<boolean>('window.dialogAnimated') };
}

async function rulesPage(page: Page, server: Server): Promise<void> {
  await server.api('rules.save', { rule: { module: 'ticket', businessType: 'data-export', status: 'pending-approval' } });
  await server.open(page, '/rules');
}

/** Opens "switch this rule off?" and tells whether the dialog animated its way in; then cancels it. */
async function confirmAnimates(page: Page): Promise<boolean> {
  const animations = await watchDialogAnimations(page);
  await page.getByTestId(`rule-enabled-${RULE}`).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('rule-off-ok')).toBeVisible();
  // In its place: antd's motion classes (ant-zoom-appear…) are gone, whether it zoomed in or not.
  await expect(page.locator('.ant-modal')).not.toHaveClass(/ant-zoom/);
  const animated = await animations.seen();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  return animated;
}

// Either way round: the setting as the app starts, then changed while it is open.
for (const [first, then] of [
  ['reduce', 'no-preference'],
  ['no-preference', 'reduce'],
] as const) {
  test.describe(first, () => {
    test.use({ reducedMotion: first });

    test(`a confirm dialog ${first === 'reduce' ? 'opens without animating' : 'zooms in'}, and follows the OS setting changed to ${then}`, async ({
      page,
      server,
    }) => {
      await rulesPage(page, server);
      expect(await confirmAnimates(page)).toBe(first !== 'reduce');
      await page.emulateMedia({ reducedMotion: then });
      expect(await confirmAnimates(page)).toBe(then !== 'reduce');
    });
  });
}
