import { describe, expect, it } from 'vitest';
import { classifyKeychainError } from './vault-errors.js';

// The texts as libsecret/keytar produce them on Linux.
describe('classifyKeychainError', () => {
  it('a missing login collection is "no login keyring"', () => {
    expect(classifyKeychainError(new Error('Object does not exist at path “/org/freedesktop/secrets/collection/login”'))).toBe('no-login-collection');
  });

  it('an item that vanished under a concurrent delete is not a missing keyring', () => {
    const err = new Error('Object does not exist at path “/org/freedesktop/secrets/collection/login/42”');
    expect(classifyKeychainError(err)).toBe('keychain-error');
  });

  it('locked, no bus and no service keep their reasons', () => {
    expect(classifyKeychainError(new Error('Cannot create an item in a locked collection'))).toBe('keychain-locked');
    expect(classifyKeychainError(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'))).toBe('no-session-bus');
    expect(classifyKeychainError(new Error('The name org.freedesktop.secrets was not provided by any .service files'))).toBe('no-secret-service');
  });
});
