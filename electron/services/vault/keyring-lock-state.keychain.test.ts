import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateKeyring, type PrivateKeyring } from '../../../test/integration/keyring-lock.js';
import { secretServiceLockCheck } from './keyring-lock-state.js';

describe('keyring lock state', () => {
  it('not asked on macOS or Windows, nor without a session bus address: unknown, so keytar is called as before', async () => {
    const bus = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
    expect(await secretServiceLockCheck({ platform: 'darwin', env: bus })(1_000)).toBe('unknown');
    expect(await secretServiceLockCheck({ platform: 'win32', env: bus })(1_000)).toBe('unknown');
    expect(await secretServiceLockCheck({ platform: 'linux', env: {} })(1_000)).toBe('unknown');
  });

  it('a bus address that points nowhere: unknown at once (keytar then names the missing bus)', async () => {
    const started = Date.now();
    expect(await secretServiceLockCheck({ platform: 'linux', env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } })(5_000)).toBe('unknown');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe.skipIf(!process.env.DBUS_SESSION_BUS_ADDRESS)('keyring lock state: a real gnome-keyring', () => {
  let keyring: PrivateKeyring;
  beforeAll(async () => {
    keyring = await startPrivateKeyring();
  });
  afterAll(async () => {
    await keyring.close();
  });

  it('follows the default collection as it locks and unlocks', async () => {
    const check = secretServiceLockCheck({ platform: 'linux', env: { DBUS_SESSION_BUS_ADDRESS: keyring.address } });
    expect(await check(3_000)).toBe('unlocked');
    await keyring.lock();
    try {
      expect(await check(3_000)).toBe('locked');
    } finally {
      await keyring.unlock();
    }
    expect(await check(3_000)).toBe('unlocked');
  });
});
