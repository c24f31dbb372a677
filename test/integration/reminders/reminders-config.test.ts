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

it('Settings defaults travel as the file’s top-level `reminders`; a rule’s own fields win, and the simulator shows the merged timeline', async () => {
  const defaults = { firstAfterMinutes: 10, repeatEveryMinutes: 20, maxReminders: 2, quietHours: { from: '22:00', to: '08:00', timeZone: 'Asia/Shanghai' } };
  await services.config.importConfig({ version: 1, reminders: defaults, rules: [rule({ maxReminders: 1 })] });
  expect(services.settings.read().reminderDefaults).toEqual(defaults);
  const text = services.config.exportText();
  expect(JSON.parse(text).reminders).toEqual(defaults);
  await services.config.importText(text);
  expect(services.config.exportText()).toBe(text);

  const t0 = Date.now();
  const sim = await services.delivery.simulate({ module: 'ticket', businessType: 'data-export', status: 'pending-approval', eventUsers: [], submitterUid: '' });
  const t1 = Date.now();
  // First after the default 10 min (quiet hours may move when it fires); one reminder only: the rule's maxReminders beats the default 2.
  expect(sim.reminders?.map((s) => [s.kind, s.n])).toEqual([['reminder', 1]]);
  const due = sim.reminders?.[0]?.dueAt ?? 0;
  expect(due).toBeGreaterThanOrEqual(t0 + 10 * 60_000);
  expect(due).toBeLessThanOrEqual(t1 + 10 * 60_000);

  const err = await services.config.importConfig({ version: 1, reminders: { firstAfterMinutes: -5 } }).catch((e: unknown) => e);
  expect(((err as AppError).issues ?? []).map((i) => i.path)).toEqual(['reminders.firstAfterMinutes']);
  expect(services.settings.read().reminderDefaults).toEqual(defaults);
});

it('without reminder defaults the exported file has no top-level `reminders`', async () => {
  expect(JSON.parse(services.config.exportText())).not.toHaveProperty('reminders');
});
