import { afterEach, vi } from 'vitest';

/**
 * Setup file of the `main` Vitest lane (vitest.config.ts): keytar is a stub whose every call rejects and is
 * remembered, and the test that made it fails with a message naming the way out. The real keychain is one
 * keyring shared by every test process; only *.keychain.test.ts files (run one at a time) may use it.
 */
const reached: string[] = [];

const refuse = (call: string) => async (): Promise<never> => {
  reached.push(call);
  throw new Error(`keytar.${call}() in the main test lane: the OS keychain is for *.keychain.test.ts files only`);
};

vi.mock('keytar', () => {
  const keytar = { getPassword: refuse('getPassword'), setPassword: refuse('setPassword'), deletePassword: refuse('deletePassword') };
  return { ...keytar, default: keytar };
});

afterEach(() => {
  if (reached.length === 0) return;
  const calls = reached.splice(0).join(', ');
  throw new Error(
    `This test reached the OS keychain (${calls}). Tests run on the encrypted-file vault (CHANNEL_DESK_VAULT=file is set ` +
      'for them); a test about the keychain itself goes in a file named *.keychain.test.ts, which runs in the serial keychain lane.',
  );
});
