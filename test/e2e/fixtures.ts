/**
 * Shared Playwright fixtures: every test that uses `server` gets its own headless Channel Desk, started while the
 * worker's previous test ran (a warm spare on a fresh data folder).
 *
 *   import { test, expect } from './fixtures.js';
 *   test('x', async ({ page, server }) => {
 *     await server.open(page, '/channels');            // loads the UI with the token, then the route; waits until settled
 *     const ch = await server.api('channels.list', {}); // typed contract call over HTTP (throws on error)
 *     const raw = await server.post('channels.save', {...}); // { status, body } without throwing
 *     readFileSync(join(server.dataDir, 'settings.json'));
 *     await server.restart();                            // same data folder, new port/token/url
 *     await server.stop(); await server.resume();        // gone, then back on the same port and token
 *   });
 *
 * Also: `selectOption(page, testId, text)` picks an option of an antd <Select data-testid=…>; `settled(page)` waits
 * until the page's data is on screen (after a navigation in the page, before a click whose target could still move);
 * `holdAnswers(page, method)` holds a method's answers back until released.
 *
 * The server is `node bin/channel-desk.js serve --port 0 --data-dir <fresh tmp dir>`; its first stdout
 * line is `{"event":"ready","url":"http://127.0.0.1:<port>/#token=<token>","port":N,"token":"..."}`.
 * It is stopped after the test; the data folder is removed unless the test failed (then its path is
 * attached to the report, with the server's output).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract/index.js';
import type { DmsEventInput } from '../../shared/events/dms-event.js';
import type { FakeServer } from '../fakes/common.js';
import { feishuOnFake as feishuAt, feishuReadyVia } from '../fixtures/feishu-channel.js';
import { ServerProcess } from '../fixtures/serve-process.js';

export interface Server {
  /** The printed URL, token in the fragment. Changes on restart(). */
  readonly url: string;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly dataDir: string;
  /**
   * Loads the UI through the token URL, then goes to `route` (e.g. '/setup-guide'), and waits until the page has
   * settled (`settled()`): a click then never lands on a card that data arriving later pushes away. A test that holds
   * the page's answers back passes `{ settle: false }`.
   */
  open(page: Page, route?: string, options?: { settle?: boolean }): Promise<void>;
  /** A contract call over HTTP; throws with the error body when the answer is not 2xx. */
  api<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** The raw answer of `POST /api/<method>`, for tests about errors. */
  post(method: string, input: unknown): Promise<{ status: number; body: unknown }>;
  /** Stops and starts the server on the same data folder (new port and token). */
  restart(): Promise<void>;
  /** Stops the server (an open page loses it), keeping what resume() needs. */
  stop(): Promise<void>;
  /** Starts it again on the same data folder, port and token: an open page can reconnect by itself. */
  resume(): Promise<void>;
}

/** A `serve` on a fresh data folder, starting. */
function freshServer(): Promise<ServerProcess> {
  const proc = new ServerProcess(mkdtempSync(join(tmpdir(), 'channel-desk-e2e-')));
  return proc.start().then(
    () => proc,
    (err: unknown) => {
      rmSync(proc.dataDir, { recursive: true, force: true });
      throw err;
    },
  );
}

/**
 * One warm spare per worker: a test takes the spare that started while the previous test ran (its own fresh data
 * folder, never used before) and the next spare starts at once, so no test waits for a server to boot.
 */
class Spares {
  private next: Promise<ServerProcess> | undefined;

  /** The worker's first spare starts at once, while the browser launches. */
  constructor() {
    this.startNext();
  }

  take(): Promise<ServerProcess> {
    const taken = this.next ?? freshServer();
    this.startNext();
    return taken;
  }

  private startNext(): void {
    this.next = freshServer();
    // A spare that fails to start fails the test that takes it, not the worker in between.
    this.next.catch(() => undefined);
  }

  async close(): Promise<void> {
    const spare = await this.next?.catch(() => undefined);
    this.next = undefined;
    if (!spare) return;
    await spare.stop();
    rmSync(spare.dataDir, { recursive: true, force: true });
  }
}

