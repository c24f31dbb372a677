import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main.js';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { mapOrderKind } from '../../electron/services/dms/mapping.js';
import { planEvent } from '../../electron/services/rules/resolve.js';
import { AppError } from '../../shared/errors.js';
import { dmsEventSchema } from '../../shared/events/dms-event.js';
import { unwrapDmsBody } from '../../shared/events/dms-body.js';
import { dmsBody, mapDirectory } from './delivery-harness.js';
import { readmeBlocks, readmeConfig } from './readme-harness.js';
import { TEST_VAULT_ENV } from './test-stores.js';

let dir: string;
let services: AppServices;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-rules-config-'));
  services = await createAppServices({ dataDir: dir, mode: 'cli', env: TEST_VAULT_ENV });
});
afterEach(async () => {
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rule = (over: Record<string, unknown>) => ({
  module: 'Ticket',
  businessType: 'Data Exporting',
  status: 'Pending Approval',
  additionalUsers: ['1002'],
  ...over,
});
const importRules = (rules: unknown[]) => services.config.importConfig({ version: 1, rules });
const issuesOf = async (p: Promise<unknown>) => {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('BAD_INPUT');
  return (err as AppError).issues ?? [];
};
const directory = mapDirectory({ '3001': { feishu: 'ou_target' }, '1002': { feishu: 'ou_extra' } });
/** Who the stored rules send `event` to on Feishu (switched on here; only the rules are imported). */
const feishuRecipients = (event: unknown) => {
  const s = services.settings.read();
  const settings = { ...s, channels: { ...s.channels, feishu: { ...s.channels.feishu, enabled: true } } };
  return planEvent(dmsEventSchema.parse(unwrapDmsBody(event)), settings, directory)
    .channels.find((c) => c.channel === 'feishu')!
    .recipients.map((r) => [r.uid, r.origin]);
};

describe('config file rules: by name or id, any language, case and spacing', () => {
  it.each([
    ['English names', rule({})],
    ['Chinese names', rule({ module: '工单', businessType: '数据导出', status: '待审批' })],
    ['catalogue ids', rule({ module: 'ticket', businessType: 'data-export', status: 'pending-approval' })],
    ['odd case and spacing', rule({ module: ' TICKET ', businessType: 'data  exporting', status: 'pending_approval' })],
  ])('%s are stored as catalogue ids and match the webhook as DMS sends it', async (_why, r) => {
    await importRules([r]);
    expect(services.settings.read().rules).toEqual([
      { module: 'ticket', businessType: 'data-export', status: 'pending-approval', custom: false, enabled: true, additionalUsers: ['1002'], channels: [] },
    ]);
    // DMS's flat body (English), its documented sample shape (messageEvent, epoch-ms eventTime, Chinese).
    expect(feishuRecipients(dmsBody())).toEqual([
      ['3001', 'event'],
      ['1002', 'rule'],
    ]);
    const zh = { messageEvent: { ...dmsBody({ category: '工单', module: '数据导出', event: '待审批' }), eventTime: 1764576000000 }, signatureMethod: 'None' };
    expect(feishuRecipients(zh)).toEqual([
      ['3001', 'event'],
      ['1002', 'rule'],
    ]);
  });

  it('a rule written by name matches the event the DMS watcher raises for a ticket entering approval', async () => {
    await importRules([rule({})]);
    const kind = mapOrderKind('DATA_EXPORT', 'toaudit');
    const event = dmsBody({ category: kind.module, module: kind.businessType, event: kind.status });
    expect(feishuRecipients(event)).toEqual([
      ['3001', 'event'],
      ['1002', 'rule'],
    ]);
  });

  it('an unknown value is refused at its path with the nearest catalogue values, in both languages; nothing changes', async () => {
    await importRules([rule({ status: 'Failed' })]);
    const before = services.settings.read().rules;
    const issues = await issuesOf(importRules([rule({ businessType: 'Data Exportin' }), rule({ module: '工单x', status: 'Pending Aproval' })]));
    expect(issues.map((i) => i.path)).toEqual(['rules.0.businessType', 'rules.1.module', 'rules.1.status']);
    expect(issues[0]!.message.en).toBe(
      '"Data Exportin" is not a DMS business type — did you mean "Data Exporting"? (or set "custom": true on this rule to match a value DMS sends that the catalogue lacks)',
    );
    expect(issues[0]!.message.zh).toContain('您是否要输入 "Data Exporting"');
    // Written in Chinese → suggested in Chinese.
    expect(issues[1]!.message.en).toContain('did you mean "工单"?');
    expect(issues[2]!.message.en).toContain('did you mean "Pending Approval"?');
    expect(services.settings.read().rules).toEqual(before);
  });

  it("the rule editor's refusal counts the problems instead of listing raw paths; each issue names its field", async () => {
    const err = await dispatch(createHandlers(services), 'rules.save', { rule: rule({ businessType: 'Data Exportin' }) }, { transport: 'http' }).catch(
      (e: unknown) => e,
    );
    expect((err as AppError).text).toEqual({ en: 'The rule is invalid: 1 problem.', zh: '规则无效：1 处问题。' });
    expect((err as AppError).issues?.map((i) => i.path)).toEqual(['rule.businessType']);
  });

  it('nothing close: the message lists the catalogue values', async () => {
    const issues = await issuesOf(importRules([rule({ status: 'zzzzzzzzzzzz' })]));
    expect(issues[0]!.message.en).toContain('use one of "Pending Approval", "Approved", "Rejected"');
  });

  it('"custom": true keeps a value DMS sends that the catalogue lacks and matches it whatever its case', async () => {
    await importRules([rule({ businessType: 'Quantum Sync', status: 'Teleported', custom: true })]);
    expect(services.settings.read().rules[0]).toMatchObject({ module: 'ticket', businessType: 'Quantum Sync', status: 'Teleported', custom: true });
    expect(feishuRecipients(dmsBody({ module: 'quantum  sync', event: 'TELEPORTED' }))).toEqual([
      ['3001', 'event'],
      ['1002', 'rule'],
    ]);
    expect(feishuRecipients(dmsBody({ module: 'Quantum Sink', event: 'Teleported' }))).toEqual([['3001', 'event']]);
  });

  it('two rules with the same key (after normalising) are refused at the second', async () => {
    const issues = await issuesOf(importRules([rule({}), rule({ module: '工单', businessType: '数据导出', status: '待审批' })]));
    expect(issues.map((i) => i.path)).toEqual(['rules.1']);
    expect(issues[0]!.message.en).toContain('rules.0');
  });

  it('export writes English names; export → import → export is byte-identical', async () => {
    await importRules([
      rule({ module: '工单', businessType: '数据导出', status: '待审批' }),
      rule({ module: 'task-orchestration', businessType: '*', status: '执行失败', channels: ['feishu'], enabled: false }),
      rule({ module: '数仓开发', businessType: 'Task Flow', status: 'succeeded' }),
      rule({ businessType: 'Quantum Sync', status: 'Teleported', custom: true }),
    ]);
    const first = services.config.exportText();
    expect(JSON.parse(first).rules.map((r: Record<string, unknown>) => [r.module, r.businessType, r.status, r.custom])).toEqual([
      ['Ticket', 'Data Exporting', 'Pending Approval', false],
      ['Task Orchestration', '*', 'Failed', false],
      ['Data Warehouse Development', 'Task Flow', 'Succeeded', false],
      ['Ticket', 'Quantum Sync', 'Teleported', true],
    ]);
    await services.config.importText(first);
    expect(services.config.exportText()).toBe(first);
    // The Data Warehouse "Task Flow" stays that module's business type, not Task Orchestration's.
    expect(services.settings.read().rules[2]!.businessType).toBe('dw-task-flow');
  });
});

describe('channel-desk config import: the admin reads the path and the suggestion', () => {
  it.each([
    ['en', '  rules.0.businessType: "Data Exportin" is not a DMS business type — did you mean "Data Exporting"?'],
    ['zh', '  rules.0.businessType: "Data Exportin" 不是 DMS 的业务类型——您是否要输入 "Data Exporting"？'],
  ])('--lang %s', async (lang, line) => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, rules: [rule({ businessType: 'Data Exportin' })] }));
    const err: string[] = [];
    const saved = { ...process.env };
    Object.assign(process.env, TEST_VAULT_ENV);
    try {
      const code = await runCli({
        argv: ['config', 'import', file, '--data-dir', dir, '--lang', lang],
        env: process.env,
        cwd: dir,
        platform: 'linux',
        home: dir,
        out: () => undefined,
        err: (l) => err.push(l),
        signal: new AbortController().signal,
      });
      expect(code).toBe(1);
    } finally {
      process.env = saved;
    }
    expect(
      err.some((l) => l.startsWith(line)),
      err.join('\n'),
    ).toBe(true);
    expect(services.settings.read().rules).toEqual([]);
  });
});

