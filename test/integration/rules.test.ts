import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyEvent } from '../../shared/catalog/dms-events.js';
import { deliveriesFor } from '../../electron/services/delivery/people-deliveries.js';
import { mapOrderKind } from '../../electron/services/dms/mapping.js';
import { planEvent } from '../../electron/services/rules/resolve.js';
import { RuleStore } from '../../electron/services/rules/rule-store.js';
import { openSettingsStore } from '../../electron/services/settings/conf-settings-store.js';
import type { SettingsStore } from '../../electron/services/settings/settings-store.js';
import { dmsEventSchema } from '../../shared/events/dms-event.js';
import { dmsBody, mapDirectory } from './delivery-harness.js';

const ev = (o: Parameters<typeof dmsBody>[0] = {}) => dmsEventSchema.parse(dmsBody(o));

let dir: string;
let settings: SettingsStore;
let rules: RuleStore;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-rules-'));
  settings = openSettingsStore({ dataDir: dir });
  settings.update((s) => ({
    ...s,
    channels: { ...s.channels, feishu: { ...s.channels.feishu, enabled: true }, dingtalk: { ...s.channels.dingtalk, enabled: true } },
  }));
  rules = new RuleStore(settings);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const directory = mapDirectory({
  '3001': { feishu: 'ou_approver', dingtalk: 'ding_approver' },
  '3002': { feishu: 'ou_extra' },
  '2001': { dingtalk: 'ding_submitter' },
});

describe('DMS catalogue', () => {
  it('matches webhook strings in either language and keeps unknown values', () => {
    const en = classifyEvent('Ticket', 'Data Exporting', 'Pending Approval');
    const zh = classifyEvent('工单', '数据导出', '待审批');
    expect([en.module.id, en.businessType.id, en.status.id]).toEqual(['ticket', 'data-export', 'pending-approval']);
    expect([zh.module.id, zh.businessType.id, zh.status.id]).toEqual(['ticket', 'data-export', 'pending-approval']);
    expect(classifyEvent('任务编排', 'Task Flow', '执行失败').status).toMatchObject({ id: 'failed', known: true });
    expect(classifyEvent('数仓开发', 'Publishing', 'Succeeded').module.name.en).toBe('Data Warehouse Development');
    const odd = classifyEvent('Ticket', 'Quantum Sync', 'Teleported');
    expect(odd.businessType).toMatchObject({ id: 'Quantum Sync', known: false });
    expect(odd.status).toMatchObject({ id: 'Teleported', known: false });
  });
});

describe('rule store', () => {
  it('stores catalogue ids whatever language the key was given in, one rule per key', () => {
    rules.save({ module: '工单', businessType: '数据导出', status: 'Pending Approval', additionalUsers: ['3002', '3002'] });
    rules.save({ module: 'ticket', businessType: 'data-export', status: 'pending-approval', additionalUsers: ['3002'], enabled: false });
    expect(rules.list()).toEqual([
      { module: 'ticket', businessType: 'data-export', status: 'pending-approval', custom: false, enabled: false, additionalUsers: ['3002'], channels: [] },
    ]);
    rules.setEnabled({ module: 'Ticket', businessType: 'Data Exporting', status: '待审批' }, true);
    expect(rules.list()[0]!.enabled).toBe(true);
    expect(rules.views()[0]!.names.businessType.zh).toBe('数据导出');
    rules.save(
      { module: 'ticket', businessType: 'data-change', status: 'failed' },
      { module: 'ticket', businessType: 'data-export', status: 'pending-approval' },
    );
    expect(rules.list().map((r) => r.businessType)).toEqual(['data-change']);
    rules.delete({ module: 'ticket', businessType: 'data-change', status: 'failed' });
    expect(rules.list()).toEqual([]);
    expect(() => rules.delete({ module: 'ticket', businessType: 'x', status: 'y' })).toThrow(/No rule/);
  });
});

