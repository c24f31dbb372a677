import { describe, expect, it } from 'vitest';
import { text } from '../../../shared/i18n-text.js';
import { computeChecklist, createHomeService, type ChecklistFacts } from './checklist.js';

type ChannelFact = ChecklistFacts['channels'][number];
const channel = (over: Partial<ChannelFact> & Pick<ChannelFact, 'channel'>): ChannelFact => ({
  configured: false,
  enabled: false,
  lastTest: null,
  credentialsChangedAt: null,
  state: 'disabled',
  cause: null,
  ...over,
});
const on = (over: Partial<ChannelFact> = {}): ChannelFact =>
  channel({ channel: 'feishu', configured: true, enabled: true, state: 'ok', credentialsChangedAt: '2026-12-01T10:00:00.000Z', ...over });
const WRONG_SECRET = text('App Secret invalid (or the app is unauthorized/disabled).', 'App Secret 无效（或应用未授权/已停用）。');

const empty: ChecklistFacts = {
  guides: [
    { channel: 'dingtalk', done: 0, total: 10 },
    { channel: 'feishu', done: 0, total: 8 },
  ],
  channels: [channel({ channel: 'dingtalk' }), channel({ channel: 'feishu' })],
  users: [],
  rules: [],
  deliveries: { sent: 0, dead: 0 },
};

const statuses = (f: ChecklistFacts) => Object.fromEntries(computeChecklist(f).steps.map((s) => [s.id, s.status]));

