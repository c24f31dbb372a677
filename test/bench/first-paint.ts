import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { ServerProcess } from '../fixtures/serve-process.js';

export const CHROMIUM = '/usr/bin/chromium';

const FCP_SCRIPT = `new Promise((resolve) => {
  const found = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
  if (found() !== undefined) return resolve(found());
  new PerformanceObserver(() => { if (found() !== undefined) resolve(found()); }).observe({ type: 'paint', buffered: true });
})`;

/** Every page but Home, by its menu key; each shows `data-testid="page-<key>"`. */
export const PAGE_KEYS = ['setup-guide', 'channels', 'users', 'rules', 'deliveries', 'dms', 'settings'] as const;

/** An admin reads Home this long before the first click (the shell is idle by then). */
const THINK_MS = 1_000;

/** A page is on screen with its data: its root is there, and no spinner or skeleton is left in it. */
const PAGE_READY = (key: string): string => `() => {
  const root = document.querySelector('[data-testid="page-${key}"]');
  return !!root && !document.querySelector('main .ant-skeleton, [data-testid="page-loading"], main .ant-spin-spinning');
}`;

export interface FirstPaintSamples {
  /** First contentful paint (the boot screen of index.html). */
  readonly fcp: number[];
  /** The app shell (menu) on screen. */
  readonly shell: number[];
  /** Home with its live data (checklist and health) on screen. */
  readonly home: number[];
  /** Per sample, the slowest first visit of a page (click → page with its data). */
  readonly pageVisit: number[];
  /** Per page, every sample's first visit. */
  readonly byPage: Record<string, number[]>;
}

/**
 * Cold loads (new browser context, empty cache) of the printed URL of the built UI served by
 * `channel-desk serve`, in headless Chromium: first paint, the shell, Home with data, then a first visit
 * to every page through the menu. Samples in ms.
 */
export async function measureFirstPaint(samples: number): Promise<FirstPaintSamples> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'channel-desk-fcp-'));
  const serve = new ServerProcess(dataDir);
  try {
    await serve.start();
    const { url } = serve.info;
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const results: FirstPaintSamples = { fcp: [], shell: [], home: [], pageVisit: [], byPage: Object.fromEntries(PAGE_KEYS.map((k) => [k, []])) };
      // One warm-up load: the server's first request and Chromium's first page pay one-off costs.
      for (let i = 0; i <= samples; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await page.goto(url, { waitUntil: 'commit' });
        await page.locator('[data-testid="nav-channels"]').waitFor();
        const shell = await page.evaluate<number>('performance.now()');
        await page.locator('[data-testid="home-checklist"]').waitFor();
        await page.locator('[data-testid="home-health"]').waitFor();
        const home = await page.evaluate<number>('performance.now()');
        // A string, not a function: tsx would wrap a function's inner helpers in its own `__name`.
        const fcp = await page.evaluate<number>(FCP_SCRIPT);
        await page.waitForTimeout(THINK_MS);
        const visits: Record<string, number> = {};
        for (const key of PAGE_KEYS) {
          const t0 = await page.evaluate<number>('performance.now()');
          await page.locator(`[data-testid="nav-${key}"]`).click();
          await page.waitForFunction(PAGE_READY(key), undefined, { polling: 'raf' });
          visits[key] = (await page.evaluate<number>('performance.now()')) - t0;
        }
        if (i > 0) {
          results.fcp.push(fcp);
          results.shell.push(shell);
          results.home.push(home);
          results.pageVisit.push(Math.max(...Object.values(visits)));
          for (const key of PAGE_KEYS) results.byPage[key]!.push(visits[key]!);
        }
        await context.close();
      }
      return results;
    } finally {
      await browser.close();
    }
  } finally {
    await serve.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
