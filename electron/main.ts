import os from 'node:os';
import path from 'node:path';
import { BrowserWindow, app, dialog, ipcMain, protocol, session, shell } from 'electron';
import { isMethodName, type MethodName } from '../shared/contract/index.js';
import { AppError } from '../shared/errors.js';
import type { Language } from '../shared/i18n-text.js';
import { APP_ID } from './app-identity.js';
import { APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol.js';
import { formatError, splitGlobalOptions } from './cli/main.js';
import { parseLanguage, resolveDataDir } from './data-dir.js';
import { registerIpc } from './ipc.js';
import { createExternalOpener } from './open-external.js';
import { builtUiDir } from './package-root.js';
import { createHandlers } from './services/api/index.js';
import { dispatch, toAppError, type Handlers } from './services/api/dispatch.js';
import { createAppServices, type AppServices } from './services/app.js';
import { createAppTray, type AppTray } from './tray.js';
import type { AlertsSource, TrayAction } from './tray-model.js';
import { APP_ENTRY_URL, APP_SCHEME, guardPermissions, guardWebContents, mainWindowOptions } from './window.js';

/** The renderer's route for the delivery log (hash router). */
const DELIVERY_LOG_HASH = '#/deliveries';

const globalArgs = splitGlobalOptions(process.argv.slice(app.isPackaged ? 1 : 2));
// One data folder for both modes: Electron's userData is the CLI's data dir (--data-dir / env / default).
const dataDir = resolveDataDir(globalArgs.dataDir, { platform: process.platform, env: process.env, home: os.homedir() }, process.cwd());

// Windows AppUserModelId (notifications, taskbar grouping): electron-builder's appId.
app.setAppUserModelId(APP_ID);
app.setPath('userData', dataDir);
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
  if (!(err instanceof AppError)) console.error(err);
  app.exit(1);
}

async function start(): Promise<void> {
  // electron-store 12 is ESM and imports 'electron': load it only here, inside Electron.
  const { default: ElectronStore } = await import('electron-store');
  const services = await createAppServices({
    dataDir,
    mode: 'electron',
    settingsBackend: (o) => new ElectronStore<Record<string, unknown>>(o),
  });
  const handlers = createHandlers(services);
  const appRoot = app.getAppPath();
  const uiDir = builtUiDir(appRoot);
  const iconDir = path.join(appRoot, 'build');

  session.defaultSession.protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, uiDir));
  guardPermissions(session.defaultSession);
  const openExternal = createExternalOpener(shell);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));

  let window: BrowserWindow | null = null;
  let quitting = false;
  let tray: AppTray | null = null;

  const showWindow = (hash = ''): void => {
    if (!window || window.isDestroyed()) {
      const win = new BrowserWindow(
        mainWindowOptions({ preloadPath: path.join(import.meta.dirname, 'preload.cjs'), iconPath: path.join(iconDir, 'icon.png') }),
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

  registerIpc(ipcMain, handlers, () => (window && !window.isDestroyed() ? window.webContents.mainFrame : null));

  const alerts: AlertsSource = services.delivery.alerts;
  try {
    tray = createAppTray({
      iconDir,
      alerts,
      language: () => uiLanguage(services),
      onAction: (action) => void onTrayAction(action, handlers, showWindow),
    });
    services.settings.onChange(() => tray?.refresh());
  } catch (err) {
    // Some Linux desktops have no status area: the app still works, closing the window quits.
    console.error('Tray unavailable:', err);
  }

  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('window-all-closed', () => {
    if (!tray) app.quit();
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    tray?.dispose();
    void services.close().finally(() => {
      closed = true;
      app.quit();
    });
  });

  showWindow();
  services.startBackground();
}

const TRAY_METHODS: Partial<Record<TrayAction, MethodName>> = {
  pause: 'sender.pause',
  resume: 'sender.resume',
  'retry-all': 'sender.retryAllFailed',
};

async function onTrayAction(action: TrayAction, handlers: Handlers, showWindow: (hash?: string) => void): Promise<void> {
  if (action === 'open') return showWindow();
  if (action === 'open-deliveries') return showWindow(DELIVERY_LOG_HASH);
  if (action === 'quit') return app.quit();
  const method = TRAY_METHODS[action];
  if (!method || !isMethodName(method)) return;
  try {
    // Through the contract like every other caller; the alerts service then updates the tray.
    await dispatch(handlers, method, {}, { transport: 'ipc' });
  } catch (err) {
    console.error(`Tray action ${action} failed:`, toAppError(err).text.en);
  }
}
