import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

/**
 * The main window's security settings and guards as plain functions (Electron types only, no runtime
 * import), so they are unit-tested here and main.ts only wires them up.
 */

/** The UI is served from a privileged custom scheme, not file://: one origin, real CSP headers. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'channel-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True for URLs of the app's own UI: `app://channel-desk/...` with no credentials or port. */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.hostname.toLowerCase() === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist/electron/preload.cjs). */
  readonly preloadPath: string;
  readonly iconPath?: string;
  /** DevTools only in development: a packaged build passes false (app.isPackaged). */
  readonly devTools: boolean;
}

/** The Electron security checklist, as window options. */
export function mainWindowOptions({ preloadPath, iconPath, devTools }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'Channel Desk',
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** Opens a URL in the system browser if the external-link allowlist accepts it; a no-op otherwise. */
export type ExternalOpener = (url: string) => void;

/**
 * Navigation never leaves the app: any other URL is cancelled, and an allowlisted https link
 * (e.g. a platform console) goes to the system browser instead. New windows are always denied.
 */
export function guardWebContents(contents: WebContents, openExternal: ExternalOpener): void {
  const stayInApp = (event: { preventDefault(): void }, url: string): void => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openExternal(url);
  };
  contents.on('will-navigate', (event, url) => stayInApp(event, url));
  contents.on('will-redirect', (event, url) => stayInApp(event, url));
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * Every permission is denied, except writing to the clipboard from the app's own page: the setup
 * guide's copy buttons need it, and it exposes nothing.
 */
export function permissionAllowed(permission: string, requestingUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}

export function guardPermissions(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(permissionAllowed(permission, details.requestingUrl || contents.getURL()));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
}
