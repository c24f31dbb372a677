import path from 'node:path';
import { Menu, Notification, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { Language } from '../shared/i18n-text.js';
import {
  IDLE_TRAY_STATE,
  deadLetterNotification,
  trayModel,
  type AlertsSource,
  type TrayAction,
  type TrayIcon,
  type TrayView,
  type WatcherTrayState,
} from './tray-model.js';

export interface TrayOptions {
  /** Folder with tray-ok.png, tray-sending.png, tray-failures.png, tray-paused.png (+ @2x). */
  readonly iconDir: string;
  /** The alerts service, once it exists; without it the tray shows the idle state. */
  readonly alerts?: AlertsSource;
  /** The DMS watcher's state, read at each render (it has no change event; the tray samples it). */
  readonly watcher?: () => WatcherTrayState;
  readonly language: () => Language;
  readonly onAction: (action: TrayAction) => void;
}

/** How often the watcher's state is sampled; the menu is rebuilt only when something changed. */
const WATCHER_SAMPLE_MS = 5_000;

export interface AppTray {
  /** Re-renders (e.g. after a language change or a tray action). */
  refresh(): void;
  dispose(): void;
}

function menuTemplate(view: TrayView, onAction: (a: TrayAction) => void): MenuItemConstructorOptions[] {
  return view.items.map((item): MenuItemConstructorOptions => {
    if (item.kind === 'separator') return { type: 'separator' };
    if (item.kind === 'status') return { label: item.label, enabled: false };
    return { label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
  });
}

/** Renders trayModel() into the OS tray and turns dead-letter bursts into OS notifications. */
export function createAppTray(opts: TrayOptions): AppTray {
  const iconFile = (icon: TrayIcon): string => path.join(opts.iconDir, `tray-${icon}.png`);
  const tray = new Tray(nativeImage.createFromPath(iconFile('ok')));
  let shownIcon: TrayIcon = 'ok';
  let shownView = '';
  let disposed = false;

  const render = (): void => {
    // A late refresh (after a tray action that quit the app) must not touch a destroyed tray.
    if (disposed) return;
    const view = trayModel(opts.alerts?.state() ?? IDLE_TRAY_STATE, opts.language(), opts.watcher?.());
    // Rebuilding an unchanged menu makes some Linux status areas flicker or close an open menu.
    const key = JSON.stringify(view);
    if (key === shownView) return;
    shownView = key;
    if (view.icon !== shownIcon) {
      tray.setImage(nativeImage.createFromPath(iconFile(view.icon)));
      shownIcon = view.icon;
    }
    tray.setToolTip(view.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(view, opts.onAction)));
  };
  const sampler = opts.watcher ? setInterval(render, WATCHER_SAMPLE_MS) : null;
  sampler?.unref();

  // Windows and Linux open the window on a click; macOS shows the menu instead.
  if (process.platform !== 'darwin') tray.on('click', () => opts.onAction('open'));

  const unsubscribe = [
    opts.alerts?.onChange(render),
    opts.alerts?.onNotice((notice) => {
      if (!Notification.isSupported()) return;
      const { title, body } = deadLetterNotification(notice, opts.language());
      const n = new Notification({ title, body });
      n.on('click', () => opts.onAction('open-deliveries'));
      n.show();
    }),
  ];

  render();
  return {
    refresh: render,
    dispose() {
      if (disposed) return;
      disposed = true;
      if (sampler) clearInterval(sampler);
      unsubscribe.forEach((u) => u?.());
      tray.destroy();
    },
  };
}