export const test = base.extend<{ server: Server }, { spares: Spares }>({
  spares: [
    async ({}, use) => {
      const spares = new Spares();
      await use(spares);
      await spares.close();
    },
    // Set up before the browser, so the first spare boots while it launches.
    { scope: 'worker', auto: true },
  ],
  server: async ({ spares }, use, testInfo) => {
    const proc = await spares.take();
    const dataDir = proc.dataDir;
    let stopped: { port: number; token: string } | undefined;

    const post: Server['post'] = async (method, input) => {
      const res = await fetch(`http://127.0.0.1:${proc.info.port}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${proc.info.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Keep the text: the caller asserts on it.
      }
      return { status: res.status, body };
    };

    const server: Server = {
      get url() {
        return proc.info.url;
      },
      get origin() {
        return `http://127.0.0.1:${proc.info.port}`;
      },
      get port() {
        return proc.info.port;
      },
      get token() {
        return proc.info.token;
      },
      dataDir,
      async open(page, route, { settle = true } = {}) {
        await page.goto(proc.info.url);
        // The app moves the token out of the fragment and routes to its home page.
        await expect(page.getByTestId('page-title')).not.toBeEmpty();
        if (route) {
          // The token is in sessionStorage now: a same-document hash change keeps it.
          await page.goto(`http://127.0.0.1:${proc.info.port}/#${route}`);
          await page.waitForURL((u) => u.hash.startsWith(`#${route}`));
          // The app has rendered the route, not only the URL changed: its menu entry is the current page.
          await expect(page.getByRole('navigation').locator('[aria-current="page"]')).toHaveAttribute('href', `#${route.split('?')[0]}`);
        }
        if (settle) await settled(page);
      },
      async api(method, input) {
        const { status, body } = await post(method, input);
        if (status < 200 || status >= 300) throw new Error(`${method} → ${status}: ${JSON.stringify(body)}`);
        return body as never;
      },
      post,
      async restart() {
        await proc.stop();
        await proc.start();
      },
      async stop() {
        stopped = { port: proc.info.port, token: proc.info.token };
        await proc.stop();
      },
      async resume() {
        if (!stopped) throw new Error('resume() without stop()');
        await proc.start(stopped);
        stopped = undefined;
      },
    };

    await use(server);

    await proc.stop();
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('server-output', { body: proc.output.join(''), contentType: 'text/plain' });
      await testInfo.attach('data-dir', { body: dataDir, contentType: 'text/plain' });
    } else {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect };

/** Loading placeholders of the page: its chunk still loading, skeletons, spinners (antd's Spin sets aria-busy). */
const PLACEHOLDERS = '[data-testid="page-loading"], .ant-skeleton, [aria-busy="true"]';
/** A string: the test files are typed without the DOM library. One evaluation, so both parts hold at the same moment. */
const SETTLED_NOW = `document.documentElement.dataset.busy === 'false' && !document.querySelector('[data-testid="page-content"] :is(${PLACEHOLDERS})')`;

/**
 * Waits until the page has settled: no data being fetched (the app's `data-busy` signal, renderer/api/busy-marker.ts)
 * and no loading placeholder shown.
 */
export async function settled(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate<boolean>(SETTLED_NOW), {
      message: 'the page settles: no data loading (html[data-busy="false"]), no skeleton or spinner',
      intervals: [50],
    })
    .toBe(true);
}

/** Holds the page's calls of contract `method` (`users.list`) until the returned function is called. */
export async function holdAnswers(page: Page, method: string): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route(`**/api/${method}`, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Opens the antd Select with `data-testid=testId` (inside `scope`) and clicks the option containing `text`. */
export async function selectOption(scope: Page | Locator, testId: string, text: string): Promise<void> {
  const page = 'page' in scope && typeof scope.page === 'function' ? scope.page() : (scope as Page);
  const select = scope.getByTestId(testId);
  // Pick from this select's own dropdown: another one may still be fading out of a closing drawer.
  const combobox = select.locator('[role="combobox"]').first();
  // A click that lands while the page re-renders (data arriving) can be lost, and a dropdown closed just
  // before (Escape) can still read as open while it fades: open it again until the option is clicked.
  await expect(async () => {
    if ((await combobox.getAttribute('aria-expanded')) !== 'true') await select.click();
    await expect(combobox).toHaveAttribute('aria-controls', /_list$/, { timeout: 2_000 });
    const listId = await combobox.getAttribute('aria-controls');
    const dropdown = page.locator(`.ant-select-dropdown:has([id="${listId}"])`);
    await dropdown.locator('.ant-select-item-option').filter({ hasText: text }).first().click({ timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
}

/** The Feishu channel as an admin saves it (AppId, AppSecret, region), pointed at a fake platform: `channels.save` input. */
export function feishuOnFake(
  fake: FakeServer,
  appId: string,
  appSecret: string,
  region: 'cn-hangzhou' | 'ap-southeast-1' = 'cn-hangzhou',
): MethodInput<'channels.save'> {
  return feishuAt(fake.baseUrl, appId, appSecret, region);
}

/** The Feishu channel saved against a fake platform and switched on, as an admin leaves it after setup. */
export function feishuReady(
  server: Server,
  fake: FakeServer,
  appId: string,
  appSecret: string,
  region: 'cn-hangzhou' | 'ap-southeast-1' = 'cn-hangzhou',
): Promise<void> {
  return feishuReadyVia((m, i) => server.api(m, i), fake.baseUrl, appId, appSecret, region);
}

/** A DMS event as DMS sends it: a data export waiting for Alice's approval; `overrides` replace fields. */
export function exportPendingApproval(overrides: Partial<DmsEventInput> = {}): DmsEventInput {
  return {
    submitterUid: '2001',
    submitterName: 'Zhang San',
    category: 'Ticket',
    module: 'Data Exporting',
    event: 'Pending Approval',
    taskId: '880001',
    taskName: 'Export orders',
    eventTime: '2026-11-27 10:00:00',
    message: 'Please approve.',
    targetUsers: [{ uid: '3001', name: 'Alice' }],
    receivers: [],
    ...overrides,
  };
}
