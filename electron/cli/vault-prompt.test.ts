import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { promptVaultPassphrase } from './vault-prompt.js';

function tty(isTTY = true) {
  const input = Object.assign(new PassThrough(), {
    isTTY,
    raw: [] as boolean[],
    setRawMode(this: { raw: boolean[] }, on: boolean) {
      this.raw.push(on);
    },
  });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (c: Buffer) => (shown += c.toString()));
  return { input, output, shown: () => shown };
}

describe('promptVaultPassphrase', () => {
  it('asks on a terminal without echo and puts the answer in the environment', async () => {
    const env: NodeJS.ProcessEnv = { CHANNEL_DESK_VAULT: 'file' };
    const t = tty();
    const done = promptVaultPassphrase(env, t.input, t.output);
    t.input.write('typed passphrase x\u007f!\r');
    await done;
    expect(env.CHANNEL_DESK_VAULT_PASSPHRASE).toBe('typed passphrase !');
    expect(t.shown()).toContain('Vault passphrase');
    expect(t.shown()).not.toContain('typed');
    expect(t.input.raw).toEqual([true, false]);
  });

  it('does not ask without a TTY, with the keychain, or when a passphrase or its file is given', async () => {
    for (const [env, isTTY] of [
      [{ CHANNEL_DESK_VAULT: 'file' }, false],
      [{}, true],
      [{ CHANNEL_DESK_VAULT: 'file', CHANNEL_DESK_VAULT_PASSPHRASE: 'given passphrase' }, true],
      [{ CHANNEL_DESK_VAULT: 'file', CHANNEL_DESK_VAULT_PASSPHRASE_FILE: '/run/secrets/p' }, true],
    ] as const) {
      const e: NodeJS.ProcessEnv = { ...env };
      const t = tty(isTTY);
      await promptVaultPassphrase(e, t.input, t.output);
      expect(t.shown()).toBe('');
      expect(e).toEqual(env);
    }
  });
});
