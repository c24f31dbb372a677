import os from 'node:os';
import path from 'node:path';
import { BrowserWindow, Notification, app, dialog, ipcMain, net, powerMonitor, protocol, session, shell } from 'electron';
import { isMethodName, type MethodName } from '../shared/contract/index.js';
import { AppError } from '../shared/errors.js';
import type { Language } from '../shared/i18n-text.js';
import { APP_ID } from './app-identity.js';
import { APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol.js';
import { formatError, splitGlobalOptions } from './global-options.js';
import { parseLanguage, resolveDataDir } from './data-dir.js';
import { forwardServiceEvents, registerIpc } from './ipc.js';
import { closeWithin, watchForWake } from './lifecycle.js';
import { createExternalOpener, withExternalOpener } from './open-external.js';
import { builtUiDir } from './services/package-root.js';
import { createHandlers } from './services/api/index.js';
import { dispatch, type Handlers } from './services/api/dispatch.js';
import { toAppError } from './services/errors.js';
import { createAppServices, type AppServices } from './services/app.js';
import { acquireDataFolderLock } from './services/data-lock/data-folder-lock.js';
import { DMS_SECRET_KEY, missingFields } from './services/dms/connection.js';
import { loggableError } from './services/log/loggable-error.js';
import { secretMeta } from './services/vault/tracked-store.js';
import { createAppTray, type AppTray } from './tray.js';
import { retryAllFromTray } from './tray-retry.js';
import { watcherTrayState, type AlertsSource, type TrayAction, type WatcherTrayState } from './tray-model.js';
import { APP_ENTRY_URL, APP_SCHEME, guardPermissions, guardWebContents, mainWindowOptions } from './window.js';

/** The renderer's routes for the delivery log and the DMS page (hash router). */
const DELIVERY_LOG_HASH = '#/deliveries';
const DMS_PAGE_HASH = '#/dms';

const globalArgs = splitGlobalOptions(process.argv.slice(app.isPackaged ? 1 : 2));
// One data folder for both modes: Electron's userData is the CLI's data dir (--data-dir / env / default).
const dataDir = resolveDataDir(globalArgs.dataDir, { platform: process.platform, env: process.env, home: os.homedir() }, process.cwd());

// Windows AppUserModelId (notifications, taskbar grouping): electron-builder's appId.
app.setAppUserModelId(APP_ID);
app.setPath('userData', dataDir);
// Every renderer sandboxed, whatever a window's options say (defence in depth over mainWindowOptions).
app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start).catch(failStartup);
}

