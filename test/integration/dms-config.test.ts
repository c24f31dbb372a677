import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../electron/services/app.js';

const SECRET = 'imported-ak-secret-123456';
let dir: string;
let services: AppServices;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-dmscfg-'));
  services = await createAppServices({ dataDir: dir, mode: 'cli' });
});
afterEach(async () => {
  await services.vault.delete('dms/accessKeySecret');
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

it('config import stores the "dms" section and its secret in the vault; export never carries the secret', async () => {
  const file = {
    version: 1,
    dms: { enabled: true, region: 'cn-shanghai', tid: 3000, accessKeyId: 'LTAIcfg', accessKeySecret: SECRET, endpoint: '', pollSeconds: 90 },
  };
  const summary = await services.config.importText(JSON.stringify(file));
  expect(summary.secretsStored).toBe(1);
  expect(services.settings.read().dms).toEqual({ enabled: true, region: 'cn-shanghai', tid: 3000, accessKeyId: 'LTAIcfg', endpoint: '', pollSeconds: 90 });
  expect(await services.vault.get('dms/accessKeySecret')).toBe(SECRET);

  const exported = services.config.exportText();
  expect(exported).not.toContain(SECRET);
  expect(JSON.parse(exported).dms).toEqual({ ...file.dms, accessKeySecret: '' });

  // Re-importing the export ("" secret) keeps the stored secret; absent keys keep their values.
  await services.config.importText(exported);
  await services.config.importText(JSON.stringify({ version: 1, dms: { pollSeconds: 30 } }));
  expect(await services.vault.get('dms/accessKeySecret')).toBe(SECRET);
  expect(services.settings.read().dms).toMatchObject({ tid: 3000, accessKeyId: 'LTAIcfg', pollSeconds: 30 });
});

it('an invalid "dms" section changes nothing and names the path', async () => {
  const before = services.settings.read().dms;
  await expect(
    services.config.importText(JSON.stringify({ version: 1, dms: { endpoint: 'http://example.com', accessKeySecret: SECRET } })),
  ).rejects.toMatchObject({ code: 'BAD_INPUT', issues: [expect.objectContaining({ path: 'dms.endpoint' })] });
  await expect(services.config.importText(JSON.stringify({ version: 1, dms: { tid: 'x' } }))).rejects.toMatchObject({
    issues: [expect.objectContaining({ path: 'dms.tid' })],
  });
  await expect(services.config.importText(JSON.stringify({ version: 1, dms: { secret: 'typo' } }))).rejects.toMatchObject({ code: 'BAD_INPUT' });
  expect(services.settings.read().dms).toEqual(before);
  expect(await services.vault.has('dms/accessKeySecret')).toBe(false);
});