describe('simulator', () => {
  it('plans with the kind the producer knows (the DMS watcher, from the OpenAPI codes) instead of parsing the names back', () => {
    rules.save({ module: 'ticket', businessType: 'data-export', status: 'pending-approval', additionalUsers: ['3002'] });
    // Names that classify as nothing known: the rule only matches through the kind handed over.
    const odd = ev({ targetUsers: [{ uid: '3001', name: 'Li Si' }] });
    const renamed = { ...odd, category: 'Tickets (renamed)', module: 'DATA_EXPORT', event: 'toaudit' };
    expect(planEvent(renamed, settings.read(), directory).rule).toBeNull();
    const plan = planEvent(renamed, settings.read(), directory, mapOrderKind('DATA_EXPORT', 'toaudit').kind);
    expect(plan.rule).toMatchObject({ module: 'ticket', businessType: 'data-export', status: 'pending-approval' });
    expect(plan.channels.find((c) => c.channel === 'feishu')!.recipients.map((r) => r.uid)).toEqual(['3001', '3002']);
  });

  it('pending approval goes to the approvers plus the rule’s users on every enabled channel; people without a platform id are called out', () => {
    rules.save({ module: 'ticket', businessType: 'data-export', status: 'pending-approval', additionalUsers: ['3002', '9999'] });
    const plan = planEvent(ev({ targetUsers: [{ uid: '3001', name: 'Li Si' }] }), settings.read(), directory);
    expect(plan.willSend).toBe(true);
    const feishu = plan.channels.find((c) => c.channel === 'feishu')!;
    expect(feishu.recipients.map((r) => [r.uid, r.platformUserId, r.origin])).toEqual([
      ['3001', 'ou_approver', 'event'],
      ['3002', 'ou_extra', 'rule'],
    ]);
    expect(feishu.missing).toEqual([{ uid: '9999', name: '9999', reason: 'not-in-users' }]);
    const ding = plan.channels.find((c) => c.channel === 'dingtalk')!;
    expect(ding.missing.map((m) => m.uid)).toEqual(['3002', '9999']);
    expect(plan.channels.find((c) => c.channel === 'lark')).toMatchObject({ enabled: false, used: false });
    // 3002 is reached on Feishu, so only 9999 gets nothing at all.
    expect(plan.nobody.map((n) => [n.uid, n.reason])).toEqual([['9999', 'not-in-users']]);
    // Intake turns the unreachable person into dead letters (visible, retryable) and the rest into notes.
    const { deliveries, notes } = deliveriesFor(plan);
    expect(deliveries.filter((d) => d.platformUserId === null).map((d) => [d.recipientUid, d.channel])).toEqual([
      ['9999', 'dingtalk'],
      ['9999', 'feishu'],
    ]);
    expect(notes.map((n) => [n.uid, n.channel, n.reason])).toEqual([['3002', 'dingtalk', 'not-found']]);
    expect(deliveries.find((d) => d.recipientUid === '9999')!.error!.code).toBe('NOT_IN_USERS');
  });

  it('a disabled rule sends nothing and says why; a rule limited to a disabled channel reports the channel', () => {
    rules.save({ module: 'ticket', businessType: 'data-export', status: 'pending-approval', enabled: false });
    const off = planEvent(ev(), settings.read(), directory);
    expect(off.willSend).toBe(false);
    expect(off.nobody.map((n) => n.reason)).toEqual(['rule-disabled']);
    expect(deliveriesFor(off).deliveries).toEqual([]);

    rules.save({ module: 'ticket', businessType: 'data-export', status: 'pending-approval', channels: ['lark'] });
    const lark = planEvent(ev(), settings.read(), directory);
    expect(lark.channels.find((c) => c.channel === 'lark')!.missing).toEqual([{ uid: '3001', name: 'Li Si', reason: 'channel-disabled' }]);
    expect(lark.nobody.map((n) => n.reason)).toEqual(['channel-disabled']);
  });

  it('other events go to the submitter when the event names nobody; the most specific rule wins', () => {
    rules.save({ module: 'ticket', businessType: '*', status: 'succeeded', additionalUsers: ['3002'] });
    rules.save({ module: 'ticket', businessType: 'data-change', status: 'succeeded', additionalUsers: [] });
    const change = planEvent(ev({ module: '数据变更', event: '执行成功', targetUsers: [] }), settings.read(), directory);
    expect(change.rule?.businessType).toBe('data-change');
    expect(change.channels.find((c) => c.channel === 'dingtalk')!.recipients.map((r) => [r.uid, r.origin])).toEqual([['2001', 'submitter']]);
    const exportDone = planEvent(ev({ event: 'Succeeded', targetUsers: [] }), settings.read(), directory);
    expect(exportDone.rule?.businessType).toBe('*');
    expect(exportDone.channels.find((c) => c.channel === 'feishu')!.recipients.map((r) => r.uid)).toEqual(['3002']);
  });

  it('an approval naming nobody, with no rule users, is reported as having no recipients', () => {
    const plan = planEvent(ev({ targetUsers: [] }), settings.read(), directory);
    expect(plan.willSend).toBe(false);
    expect(plan.nobody.map((n) => n.reason)).toEqual(['no-recipients']);
  });
});