function uiLanguage(services: AppServices | null): Language {
  const chosen = services?.settings.read().ui.language ?? (globalArgs.lang ? parseLanguage(globalArgs.lang) : null);
  return chosen ?? (app.getLocale().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US');
}

/** A start-up failure the admin can act on (no keychain, unwritable folder): say so, then quit. */
function failStartup(err: unknown): void {
  const appErr = err instanceof AppError ? err : toAppError(err);
  const lang = uiLanguage(null);
  dialog.showErrorBox('Channel Desk', formatError(appErr, lang).join('\n'));
  if (!(err instanceof AppError)) console.error(loggableError(err, { stack: true }));
  app.exit(1);
}

async function start(): Promise<void> {
  // electron-store 12 is ESM and imports 'electron': load it only here, inside Electron.
  const { default: ElectronStore } = await import('electron-store');
  // Also across a `serve` on the same folder (requestSingleInstanceLock only sees Electron instances):
  // a conflict goes to failStartup, which names the holder's PID and exits 1.
  const lock = acquireDataFolderLock(dataDir);
  process.on('exit', () => lock.release());
  const services = await createAppServices({
    dataDir,
    mode: 'electron',
    settingsBackend: (o) => new ElectronStore<Record<string, unknown>>(o),
  });
  const appRoot = app.getAppPath();
  const uiDir = builtUiDir(appRoot);
  const iconDir = path.join(appRoot, 'build');

  session.defaultSession.protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, uiDir));
  guardPermissions(session.defaultSession);
  const openExternal = createExternalOpener(shell);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));
  const handlers = withExternalOpener(createHandlers(services), openExternal);

  let window: BrowserWindow | null = null;
  let quitting = false;
  let tray: AppTray | null = null;

  const showWindow = (hash = ''): void => {
    if (!window || window.isDestroyed()) {
      const win = new BrowserWindow(
        mainWindowOptions({
          preloadPath: path.join(import.meta.dirname, 'preload.cjs'),
          iconPath: path.join(iconDir, 'icon.png'),
          devTools: !app.isPackaged,
        }),
      );
      win.once('ready-to-show', () => win.show());
      // With a tray, closing the window keeps the sender running; Quit is in the tray menu.
      win.on('close', (event) => {
        if (!quitting && tray) {
          event.preventDefault();
          win.hide();
        }
      });
      void win.loadURL(`${APP_ENTRY_URL}${hash}`);
      window = win;
      return;
    }
    if (hash) void window.loadURL(`${APP_ENTRY_URL}${hash}`);
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const mainFrame = () => (window && !window.isDestroyed() ? window.webContents.mainFrame : null);
  registerIpc(ipcMain, handlers, mainFrame);
  // Live updates: the page refetches what changed (no polling).
  forwardServiceEvents(services.events, mainFrame);

  const alerts: AlertsSource = services.delivery.alerts;
  try {
    tray = createAppTray({
      iconDir,
      alerts,
      watcher: () => watcherState(services),
      language: () => uiLanguage(services),
      onAction: (action) => void onTrayAction(action, handlers, showWindow, uiLanguage(services)).finally(() => tray?.refresh()),
    });
    services.settings.onChange(() => tray?.refresh());
  } catch (err) {
    // Some Linux desktops have no status area: the app still works, closing the window quits.
    console.error(`Tray unavailable: ${loggableError(err)}`);
  }

  // After sleep, unlock or a network outage, parked retries go now and the watcher polls at once.
  const stopWakeWatch = watchForWake({ power: powerMonitor, isOnline: () => net.isOnline() }, () => {
    try {
      services.delivery.sender.wake();
    } catch (err) {
      // The outbox could not be written (disk full, locked): the loop's own retry timer still runs.
      console.error(`Waking the sender failed: ${loggableError(err)}`);
    }
    if (services.dms.watcher.status().running) void services.dms.watcher.pollNow();
  });

  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    if (!tray) app.quit();
  });
  let closing = false;
  app.on('will-quit', (event) => {
    // Exit happens below through app.exit, which skips will-quit: every will-quit is ours to hold.
    event.preventDefault();
    if (closing) return;
    closing = true;
    stopWakeWatch();
    tray?.dispose();
    // Sender loop, watcher and SQLite close here; a hung keychain call must not keep the app alive.
    void closeWithin(() => services.close()).then((outcome) => {
      if (outcome !== 'closed') console.error(`Channel Desk: shutdown ${outcome}; exiting anyway.`);
      lock.release();
      app.exit(0);
    });
  });

  showWindow();
  services.startBackground();
}

/** The watcher as the tray shows it; "configured" is what dms.watcherStart checks before starting. */
function watcherState(services: AppServices): WatcherTrayState {
  const configured = missingFields(services.settings.read().dms, secretMeta(services.settings, DMS_SECRET_KEY).set).length === 0;
  return watcherTrayState(services.dms.watcher.status(), configured);
}

/** Tray actions that are contract calls: the same handlers (and side effects) as the UI's buttons. */
const TRAY_METHODS: Partial<Record<TrayAction, MethodName>> = {
  pause: 'sender.pause',
  resume: 'sender.resume',
  // These also persist settings.dms.enabled, so the choice survives a restart, as from the DMS page.
  'watcher-start': 'dms.watcherStart',
  'watcher-stop': 'dms.watcherStop',
};

async function onTrayAction(action: TrayAction, handlers: Handlers, showWindow: (hash?: string) => void, lang: Language): Promise<void> {
  if (action === 'open') return showWindow();
  if (action === 'open-deliveries') return showWindow(DELIVERY_LOG_HASH);
  if (action === 'open-dms') return showWindow(DMS_PAGE_HASH);
  if (action === 'quit') return app.quit();
  if (action === 'retry-all') {
    const notify = (n: { title: string; body: string }): void => {
      if (Notification.isSupported()) new Notification(n).show();
    };
    return retryAllFromTray(handlers, lang, notify).catch((err: unknown) => {
      console.error(`Tray action ${action} failed: ${loggableError(toAppError(err))}`);
    });
  }
  const method = TRAY_METHODS[action];
  if (!method || !isMethodName(method)) return;
  try {
    // Through the contract like every other caller; the alerts service then updates the tray.
    await dispatch(handlers, method, {}, { transport: 'ipc' });
  } catch (err) {
    console.error(`Tray action ${action} failed: ${loggableError(toAppError(err))}`);
    // The DMS page says what is missing (connection incomplete, keychain locked) and how to fix it.
    if (action === 'watcher-start') showWindow(DMS_PAGE_HASH);
  }
}
