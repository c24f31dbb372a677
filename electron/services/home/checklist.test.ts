import { describe, expect, it } from 'vitest';
import { computeChecklist, createHomeService, type ChecklistFacts } from './checklist.js';

const empty: ChecklistFacts = {
  guides: [
    { channel: 'dingtalk', done: 0, total: 10 },
    { channel: 'feishu', done: 0, total: 8 },
  ],
  channels: [
    { channel: 'dingtalk', configured: false, lastTest: null },
    { channel: 'feishu', configured: false, lastTest: null },
  ],
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

  it('a credential test counts only for a configured channel; a failed last test is failed, not done', () => {
    const failed = { ...empty, channels: [{ channel: 'feishu' as const, configured: true, lastTest: { ok: false, at: 't' } }] };
    expect(statuses(failed)).toMatchObject({ credentials: 'done', credtest: 'failed' });
    const unconfigured = { ...empty, channels: [{ channel: 'feishu' as const, configured: false, lastTest: { ok: true, at: 't' } }] };
    expect(statuses(unconfigured)).toMatchObject({ credentials: 'todo', credtest: 'todo' });
    const passed = { ...empty, channels: [{ channel: 'feishu' as const, configured: true, lastTest: { ok: true, at: 't' } }] };
    expect(statuses(passed)).toMatchObject({ credtest: 'done' });
  });

  it('users: none, not looked up, looked up and not found, found', () => {
    expect(statuses(empty).users).toBe('todo');
    expect(computeChecklist({ ...empty, users: [{ found: [], failed: [] }] }).steps[3]!.detail.en).toBe('1 user(s), not looked up yet.');
    expect(statuses({ ...empty, users: [{ found: [], failed: ['feishu'] }] }).users).toBe('failed');
    expect(
      statuses({
        ...empty,
        users: [
          { found: ['feishu'], failed: [] },
          { found: [], failed: ['feishu'] },
        ],
      }).users,
    ).toBe('done');
  });

  it('rules: only an enabled rule counts', () => {
    expect(statuses({ ...empty, rules: [{ enabled: false }] }).rule).toBe('todo');
    expect(statuses({ ...empty, rules: [{ enabled: false }, { enabled: true }] }).rule).toBe('done');
  });

  it('delivered: dead letters alone are failed; one sent delivery is done', () => {
    expect(statuses({ ...empty, deliveries: { sent: 0, dead: 2 } }).delivered).toBe('failed');
    expect(statuses({ ...empty, deliveries: { sent: 1, dead: 2 } }).delivered).toBe('done');
  });

  it('the service reads resolutions per user and missing fields per channel', () => {
    const home = createHomeService({
      guideProgress: (c) => (c === 'lark' ? { done: 5, total: 5 } : { done: 0, total: 5 }),
      channels: () => [
        { channel: 'lark', missing: [], lastTest: { ok: true, at: 't' } },
        { channel: 'feishu', missing: ['secrets.appSecret'], lastTest: { ok: true, at: 't' } },
      ],
      users: () => [{ resolutions: { lark: { status: 'found' }, feishu: { status: 'not_found' } } }],
      rules: () => [{ enabled: true }],
      deliveryCounts: () => ({ sent: 0, dead: 0 }),
    });
    const c = home.checklist();
    expect(c.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'done', 'todo']);
    expect(c.steps[2]!.detail.en).toBe('Passed: Lark');
    expect(c).toMatchObject({ done: 5, next: 'delivered' });
  });
});