describe('the README configuration example', () => {
  it('imports as written; its export shows the rule as the README writes it, and export → import → export is byte-identical', async () => {
    const example = readmeConfig(readmeBlocks());
    await services.config.importConfig(example);
    const first = services.config.exportText();
    const { custom, ...asWritten } = JSON.parse(first).rules[0] as Record<string, unknown>;
    expect(custom).toBe(false);
    expect(asWritten).toEqual(example.rules![0]);
    await services.config.importText(first);
    expect(services.config.exportText()).toBe(first);
  });
});

describe('rules.save (UI and contract) uses the same normaliser', () => {
  it('names in either language become ids; an unknown value is refused at rule.<part> unless custom', async () => {
    services.delivery.rules.save({ module: 'Ticket', businessType: '数据变更', status: 'failed' });
    expect(services.delivery.rules.list()[0]).toMatchObject({ module: 'ticket', businessType: 'data-change', status: 'failed', custom: false });
    const err = (() => {
      try {
        services.delivery.rules.save({ module: 'Ticket', businessType: 'Data Chnage', status: 'failed' });
      } catch (e) {
        return e as AppError;
      }
      return null;
    })();
    expect(err?.issues?.map((i) => [i.path, i.message.en.includes('did you mean "Data Change"?')])).toEqual([['rule.businessType', true]]);
    services.delivery.rules.save({ module: 'Ticket', businessType: 'Data Chnage', status: 'failed', custom: true });
    expect(services.delivery.rules.views().map((v) => [v.businessType, v.custom])).toEqual([
      ['data-change', false],
      ['Data Chnage', true],
    ]);
  });
});
