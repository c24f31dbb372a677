import { ipcChannel } from './ipc-channel.js';

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
