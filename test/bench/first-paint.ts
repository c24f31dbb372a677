import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
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

/** Shown when every `all` selector matches and no `none` selector does. */
interface OnScreen {
  readonly all: readonly string[];
  readonly none?: string;
}

/** A page is on screen with its data: its root is there, and no spinner or skeleton is left in it. */
const PAGE_READY = (key: string): OnScreen => ({
  all: [`[data-testid="page-${key}"]`],
  none: 'main .ant-skeleton, [data-testid="page-loading"], main .ant-spin-spinning',
});
const SHELL: OnScreen = { all: ['[data-testid="nav-channels"]'] };
const HOME: OnScreen = { all: ['[data-testid="home-checklist"]', '[data-testid="home-health"]'] };

/**
 * Times in the page, installed before its first script: `__benchWatch(name, what)` records in `__benchMarks[name]`
 * the start of the first animation frame after the DOM change that shows `what` (the frame that paints it). A
 * MutationObserver sees the change as it is made; nothing runs on frames in between, so the watching costs the page
 * nothing. (Playwright's `locator.waitFor` polls from outside with a backoff that reaches 500 ms: it measured its
 * schedule more than the app. A `waitForFunction` predicate passed as a string resolves at once with the function.)
 * A string: tsx would wrap a function's inner helpers in its own `__name`; added by DevTools, so the CSP allows it.
 */
const WATCH_SCRIPT = `(() => {
  const marks = {};
  const watches = new Map();
  const shows = ({ all, none }) => all.every((s) => document.querySelector(s) !== null) && !(none && document.querySelector(none));
  const check = () => {
    for (const [name, what] of watches) {
      if (!shows(what)) continue;
      watches.delete(name);
      requestAnimationFrame((frameStart) => { marks[name] = frameStart; });
    }
  };
  window.__benchMarks = marks;
  window.__benchWatch = (name, what) => { watches.set(name, what); check(); };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  window.__benchWatch('shell', ${JSON.stringify(SHELL)});
  window.__benchWatch('home', ${JSON.stringify(HOME)});
})()`;

type BenchWindow = { __benchMarks: Record<string, number | undefined>; __benchWatch(name: string, what: OnScreen): void };

/** The mark's time once the page has recorded it; polled by timer, not by frame, so the waiting adds no frames. */
async function mark(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction((n) => (globalThis as unknown as BenchWindow).__benchMarks[n], name, { polling: 50, timeout: 30_000 });
  return (await handle.jsonValue()) as number;
}

export interface FirstPaintSamples {
  /** First contentful paint (the static shell of index.html). */
  readonly fcp: number[];
  /** The app shell (menu) on screen: the frame that shows it, and not before the first paint. */
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
        await context.addInitScript(WATCH_SCRIPT);
        const page = await context.newPage();
        await page.goto(url, { waitUntil: 'commit' });
        const shell = await mark(page, 'shell');
        const home = await mark(page, 'home');
        // A string, not a function: tsx would wrap a function's inner helpers in its own `__name`.
        const fcp = await page.evaluate<number>(FCP_SCRIPT);
        await page.waitForTimeout(THINK_MS);
        const visits: Record<string, number> = {};
        for (const key of PAGE_KEYS) {
          const t0 = await page.evaluate(
            ([n, what]) => {
              (globalThis as unknown as BenchWindow).__benchWatch(n, what);
              return performance.now();
            },
            [key, PAGE_READY(key)] as const,
          );
          await page.locator(`[data-testid="nav-${key}"]`).click();
          visits[key] = (await mark(page, key)) - t0;
        }
        if (i > 0) {
          results.fcp.push(fcp);
          results.shell.push(Math.max(shell, fcp));
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
