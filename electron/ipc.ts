import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { METHOD_NAMES } from '../shared/contract/index.js';
import type { ServiceEvent } from '../shared/contract/events.js';
import { AppError, type ErrorBody } from '../shared/errors.js';
import { text } from '../shared/i18n-text.js';
import { dispatch, type Handlers } from './services/api/dispatch.js';
import { toAppError } from './services/errors.js';
import { IPC_EVENT_CHANNEL, ipcChannel } from './ipc-channel.js';
import { isAppUrl } from './window.js';

/**
 * What every `cd:<method>` call resolves to. Electron strips the properties of a thrown error when it
 * crosses IPC, so failures travel as data: the same ErrorBody the HTTP transport sends.
 */
export type IpcEnvelope = { ok: true; value: unknown } | ({ ok: false } & ErrorBody);

/** The caller must be the main window's top frame, showing the app's own page. */
export function isTrustedSender(frame: Pick<WebFrameMain, 'url'> | null | undefined, mainFrame: Pick<WebFrameMain, 'url'> | null | undefined): boolean {
  return frame != null && mainFrame != null && frame === mainFrame && isAppUrl(frame.url);
}

const untrusted = (): AppError => new AppError('FORBIDDEN', text('This caller may not use the Channel Desk API.', '此调用方无权使用 Channel Desk API。'));

/** Runs one call through dispatch (input and output validated) and wraps the outcome. */
export async function invokeMethod(handlers: Handlers, name: string, input: unknown, trusted: boolean): Promise<IpcEnvelope> {
  try {
    if (!trusted) throw untrusted();
    return { ok: true, value: await dispatch(handlers, name, input, { transport: 'ipc' }) };
  } catch (err) {
    return { ok: false, ...toAppError(err).toBody() };
  }
}

export interface IpcRegistration {
  /** The channels registered, one per contract method. */
  readonly channels: readonly string[];
  dispose(): void;
}

/**
 * One ipcMain.handle per contract method on `cd:<method>`. `mainFrame()` names the only frame that
 * may call (the main window's top frame, read at call time since the window can be recreated).
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Handlers,
  mainFrame: () => WebFrameMain | null | undefined,
): IpcRegistration {
  const channels = METHOD_NAMES.map((name) => {
    const channel = ipcChannel(name);
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) =>
      invokeMethod(handlers, name, input, isTrustedSender(event.senderFrame, mainFrame())),
    );
    return channel;
  });
  return {
    channels,
    dispose: () => channels.forEach((c) => ipcMain.removeHandler(c)),
  };
}

/**
 * Sends every service event to the main window's top frame, and only while it shows the app's own page
 * (the same check as for calls, the other way round): a frame that navigated away hears nothing.
 * Returns the unsubscribe.
 */
export function forwardServiceEvents(
  events: { subscribe(listener: (event: ServiceEvent) => void): () => void },
  mainFrame: () => Pick<WebFrameMain, 'url' | 'send'> | null | undefined,
): () => void {
  return events.subscribe((event) => {
    const frame = mainFrame();
    if (isTrustedSender(frame, frame)) frame?.send(IPC_EVENT_CHANNEL, event);
  });
}
