import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { AppError } from '../../shared/errors.js';

let dir: string;
let services: AppServices;
const call = (name: string, input: unknown = {}) => dispatch(createHandlers(services), name, input, { transport: 'http' });

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-retention-setting-'));
  services = await createAppServices({ dataDir: dir, mode: 'cli' });
});
afterEach(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

it('retention.save refuses what is not a whole number of days from 1 to 3650, naming the field, and stores nothing', async () => {
  expect(await call('retention.get')).toEqual({ sentEventDays: 30 });
  for (const bad of [0, 3651, 2.5, '7']) {
    const err = await call('retention.save', { sentEventDays: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_INPUT');
    expect(JSON.stringify((err as AppError).toBody())).toContain('sentEventDays');
  }
  expect(await call('retention.get')).toEqual({ sentEventDays: 30 });
});

it('a saved retention is what the hourly prune reads, and it survives a restart', async () => {
  expect(await call('retention.save', { sentEventDays: 7 })).toEqual({ sentEventDays: 7 });
  expect(services.settings.read().retention.sentEventDays).toBe(7);
  await services.close();
  services = await createAppServices({ dataDir: dir, mode: 'cli' });
  expect(await call('retention.get')).toEqual({ sentEventDays: 7 });
  expect(readFileSync(services.settings.filePath, 'utf8')).toContain('"sentEventDays": 7');
});
