import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import type { MethodOutput } from '../../shared/contract/index.js';
import { dmsBody } from './delivery-harness.js';
import { TEST_VAULT_ENV } from './test-stores.js';

let dataDir: string;
let app: AppServices;
const inbox = async () => ((await dispatch(createHandlers(app), 'health.get', {}, { transport: 'http' })) as MethodOutput<'health.get'>).inbox;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'cd-home-inbox-'));
  app = await createAppServices({ dataDir, mode: 'headless', env: TEST_VAULT_ENV });
});
afterEach(async () => {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("Home's inbox card shows the last webhook from DMS, not a later reminder, simulator test or CLI call", async () => {
  expect(await inbox()).toEqual({ lastEventAt: null, lastEventSource: null });
  app.delivery.intake.accept(dmsBody(), { source: 'reminder' });
  expect(await inbox()).toEqual({ lastEventAt: null, lastEventSource: null });

  app.delivery.intake.accept(dmsBody(), { source: 'webhook' });
  const afterWebhook = await inbox();
  expect(afterWebhook).toMatchObject({ lastEventSource: 'webhook', lastEventAt: expect.any(String) });

  for (const source of ['reminder', 'test', 'cli'] as const) app.delivery.intake.accept(dmsBody(), { source });
  expect(await inbox()).toEqual(afterWebhook);
});
