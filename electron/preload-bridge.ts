import { IPC_EVENT_CHANNEL, ipcChannel } from './ipc-channel.js';

/** What each bridge function resolves to; the renderer's Electron transport unwraps it. */
export type BridgeFunction = (input: unknown) => Promise<unknown>;

/**
 * One named function per contract method, each invoking only its own channel, frozen. Built from a
 * list of names (no zod in the sandboxed preload); no generic invoke ever reaches the page.
 */
export function buildBridge(
  methodNames: readonly string[],
  invoke: (channel: string, input: unknown) => Promise<unknown>,
): Readonly<Record<string, BridgeFunction>> {
  const bridge: Record<string, BridgeFunction> = {};
  for (const name of methodNames) {
    const channel = ipcChannel(name);
    // Only the input crosses: never the event, never ipcRenderer itself.
    bridge[name] = (input: unknown) => invoke(channel, input);
  }
  return Object.freeze(bridge);
}

/** What the page gets to follow the service events: one subscribe, returning its unsubscribe. */
export interface EventBridge {
  subscribe(listener: (event: unknown) => void): () => void;
}

type IpcListener = (ipcEvent: unknown, payload: unknown) => void;

/**
 * `subscribe` on the one event channel, frozen. The page's listener gets only the payload (never the
 * IPC event with its sender and ports); the renderer validates it with the contract's schema.
 */
export function buildEventBridge(ipc: { on(channel: string, l: IpcListener): unknown; removeListener(channel: string, l: IpcListener): unknown }): EventBridge {
  return Object.freeze({
    subscribe(listener: (event: unknown) => void) {
      const forward: IpcListener = (_ipcEvent, payload) => listener(payload);
      ipc.on(IPC_EVENT_CHANNEL, forward);
      return () => {
        ipc.removeListener(IPC_EVENT_CHANNEL, forward);
      };
    },
  });
}
