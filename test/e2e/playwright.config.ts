import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * End-to-end tests against the BUILT app (`npm run build` first): each test gets its own
 * `channel-desk serve` on a free port with a fresh data folder (see fixtures.ts), driven in Debian's
 * Chromium. The keychain must be reachable (scripts/test.sh runs everything in a D-Bus session).
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // Two cores: one server + one browser per worker.
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env['CI'],
  // CI retries a failed test once; the list and the summary still report it as flaky, so it is seen and fixed.
  retries: process.env['CI'] ? 1 : 0,
  // Generous: CI machines with 2 cores run a server and a browser per worker.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  outputDir: resolve(ROOT, '.tmp/playwright-results'),
  reporter: [['list'], ['json', { outputFile: resolve(ROOT, '.tmp/playwright.json') }]],
  use: {
    browserName: 'chromium',
    headless: true,
    locale: 'en-US',
    viewport: { width: 1280, height: 860 },
    // As the OS setting asks (reduced-motion.spec.ts): dialogs and menus appear at their place at once, so a click
    // never lands on a dialog that is still zooming in, and the browser renders no animation frames for them.
    reducedMotion: 'reduce',
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
