import dbus from 'dbus-next';
import { z } from 'zod';

/**
 * `unknown`: not asked (not Linux, no session bus address) or no answer keytar would not also give
 * (no Secret Service, no default collection): keytar is called and names the problem.
 * `no-answer`: the bus did not answer in time; a keytar call would hang on the same bus.
 */
export type KeyringLockState = 'locked' | 'unlocked' | 'unknown' | 'no-answer';

export type KeyringLockCheck = (timeoutMs: number) => Promise<KeyringLockState>;

export interface LockCheckOptions {
  readonly platform?: NodeJS.Platform;
  readonly env?: NodeJS.ProcessEnv;
  /** The bus connection is closed after this long unused (it would keep a process alive). */
  readonly idleMs?: number;
}

const DEFAULT_COLLECTION = '/org/freedesktop/secrets/aliases/default';
const lockedReply = z.object({ body: z.tuple([z.object({ value: z.boolean() })]) });

/**
 * Asks the Secret Service whether the default collection (where keytar stores) is locked. The answer
 * comes over D-Bus in plain JavaScript, so unlike a keytar call it holds no worker thread while it waits.
 * On macOS and Windows keytar talks to the OS keychain directly and there is nothing to ask.
 */
export function secretServiceLockCheck(opts: LockCheckOptions = {}): KeyringLockCheck {
  if ((opts.platform ?? process.platform) !== 'linux') return () => Promise.resolve('unknown');
  const env = opts.env ?? process.env;
  const idleMs = opts.idleMs ?? 1_000;
  let bus: dbus.MessageBus | undefined;
  let idle: NodeJS.Timeout | undefined;
  let pending: Promise<KeyringLockState> | undefined;

  const drop = (b: dbus.MessageBus): void => {
    if (bus !== b) return;
    bus = undefined;
    try {
      b.disconnect();
    } catch {
      // Never connected: nothing to close.
    }
  };

  const connect = (address: string): dbus.MessageBus => {
    // dbus-next opens abstract sockets only through an optional native module; Node's net opens them as "\0name".
    const b = dbus.sessionBus({ busAddress: address.replace(/unix:abstract=/g, 'unix:socket=\0') });
    // An unhandled 'error' event would end the process; a broken bus is simply opened again next time.
    b.on('error', () => drop(b));
    return b;
  };

  const ask = (timeoutMs: number): Promise<KeyringLockState> => {
    const address = env.DBUS_SESSION_BUS_ADDRESS;
    if (!address) return Promise.resolve('unknown');
    clearTimeout(idle);
    let b: dbus.MessageBus;
    try {
      b = bus ??= connect(address);
    } catch {
      return Promise.resolve('unknown');
    }
    return new Promise<KeyringLockState>((resolve) => {
      const timer = setTimeout(() => {
        drop(b);
        resolve('no-answer');
      }, timeoutMs);
      const broken = (): void => resolve('unknown');
      b.once('error', broken);
      const message = new dbus.Message({
        destination: 'org.freedesktop.secrets',
        path: DEFAULT_COLLECTION,
        interface: 'org.freedesktop.DBus.Properties',
        member: 'Get',
        signature: 'ss',
        body: ['org.freedesktop.Secret.Collection', 'Locked'],
      });
      b.call(message)
        .then(
          (reply) => {
            const parsed = lockedReply.safeParse(reply);
            resolve(parsed.success ? (parsed.data.body[0].value ? 'locked' : 'unlocked') : 'unknown');
          },
          () => resolve('unknown'),
        )
        .finally(() => {
          clearTimeout(timer);
          b.off('error', broken);
          idle = setTimeout(() => drop(b), idleMs);
          idle.unref();
        });
    });
  };

  // Callers arriving together share one question.
  return (timeoutMs) => (pending ??= ask(timeoutMs).finally(() => (pending = undefined)));
}