describe('home checklist', () => {
  it('a fresh install: every step to do, the guide first', () => {
    const c = computeChecklist(empty);
    expect(c.steps.map((s) => s.id)).toEqual(['guide', 'credentials', 'credtest', 'users', 'rule', 'delivered']);
    expect(c.steps.every((s) => s.status === 'todo')).toBe(true);
    expect(c).toMatchObject({ done: 0, total: 6, next: 'guide' });
    expect(c.steps.map((s) => s.link)).toEqual(['/setup-guide', '/channels', '/channels', '/users', '/rules', '/rules']);
  });

  it('guide progress is shown until one guide is complete', () => {
    const partial = computeChecklist({ ...empty, guides: [{ channel: 'feishu', done: 3, total: 8 }] }).steps[0]!;
    expect(partial).toMatchObject({ status: 'todo', detail: { en: 'Feishu: 3 of 8 items ticked.' } });
    const complete = computeChecklist({ ...empty, guides: [{ channel: 'feishu', done: 8, total: 8 }] });
    expect(complete.steps[0]).toMatchObject({ status: 'done', detail: { en: 'Guide completed: Feishu', zh: '已完成指南：飞书' } });
    expect(complete.next).toBe('credentials');
  });

  it('a credential test counts only for an enabled channel; a failed last test is failed, not done', () => {
    const failed = { ...empty, channels: [on({ lastTest: { ok: false, at: '2026-12-01T11:00:00.000Z' } })] };
    expect(statuses(failed)).toMatchObject({ credentials: 'done', credtest: 'failed' });
    const unconfigured = { ...empty, channels: [channel({ channel: 'feishu', lastTest: { ok: true, at: '2026-12-01T11:00:00.000Z' } })] };
    expect(statuses(unconfigured)).toMatchObject({ credentials: 'todo', credtest: 'todo' });
    const disabled = { ...empty, channels: [on({ enabled: false, state: 'disabled', lastTest: { ok: true, at: '2026-12-01T11:00:00.000Z' } })] };
    expect(statuses(disabled)).toMatchObject({ credentials: 'done', credtest: 'todo' });
    const passed = { ...empty, channels: [on({ lastTest: { ok: true, at: '2026-12-01T11:00:00.000Z' } })] };
    expect(statuses(passed)).toMatchObject({ credtest: 'done' });
  });

  it('a passed test from before the credentials last changed does not count', () => {
    const c = computeChecklist({ ...empty, channels: [on({ lastTest: { ok: true, at: '2026-12-01T09:00:00.000Z' } })] });
    expect(c.steps[2]).toMatchObject({ status: 'todo', detail: { en: 'Credentials changed since the last test: Feishu. Test again.' } });
  });

  it('a passed test is never done while the channel is failing: the step says why', () => {
    const c = computeChecklist({ ...empty, channels: [on({ state: 'failing', cause: WRONG_SECRET, lastTest: { ok: true, at: '2026-12-01T11:00:00.000Z' } })] });
    expect(c.steps[2]).toMatchObject({ status: 'failed', detail: { en: `Feishu is failing: ${WRONG_SECRET.en}`, zh: `飞书出现故障：${WRONG_SECRET.zh}` } });
  });

  it('users: none, not looked up, looked up and not found, found', () => {
    expect(statuses(empty).users).toBe('todo');
    expect(computeChecklist({ ...empty, users: [{ found: [], failed: [], errors: [] }] }).steps[3]!.detail.en).toBe('1 user(s), not looked up yet.');
    expect(statuses({ ...empty, users: [{ found: [], failed: ['feishu'], errors: [] }] }).users).toBe('failed');
    expect(
      statuses({
        ...empty,
        users: [
          { found: ['feishu'], failed: [], errors: [] },
          { found: [], failed: ['feishu'], errors: [] },
        ],
      }).users,
    ).toBe('done');
  });

  it('users whose lookups failed on a failing channel are not blamed: the step names the channel and its cause', () => {
    const users = Array.from({ length: 3 }, () => ({ found: [], failed: [], errors: ['feishu' as const] }));
    const step = computeChecklist({ ...empty, channels: [on({ state: 'failing', cause: WRONG_SECRET })], users }).steps[3]!;
    expect(step.status).toBe('failed');
    expect(step.link).toBe('/channels');
    expect(step.detail.en).toContain(`Feishu is failing: ${WRONG_SECRET.en}`);
    expect(step.detail.en).not.toContain('none of');
    expect(step.detail.zh).not.toContain('均未找到');
  });

  it('rules: only an enabled rule counts', () => {
    expect(statuses({ ...empty, rules: [{ enabled: false }] }).rule).toBe('todo');
    expect(statuses({ ...empty, rules: [{ enabled: false }, { enabled: true }] }).rule).toBe('done');
  });

  it('delivered: dead letters alone are failed; one sent delivery is done', () => {
    expect(statuses({ ...empty, deliveries: { sent: 0, dead: 2 } }).delivered).toBe('failed');
    expect(statuses({ ...empty, deliveries: { sent: 1, dead: 2 } }).delivered).toBe('done');
  });

  it('the service reads resolutions per user, missing fields and secret changes per channel, and the health model', async () => {
    const summary = text('All steps passed.', '所有步骤均通过。');
    const home = createHomeService({
      guideProgress: (c) => (c === 'lark' ? { done: 5, total: 5 } : { done: 0, total: 5 }),
      channels: () => [
        {
          channel: 'lark',
          enabled: true,
          missing: [],
          lastTest: { ok: true, at: '2026-12-01T11:00:00.000Z', summary },
          secrets: { appSecret: { set: true, changedAt: '2026-12-01T10:00:00.000Z' } },
        },
        { channel: 'feishu', enabled: false, missing: ['secrets.appSecret'], lastTest: { ok: true, at: '2026-12-01T11:00:00.000Z', summary }, secrets: {} },
      ],
      users: () => [{ resolutions: { lark: { status: 'found' }, feishu: { status: 'not_found' } } }],
      rules: () => [{ enabled: true }],
      deliveryCounts: () => ({ sent: 0, dead: 0 }),
      health: async () => ({ channels: [] }),
    });
    const c = await home.checklist();
    expect(c.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'todo']);
    expect(c.steps[2]!.detail.en).toBe('Passed: Lark');
    expect(c).toMatchObject({ done: 5, next: 'delivered' });
  });
});
