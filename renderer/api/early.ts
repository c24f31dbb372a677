import { methodDef } from './method-schemas';
import { consumeTokenFromLocation } from './token';

/**
 * Calls started before React renders (index.html's static shell is up): Home's data is on its way
 * while the shell's JavaScript loads. The transport takes each answer once, for the first call of that
 * method with `{}`; later calls go out as usual. The client validates the answer as always, with the method's
 * schema group, which starts loading here too.
 */
const early = new Map<string, Promise<unknown>>();

type Bridge = Record<string, ((input: unknown) => Promise<unknown>) | undefined>;

export function startEarlyCalls(methods: readonly string[]): void {
  const bridge = (window as unknown as { channelDesk?: Bridge }).channelDesk;
  const token = bridge ? null : consumeTokenFromLocation();
  for (const method of methods) {
    const call = bridge
      ? bridge[method]?.({})
      : fetch(`/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json' },
          body: '{}',
        });
    // Nobody may take it (the admin left Home first): a failure then must not be an unhandled rejection.
    call?.catch(() => undefined);
    if (call) early.set(method, call);
    void methodDef(method).catch(() => undefined);
  }
}

/** The early call of `method` (a Response in headless mode, an Envelope in Electron), once. */
export function takeEarlyCall(method: string, input: unknown): Promise<unknown> | undefined {
  const call = early.get(method);
  if (!call || JSON.stringify(input ?? {}) !== '{}') return undefined;
  early.delete(method);
  return call;
}
