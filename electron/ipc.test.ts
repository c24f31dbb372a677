import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../shared/contract/index.js';
import { AppError } from '../shared/errors.js';
import { text } from '../shared/i18n-text.js';
import type { CallContext, Handlers } from './services/api/dispatch.js';
import type { ServiceEvent } from '../shared/contract/events.js';
import { forwardServiceEvents, invokeMethod, isTrustedSender, registerIpc, type IpcEnvelope } from './ipc.js';

const frame = (url: string): WebFrameMain => ({ url }) as unknown as WebFrameMain;

/** Every handler records its call and fails with a recognisable AppError. */
function recordingHandlers(calls: Array<{ name: string; input: unknown; ctx: CallContext }>): Handlers {
  return Object.fromEntries(
    METHOD_NAMES.map((name) => [
      name,
      async (input: unknown, ctx: CallContext) => {
        calls.push({ name, input, ctx });
        throw new AppError('CONFLICT', text(`handled ${name}`, `已处理 ${name}`));
      },
    ]),
  ) as unknown as Handlers;
}

describe('isTrustedSender', () => {
  const main = frame('app://channel-desk/index.html#/');
  it.each([
    ['the main frame on the app page', main, main, true],
    ['another frame with the app URL', frame('app://channel-desk/index.html'), main, false],
    ['no frame (navigated or destroyed)', null, main, false],
    ['no main window', main, null, false],
  ])('%s → %s', (_n, sender, mainFrame, ok) => {
    expect(isTrustedSender(sender, mainFrame)).toBe(ok);
  });

  it('refuses the main frame once it shows a foreign page', () => {
    const navigated = frame('https://evil.example/');
    expect(isTrustedSender(navigated, navigated)).toBe(false);
  });
});

describe('invokeMethod', () => {
  it('refuses an untrusted caller without running the handler', async () => {
    const calls: Array<{ name: string; input: unknown; ctx: CallContext }> = [];
    const name = METHOD_NAMES[0] ?? 'none';
    const env = await invokeMethod(recordingHandlers(calls), name, {}, false);
    expect(env).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toHaveLength(0);
  });

  it('returns AppErrors as data (Electron would strip a thrown error) and unknown methods as NOT_FOUND', async () => {
    const env = await invokeMethod(recordingHandlers([]), 'nope.never', {}, true);
    expect(env).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: { en: 'Unknown method: nope.never', zh: '未知方法：nope.never' } } });
  });

  it('answers an unexpected failure with a fixed INTERNAL body: nothing from the raw error crosses', async () => {
    const secret = 'AppSecret-canary-ipc-5150';
    const { contract } = await import('../shared/contract/index.js');
    const name = METHOD_NAMES.find((n) => contract[n].input.safeParse({}).success);
    if (!name) return;
    const axiosLike = Object.assign(new Error(`Request failed: /gettoken?appsecret=${secret}`), {
      config: { params: { appsecret: secret }, headers: { Authorization: `Bearer ${secret}` } },
      response: { status: 400, data: { errmsg: secret } },
    });
    const handlers = { ...recordingHandlers([]), [name]: async () => Promise.reject(new Error('wrapped', { cause: axiosLike })) } as Handlers;
    const env = await invokeMethod(handlers, name, {}, true);
    expect(env).toEqual({ ok: false, error: { code: 'INTERNAL', message: { en: 'Unexpected internal error.', zh: '意外的内部错误。' } } });
    expect(JSON.stringify(env)).not.toContain(secret);
  });

  it('validates input before the handler sees it', async () => {
    const calls: Array<{ name: string; input: unknown; ctx: CallContext }> = [];
    const name = METHOD_NAMES[0];
    if (!name) return;
    const env = await invokeMethod(recordingHandlers(calls), name, 'not an object', true);
    expect(env).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(calls).toHaveLength(0);
  });
});

describe('registerIpc', () => {
  type Listener = (event: IpcMainInvokeEvent, input: unknown) => Promise<IpcEnvelope>;
  const fakeIpcMain = () => {
    const handlers = new Map<string, Listener>();
    const ipc = {
      handle: (channel: string, l: Listener) => handlers.set(channel, l),
      removeHandler: (channel: string) => handlers.delete(channel),
    };
    return { handlers, ipc: ipc as unknown as Pick<IpcMain, 'handle' | 'removeHandler'> };
  };

  it('registers exactly one cd:<method> channel per contract method, and removes them', () => {
    const { handlers, ipc } = fakeIpcMain();
    const reg = registerIpc(ipc, recordingHandlers([]), () => null);
    expect([...handlers.keys()].sort()).toEqual(METHOD_NAMES.map((n) => `cd:${n}`).sort());
    expect(reg.channels).toHaveLength(METHOD_NAMES.length);
    reg.dispose();
    expect(handlers.size).toBe(0);
  });

  it('checks the sender frame at call time and passes transport ipc', async () => {
    const { handlers, ipc } = fakeIpcMain();
    const calls: Array<{ name: string; input: unknown; ctx: CallContext }> = [];
    const main = frame('app://channel-desk/index.html');
    registerIpc(ipc, recordingHandlers(calls), () => main);
    // Pick a method whose input accepts {} so the handler runs.
    const { contract } = await import('../shared/contract/index.js');
    const name = METHOD_NAMES.find((n) => contract[n].input.safeParse({}).success);
    if (!name) return;
    const listener = handlers.get(`cd:${name}`);
    const fromMain = await listener?.({ senderFrame: main } as unknown as IpcMainInvokeEvent, {});
    expect(fromMain).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: { en: `handled ${name}` } } });
    expect(calls).toEqual([{ name, input: expect.anything(), ctx: { transport: 'ipc' } }]);
    const fromIframe = await listener?.({ senderFrame: frame('app://channel-desk/index.html') } as unknown as IpcMainInvokeEvent, {});
    expect(fromIframe).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toHaveLength(1);
  });
});

describe('forwardServiceEvents', () => {
  /** A bus with one subscriber slot and a frame that records what it was sent. */
  function setup(url: string | null) {
    let listener: ((e: ServiceEvent) => void) | undefined;
    const sent: Array<[string, unknown]> = [];
    const target = url === null ? null : { url, send: (channel: string, payload: unknown) => void sent.push([channel, payload]) };
    const stop = forwardServiceEvents(
      {
        subscribe(l) {
          listener = l;
          return () => (listener = undefined);
        },
      },
      () => target,
    );
    return { emit: (e: ServiceEvent) => listener?.(e), sent, stop, subscribed: () => listener !== undefined };
  }

  it('sends each event to the main frame on the app page, on the event channel', () => {
    const s = setup('app://channel-desk/index.html#/');
    s.emit({ types: ['outbox.changed'] });
    expect(s.sent).toEqual([['cd-events', { types: ['outbox.changed'] }]]);
    s.stop();
    expect(s.subscribed()).toBe(false);
  });

  it('sends nothing to a frame showing a foreign page, or when there is no window', () => {
    const foreign = setup('https://evil.example/');
    foreign.emit({ types: ['settings.saved'] });
    expect(foreign.sent).toEqual([]);
    const none = setup(null);
    expect(() => none.emit({ types: ['settings.saved'] })).not.toThrow();
  });
});
