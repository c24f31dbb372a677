import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import dbus from 'dbus-next';

/**
 * A private D-Bus session with its own unlocked gnome-keyring, which a test may lock and unlock as the
 * desktop does (screen lock, logging back in) without disturbing tests that share the runner's keyring.
 * Unlocking without a prompt uses gnome-keyring's master-password method over a plain session.
 */
export interface PrivateKeyring {
  /** DBUS_SESSION_BUS_ADDRESS of the session: give it to the process under test. */
  readonly address: string;
  lock(): Promise<void>;
  unlock(): Promise<void>;
  locked(): Promise<boolean>;
  close(): Promise<void>;
}

const SERVICE = 'org.freedesktop.secrets';
const ROOT = '/org/freedesktop/secrets';
const LOGIN = '/org/freedesktop/secrets/collection/login';
const PASSWORD = 'private-keyring-test-password';

export async function startPrivateKeyring(): Promise<PrivateKeyring> {
  const home = mkdtempSync(path.join(tmpdir(), 'cd-keyring-'));
  const child = spawn(
    'dbus-run-session',
    [
      '--',
      'bash',
      '-c',
      'eval "$(echo -n "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets)"; echo "$DBUS_SESSION_BUS_ADDRESS"; exec sleep 100000',
    ],
    { env: { ...process.env, HOME: home, KEYRING_PASSWORD: PASSWORD }, stdio: ['ignore', 'pipe', 'ignore'], detached: true },
  );
  const address = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`dbus-run-session exited with ${code}`)));
  });

  const withBus = async <T>(fn: (bus: dbus.MessageBus) => Promise<T>): Promise<T> => {
    const bus = dbus.sessionBus({ busAddress: address });
    try {
      return await fn(bus);
    } finally {
      bus.disconnect();
    }
  };
  const call = (bus: dbus.MessageBus, objectPath: string, iface: string, member: string, signature: string, body: unknown[]) =>
    bus.call(new dbus.Message({ destination: SERVICE, path: objectPath, interface: iface, member, signature, body }));

  return {
    address,
    lock: () =>
      withBus(async (bus) => {
        await call(bus, ROOT, 'org.freedesktop.Secret.Service', 'Lock', 'ao', [[LOGIN]]);
      }),
    unlock: () =>
      withBus(async (bus) => {
        const opened = await call(bus, ROOT, 'org.freedesktop.Secret.Service', 'OpenSession', 'sv', ['plain', new dbus.Variant('s', '')]);
        const session = (opened?.body as [unknown, string])[1];
        await call(bus, ROOT, 'org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface', 'UnlockWithMasterPassword', 'o(oayays)', [
          LOGIN,
          [session, Buffer.alloc(0), Buffer.from(PASSWORD, 'utf8'), 'text/plain'],
        ]);
      }),
    locked: () =>
      withBus(async (bus) => {
        const reply = await call(bus, LOGIN, 'org.freedesktop.DBus.Properties', 'Get', 'ss', ['org.freedesktop.Secret.Collection', 'Locked']);
        return (reply?.body[0] as dbus.Variant<boolean>).value;
      }),
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      await exited;
      rmSync(home, { recursive: true, force: true });
    },
  };
}
