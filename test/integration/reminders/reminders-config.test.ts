import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../../electron/services/app.js';
import { AppError } from '../../../shared/errors.js';
import { TEST_VAULT_ENV } from '../test-stores.js';

let dir: string;
let services: AppServices;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-reminders-config-'));
  services = await createAppServices({ dataDir: dir, mode: 'cli', env: TEST_VAULT_ENV });
});
afterEach(async () => {
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const REMINDERS = {
  firstAfterMinutes: 30,
  repeatEveryMinutes: 60,
  maxReminders: 3,
  escalateAfterMinutes: 120,
  escalateTo: ['200000000000033'],
  quietHours: { from: '22:00', to: '08:00', timeZone: 'Asia/Shanghai' },
  digest: { at: '09:00' },
};
const rule = (reminders: unknown) => ({ module: 'Ticket', businessType: 'Data Exporting', status: 'Pending Approval', reminders });

it('a rule’s reminders section imports as written; export → import → export is byte-identical', async () => {
  await services.config.importConfig({ version: 1, rules: [rule(REMINDERS), { ...rule(undefined), status: 'Approved' }] });
  const first = services.config.exportText();
  expect(JSON.parse(first).rules[0].reminders).toEqual(REMINDERS);
  expect(JSON.parse(first).rules[1]).not.toHaveProperty('reminders');
  await services.config.importText(first);
  expect(services.config.exportText()).toBe(first);
});

it('bad reminder values are refused at their path, in English and Chinese, and nothing changes', async () => {
  await services.config.importConfig({ version: 1, rules: [rule({ firstAfterMinutes: 5 })] });
  const before = services.settings.read().rules;
  const err = await services.config
    .importConfig({
      version: 1,
      rules: [
        rule({
          firstAfterMinutes: 0,
          repeatEveryMinutes: 1.5,
          quietHours: { from: '25:00', to: '08:00', timeZone: 'Mars/Olympus' },
          digest: { at: '9am' },
          every: 3,
        }),
      ],
    })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  const issues = (err as AppError).issues ?? [];
  const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
  expect(Object.keys(byPath).sort()).toEqual(
    [
      'rules.0.reminders',
      'rules.0.reminders.digest.at',
      'rules.0.reminders.firstAfterMinutes',
      'rules.0.reminders.quietHours.from',
      'rules.0.reminders.quietHours.timeZone',
      'rules.0.reminders.repeatEveryMinutes',
    ].sort(),
  );
  expect(byPath['rules.0.reminders.quietHours.timeZone']).toEqual({
    en: 'Unknown time zone: use an IANA name such as Asia/Shanghai',
    zh: '未知时区：请使用 IANA 名称，例如 Asia/Shanghai',
  });
  expect(byPath['rules.0.reminders.digest.at']?.zh).toContain('HH:MM');
  expect(byPath['rules.0.reminders.firstAfterMinutes']?.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(services.settings.read().rules).toEqual(before);
});
