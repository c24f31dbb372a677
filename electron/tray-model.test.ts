import { describe, expect, it } from 'vitest';
import type { WatcherStatus } from '../shared/contract/dms.js';
import { deadLetterNotification, trayModel, watcherTrayState, type TrayMenuItem, type TrayState, type WatcherTrayState } from './tray-model.js';

const actions = (items: readonly TrayMenuItem[]) => items.flatMap((i) => (i.kind === 'action' ? [`${i.action}${i.enabled ? '' : ' (disabled)'}`] : []));
const status = (items: readonly TrayMenuItem[]) => items.find((i) => i.kind === 'status');
const statuses = (items: readonly TrayMenuItem[]) => items.flatMap((i) => (i.kind === 'status' ? [i.label] : []));
const IDLE: TrayState = { level: 'ok', failureCount: 0, paused: false };

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
      'open-dms',
      'quit',
    ]);
    expect(actions(trayModel({ level: 'failures', failureCount: 3, paused: true }, 'en-US').items)).toEqual([
      'open',
      'open-deliveries',
      'resume',
      'retry-all',
      'open-dms',
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

describe('trayModel: DMS watcher', () => {
  const err = { en: 'The AccessKey is wrong.', zh: 'AccessKey 错误。' };

  it.each<[string, WatcherTrayState, string, string]>([
    ['not set up', { status: 'unconfigured', lastError: null }, 'DMS watcher: not set up', 'open-dms'],
    ['stopped', { status: 'stopped', lastError: null }, 'DMS watcher: stopped', 'watcher-start'],
    ['running', { status: 'running', lastError: null }, 'DMS watcher: running', 'watcher-stop'],
    ['failing', { status: 'error', lastError: err }, 'DMS watcher: error — The AccessKey is wrong.', 'watcher-stop'],
    ['failing, no message', { status: 'error', lastError: null }, 'DMS watcher: error', 'watcher-stop'],
  ])('%s: status line and the one watcher action', (_n, watcher, line, watcherAction) => {
    const view = trayModel(IDLE, 'en-US', watcher);
    expect(statuses(view.items)).toEqual(['All deliveries sent', line]);
    const acts = actions(view.items);
    expect(acts.filter((a) => /^(watcher-|open-dms)/.test(a))).toEqual([watcherAction]);
    // The watcher never changes the delivery icon; Quit stays last.
    expect(view.icon).toBe('ok');
    expect(acts.at(-1)).toBe('quit');
  });

  it('puts a watcher error in the tooltip, nothing else', () => {
    expect(trayModel(IDLE, 'en-US', { status: 'error', lastError: err }).tooltip).toBe(
      'Channel Desk — All deliveries sent\nDMS watcher: error — The AccessKey is wrong.',
    );
    expect(trayModel(IDLE, 'en-US', { status: 'running', lastError: null }).tooltip).toBe('Channel Desk — All deliveries sent');
  });

  it('clips a long error in the menu', () => {
    const long = { en: 'x'.repeat(300), zh: '长'.repeat(300) };
    const line = statuses(trayModel(IDLE, 'en-US', { status: 'error', lastError: long }).items)[1] ?? '';
    expect(line.length).toBeLessThan(120);
    expect(line.endsWith('…')).toBe(true);
  });

  it('speaks Chinese', () => {
    const view = trayModel(IDLE, 'zh-CN', { status: 'error', lastError: err });
    expect(statuses(view.items)[1]).toBe('DMS 监听：出错 — AccessKey 错误。');
    expect(view.items.find((i) => i.kind === 'action' && i.action === 'watcher-stop')).toMatchObject({ label: '停止 DMS 监听' });
  });
});

describe('watcherTrayState', () => {
  const base: Pick<WatcherStatus, 'running' | 'failures' | 'lastError'> = { running: false, failures: 0, lastError: null };
  const lastError = { at: '2025-01-01T00:00:00Z', code: 'Forbidden.RAM', message: { en: 'No permission', zh: '无权限' }, fix: null };

  it.each<[string, Pick<WatcherStatus, 'running' | 'failures' | 'lastError'>, boolean, WatcherTrayState]>([
    ['stopped, not configured', base, false, { status: 'unconfigured', lastError: null }],
    ['stopped, configured', base, true, { status: 'stopped', lastError: null }],
    ['stopped after errors', { running: false, failures: 3, lastError }, true, { status: 'stopped', lastError: null }],
    ['running', { ...base, running: true }, true, { status: 'running', lastError: null }],
    ['running with a warning from the last good poll', { running: true, failures: 0, lastError }, true, { status: 'running', lastError: null }],
    ['running, last poll failed', { running: true, failures: 2, lastError }, true, { status: 'error', lastError: lastError.message }],
  ])('%s', (_n, status, configured, expected) => {
    expect(watcherTrayState(status, configured)).toEqual(expected);
  });
});

describe('deadLetterNotification', () => {
  it("shows the alerts service text in the admin's language", () => {
    const notice = { count: 3, title: { en: '3 failed', zh: '3 条失败' }, body: { en: 'Open the log.', zh: '请打开日志。' } };
    expect(deadLetterNotification(notice, 'en-US')).toEqual({ title: '3 failed', body: 'Open the log.' });
    expect(deadLetterNotification(notice, 'zh-CN')).toEqual({ title: '3 条失败', body: '请打开日志。' });
  });
});
