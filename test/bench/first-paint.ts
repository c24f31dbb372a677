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

/**
 * First contentful paint of the built UI served by `channel-desk serve`, in headless Chromium: each
 * sample is a cold load (new browser context, empty cache) of the printed URL. Also the time until the
 * app shell (menu) is on screen, since the first paint is the boot screen of index.html. Samples in ms.
 */
export async function measureFirstPaint(samples: number): Promise<{ fcp: number[]; shell: number[] }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'channel-desk-fcp-'));
  const serve = new ServerProcess(dataDir);
  try {
    await serve.start();
    const { url } = serve.info;
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const results = { fcp: [] as number[], shell: [] as number[] };
      // One warm-up load: the server's first request and Chromium's first page pay one-off costs.
      for (let i = 0; i <= samples; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await page.goto(url, { waitUntil: 'commit' });
        await page.locator('[data-testid="nav-channels"]').waitFor();
        const shell = await page.evaluate<number>('performance.now()');
        // A string, not a function: tsx would wrap a function's inner helpers in its own `__name`.
        const fcp = await page.evaluate<number>(FCP_SCRIPT);
        if (i > 0) {
          results.fcp.push(fcp);
          results.shell.push(shell);
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
