import dbus from 'dbus-next';

/**
 * Locks and unlocks the session's gnome-keyring login collection over D-Bus, as the desktop does when
 * the screen locks and the user logs back in. Unlocking without a prompt uses gnome-keyring's
 * master-password method (a plain-text Secret Service session on the same connection).
 */
const SERVICE = 'org.freedesktop.secrets';
const ROOT = '/org/freedesktop/secrets';
const LOGIN = '/org/freedesktop/secrets/collection/login';

async function withService<T>(fn: (bus: dbus.MessageBus) => Promise<T>): Promise<T> {
  const bus = dbus.sessionBus();
  try {
    return await fn(bus);
  } finally {
    bus.disconnect();
  }
}

const call = (bus: dbus.MessageBus, iface: string, member: string, signature: string, body: unknown[]) =>
  bus.call(new dbus.Message({ destination: SERVICE, path: ROOT, interface: iface, member, signature, body }));

export const lockKeyring = (): Promise<void> =>
  withService(async (bus) => {
    await call(bus, 'org.freedesktop.Secret.Service', 'Lock', 'ao', [[LOGIN]]);
  });

export const unlockKeyring = (password: string): Promise<void> =>
  withService(async (bus) => {
    const opened = await call(bus, 'org.freedesktop.Secret.Service', 'OpenSession', 'sv', ['plain', new dbus.Variant('s', '')]);
    const session = (opened?.body as [unknown, string])[1];
    await call(bus, 'org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface', 'UnlockWithMasterPassword', 'o(oayays)', [
      LOGIN,
      [session, Buffer.alloc(0), Buffer.from(password, 'utf8'), 'text/plain'],
    ]);
  });

export const keyringLocked = (): Promise<boolean> =>
  withService(async (bus) => {
    const reply = await bus.call(
      new dbus.Message({ destination: SERVICE, path: LOGIN, interface: 'org.freedesktop.DBus.Properties', member: 'Get', signature: 'ss', body: ['org.freedesktop.Secret.Collection', 'Locked'] }),
    );
    return (reply?.body[0] as dbus.Variant<boolean>).value;
  });
