import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** The only tests that may use the OS keychain (the runner's one session keyring): they run one file at a time. */
const KEYCHAIN_TESTS = '**/*.keychain.test.ts';

/**
 * Two lanes. `keychain`: files named *.keychain.test.ts, serial, against the real keychain. `main`: every
 * other test file, in parallel, on the encrypted-file vault (CHANNEL_DESK_VAULT=file in the environment, so
 * services, `serve` and CLI children started by a test choose it the way an admin would); keytar is replaced
 * there by a stub that fails the test which reaches it (test/lanes/no-keychain.ts).
 */
export default defineConfig({
  test: {
    // Keychain, SQLite and loopback servers are real: give slow CI machines room.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most tests wait on loopback servers and child processes, not the CPU: one worker more than the cores.
    maxWorkers: availableParallelism() + 1,
    projects: [
      {
        extends: true,
        test: {
          name: 'keychain',
          include: [KEYCHAIN_TESTS],
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'main',
          include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts', 'test/integration/**/*.test.ts'],
          exclude: [KEYCHAIN_TESTS],
          setupFiles: ['test/lanes/no-keychain.ts'],
          env: {
            CHANNEL_DESK_VAULT: 'file',
            CHANNEL_DESK_VAULT_PASSPHRASE: 'main-lane-vault-passphrase',
            // scrypt at N=2^10 instead of 2^17: the lane opens hundreds of vaults (tests only; see file-store.ts).
            CHANNEL_DESK_VAULT_TEST_KDF_N: '1024',
            // A child process that still asks for the keychain finds no session bus instead of the shared keyring.
            DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/main-lane-has-no-keychain',
          },
        },
      },
    ],
  },
});
