import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';

const ROOT = path.resolve(import.meta.dirname, '../..');
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
  // Off a terminal serve redacts the token it prints; the full UI URL is in the token file (as in the README).
  const tokenFile = path.join(dataDir, 'ui-token.json');
  const child = spawn(process.execPath, ['bin/channel-desk.js', 'serve', '--port', '0', '--data-dir', dataDir, '--token-file', tokenFile], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', (line) => {
        try {
          JSON.parse(line);
          resolve((JSON.parse(readFileSync(tokenFile, 'utf8')) as { url: string }).url);
        } catch {
          reject(new Error(`serve printed: ${line}`));
        }
      });
      child.once('exit', (code) => reject(new Error(`serve exited (${code}):\n${stderr.join('')}`)));
    });
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
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
