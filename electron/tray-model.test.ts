import { describe, expect, it } from 'vitest';
import { deadLetterNotification, trayModel, type TrayMenuItem, type TrayState } from './tray-model.js';

const actions = (items: readonly TrayMenuItem[]) =>
  items.flatMap((i) => (i.kind === 'action' ? [`${i.action}${i.enabled ? '' : ' (disabled)'}`] : []));
const status = (items: readonly TrayMenuItem[]) => items.find((i) => i.kind === 'status');

describe('trayModel', () => {
  it.each<[string, TrayState, string, string]>([
    ['idle', { level: 'ok', failureCount: 0, paused: false }, 'ok', 'All deliveries sent'],
    ['sending', { level: 'sending', failureCount: 0, paused: false }, 'sending', 'Sending…'],
    ['one failure', { level: 'failures', failureCount: 1, paused: false }, 'failures', '1 failed delivery'],
    ['many failures while sending', { level: 'sending', failureCount: 7, paused: false }, 'failures', '7 failed deliveries'],
    ['paused', { level: 'ok', failureCount: 0, paused: true }, 'paused', 'Sending paused'],
    ['paused with failures', { level: 'failures', failureCount: 2, paused: true }, 'failures', '2 failed deliveries'],
  ])('%s', (_name, state, icon, statusLabel) => {
    const view = trayModel(state, 'en-US');
    expect(view.icon).toBe(icon);
    expect(status(view.items)).toEqual({ kind: 'status', label: statusLabel });
    expect(view.tooltip).toContain(statusLabel);
  });

  it('offers Pause while sending and Resume while paused', () => {
    expect(actions(trayModel({ level: 'ok', failureCount: 0, paused: false }, 'en-US').items)).toEqual([
      'open',
      'open-deliveries',
      'pause',
      'retry-all (disabled)',
      'quit',
    ]);
    expect(actions(trayModel({ level: 'failures', failureCount: 3, paused: true }, 'en-US').items)).toEqual([
      'open',
      'open-deliveries',
      'resume',
      'retry-all',
      'quit',
    ]);
  });

  it('says paused in the tooltip when failures hide the paused state', () => {
    expect(trayModel({ level: 'failures', failureCount: 2, paused: true }, 'en-US').tooltip).toBe('Channel Desk — 2 failed deliveries (paused)');
  });

  it('speaks Chinese', () => {
    const view = trayModel({ level: 'failures', failureCount: 4, paused: false }, 'zh-CN');
    expect(status(view.items)).toEqual({ kind: 'status', label: '4 条发送失败' });
    expect(view.items[0]).toMatchObject({ label: '打开 Channel Desk' });
  });
});

describe('deadLetterNotification', () => {
  it('shows the alerts service text in the admin\'s language', () => {
    const notice = { count: 3, title: { en: '3 failed', zh: '3 条失败' }, body: { en: 'Open the log.', zh: '请打开日志。' } };
    expect(deadLetterNotification(notice, 'en-US')).toEqual({ title: '3 failed', body: 'Open the log.' });
    expect(deadLetterNotification(notice, 'zh-CN')).toEqual({ title: '3 条失败', body: '请打开日志。' });
  });
});
