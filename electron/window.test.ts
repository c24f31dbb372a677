import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, guardPermissions, guardWebContents, isAppUrl, mainWindowOptions, permissionAllowed } from './window.js';

describe('mainWindowOptions', () => {
  const opts = mainWindowOptions({ preloadPath: '/app/dist/electron/preload.cjs', devTools: false });
  const wp = opts.webPreferences ?? {};

  it('applies the Electron security checklist', () => {
    expect(wp).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
    expect(wp).not.toHaveProperty('enableBlinkFeatures');
    expect(wp).not.toHaveProperty('disableBlinkFeatures');
    expect(wp).not.toHaveProperty('partition');
    expect(wp).not.toHaveProperty('additionalArguments');
  });

  it('starts hidden (shown on ready-to-show) and carries the icon only when given', () => {
    expect(opts.show).toBe(false);
    expect(opts).not.toHaveProperty('icon');
    expect(mainWindowOptions({ preloadPath: '/p', iconPath: '/i.png', devTools: false }).icon).toBe('/i.png');
  });

  it('allows DevTools only when asked (development), never by default in a packaged build', () => {
    expect(wp.devTools).toBe(false);
    expect(mainWindowOptions({ preloadPath: '/p', devTools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('isAppUrl', () => {
  it.each([
    [APP_ENTRY_URL, true],
    ['app://channel-desk/index.html#/deliveries', true],
    ['app://channel-desk/assets/x.js', true],
    ['app://CHANNEL-DESK/index.html', true],
    ['app://channel-desk.evil.com/index.html', false],
    ['app://evil/index.html', false],
    ['app://user:pw@channel-desk/index.html', false],
    ['app://channel-desk:8080/index.html', false],
    ['file:///app/dist/renderer/index.html', false],
    ['https://channel-desk/index.html', false],
    ['http://127.0.0.1:4870/', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>1</script>', false],
    ['about:blank', false],
    ['', false],
  ])('%s → %s', (url, ok) => {
    expect(isAppUrl(url)).toBe(ok);
  });
});

/** Enough of WebContents to drive the guards: events we can emit and the window-open handler. */
class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }): void {
    this.openHandler = h;
  }
}

function navEvent(url = ''): { url: string; prevented: boolean; preventDefault(): void } {
  return {
    url,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

describe('guardWebContents', () => {
  const setup = () => {
    const contents = new FakeContents();
    const opened: string[] = [];
    guardWebContents(contents as unknown as WebContents, (url) => opened.push(url));
    return { contents, opened };
  };

  it.each(['will-navigate', 'will-redirect'])('%s: stays in the app, hands other URLs to the opener', (name) => {
    const { contents, opened } = setup();
    const inside = navEvent();
    contents.emit(name, inside, 'app://channel-desk/index.html#/rules');
    expect(inside.prevented).toBe(false);
    for (const url of ['https://open.feishu.cn/app', 'https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      const e = navEvent();
      contents.emit(name, e, url);
      expect(e.prevented, url).toBe(true);
    }
    // The opener applies the allowlist; the guard never opens anything itself.
    expect(opened).toEqual(['https://open.feishu.cn/app', 'https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)']);
  });

  it('cancels frame navigation away from the app and every webview', () => {
    const { contents } = setup();
    const frame = navEvent('https://evil.example/');
    contents.emit('will-frame-navigate', frame);
    expect(frame.prevented).toBe(true);
    const own = navEvent('app://channel-desk/index.html');
    contents.emit('will-frame-navigate', own);
    expect(own.prevented).toBe(false);
    const webview = navEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
  });

  it('denies every new window and routes its URL to the opener', () => {
    const { contents, opened } = setup();
    expect(contents.openHandler?.({ url: 'https://open.dingtalk.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'app://channel-desk/index.html' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://open.dingtalk.com/', 'app://channel-desk/index.html']);
  });
});

describe('permissions', () => {
  it.each([
    ['clipboard-sanitized-write', 'app://channel-desk/index.html', true],
    ['clipboard-sanitized-write', 'https://evil.example/', false],
    ['clipboard-read', 'app://channel-desk/index.html', false],
    ['media', 'app://channel-desk/index.html', false],
    ['geolocation', 'app://channel-desk/index.html', false],
    ['notifications', 'app://channel-desk/index.html', false],
    ['openExternal', 'app://channel-desk/index.html', false],
    ['fullscreen', 'app://channel-desk/index.html', false],
  ])('%s from %s → %s', (permission, url, ok) => {
    expect(permissionAllowed(permission, url)).toBe(ok);
  });

  it('installs request, check and device handlers that apply the rule', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void) | undefined;
    let check: ((c: unknown, p: string, origin: string) => boolean) | undefined;
    let device: (() => boolean) | undefined;
    const fakeSession = {
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
      setDevicePermissionHandler: (h: typeof device) => (device = h),
    };
    guardPermissions(fakeSession as unknown as Session);
    const answers: boolean[] = [];
    request?.({ getURL: () => '' }, 'media', (ok) => answers.push(ok), { requestingUrl: 'app://channel-desk/index.html' });
    request?.({ getURL: () => '' }, 'clipboard-sanitized-write', (ok) => answers.push(ok), { requestingUrl: 'app://channel-desk/' });
    expect(answers).toEqual([false, true]);
    expect(check?.(null, 'geolocation', 'app://channel-desk')).toBe(false);
    expect(device?.()).toBe(false);
  });
});
