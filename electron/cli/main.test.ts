import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/i18n-text.js';
import type { CliCommand, CliIO, GlobalOptions } from './command.js';
import { formatError, splitGlobalOptions } from '../global-options.js';
import { runCli, type CliRuntime } from './main.js';

interface Seen {
  args: string[];
  global: GlobalOptions;
  lang: CliIO['lang'];
}

function fakeCommand(behaviour: (seen: Seen) => Promise<number>): { command: CliCommand; seen: Seen[] } {
  const seen: Seen[] = [];
  return {
    seen,
    command: {
      name: 'demo',
      summary: 'A demo command',
      usage: 'channel-desk demo [--flag]',
      async run(args, global, io) {
        const s = { args, global, lang: io.lang };
        seen.push(s);
        return behaviour(s);
      },
    },
  };
}

async function run(argv: string[], command: CliCommand, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const rt: CliRuntime = {
    argv,
    env,
    cwd: '/work/here',
    platform: 'linux',
    home: '/home/admin',
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    signal: new AbortController().signal,
    commands: [command],
    version: '1.2.3',
  };
  return { code: await runCli(rt), out, err };
}

describe('splitGlobalOptions', () => {
  it.each([
    [['serve', '--port', '0'], { rest: ['serve', '--port', '0'] }],
    [['--data-dir', '/d', 'serve'], { dataDir: '/d', rest: ['serve'] }],
    [['serve', '--data-dir=/d', '--port', '0'], { dataDir: '/d', rest: ['serve', '--port', '0'] }],
    [['--lang', 'zh', 'serve'], { lang: 'zh', rest: ['serve'] }],
    [['serve', '--', '--data-dir', 'x'], { rest: ['serve', '--', '--data-dir', 'x'] }],
    [['serve', '--data-dir'], { rest: ['serve'], problem: '--data-dir needs a value' }],
    [['serve', '--data-dir', '--port'], { rest: ['serve'], problem: '--data-dir needs a value' }],
  ])('%j', (argv, expected) => {
    expect(splitGlobalOptions(argv)).toEqual(expected);
  });
});

describe('runCli', () => {
  it('runs the command with its own args and the resolved data dir', async () => {
    const { command, seen } = fakeCommand(async () => 0);
    const r = await run(['demo', '--flag', '--data-dir', 'rel/data'], command);
    expect(r.code).toBe(0);
    expect(seen[0]).toEqual({ args: ['--flag'], global: { dataDir: '/work/here/rel/data' }, lang: 'en-US' });
  });

  it('takes the data dir from CHANNEL_DESK_DATA_DIR, else the per-user default', async () => {
    const { command, seen } = fakeCommand(async () => 0);
    await run(['demo'], command, { CHANNEL_DESK_DATA_DIR: '/env/data' });
    await run(['demo'], command, {});
    await run(['demo', '--data-dir', '/flag'], command, { CHANNEL_DESK_DATA_DIR: '/env/data' });
    expect(seen.map((s) => s.global.dataDir)).toEqual(['/env/data', '/home/admin/.config/channel-desk', '/flag']);
  });

  it('picks the language from --lang, else LC_ALL/LANG', async () => {
    const { command, seen } = fakeCommand(async () => 0);
    await run(['demo'], command, { LANG: 'zh_CN.UTF-8' });
    await run(['demo', '--lang', 'en'], command, { LANG: 'zh_CN.UTF-8' });
    await run(['demo'], command, { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' });
    expect(seen.map((s) => s.lang)).toEqual(['zh-CN', 'en-US', 'en-US']);
  });

  it('refuses a bad --lang and an unknown command with exit 2', async () => {
    const { command } = fakeCommand(async () => 0);
    expect((await run(['--lang', 'fr', 'demo'], command)).code).toBe(2);
    const unknown = await run(['nope'], command);
    expect(unknown.code).toBe(2);
    expect(unknown.err.join('\n')).toContain('Unknown command: nope');
  });

  it('prints help (exit 0 when asked, 2 with no command) and the version', async () => {
    const { command, seen } = fakeCommand(async () => 0);
    const help = await run(['--help'], command);
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toMatch(/demo\s+A demo command/);
    expect((await run([], command)).code).toBe(2);
    const one = await run(['demo', '--help'], command);
    expect(one.out[0]).toBe('Usage: channel-desk demo [--flag]');
    expect((await run(['help', 'demo'], command)).out[0]).toBe('Usage: channel-desk demo [--flag]');
    expect((await run(['--version'], command)).out).toEqual(['1.2.3']);
    expect(seen).toHaveLength(0);
  });

  it('maps an AppError to a localized message and fix on stderr, exit 1, no stack', async () => {
    const failing = fakeCommand(async () => {
      throw new AppError('VAULT_UNAVAILABLE', text('No keychain.', '没有钥匙串。'), { fix: text('Unlock it.', '请解锁。') });
    });
    const en = await run(['demo'], failing.command);
    expect(en.code).toBe(1);
    expect(en.err).toEqual(['Error [VAULT_UNAVAILABLE]: No keychain.', 'Fix: Unlock it.']);
    const zh = await run(['demo', '--lang', 'zh'], failing.command);
    expect(zh.err).toEqual(['错误 [VAULT_UNAVAILABLE]：没有钥匙串。', '解决方法：请解锁。']);
    expect([...en.err, ...zh.err].join('\n')).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
  });

  it('shows the stack for an unexpected error (a bug), exit 1', async () => {
    const buggy = fakeCommand(async () => {
      throw new TypeError('oops');
    });
    const r = await run(['demo'], buggy.command);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain('TypeError: oops');
    expect(r.err.join('\n')).toMatch(/\n\s+at /);
  });

  it('never prints a secret carried by an unexpected error or its axios cause', async () => {
    const secret = 'AppSecret-canary-cli-0042';
    const axiosLike = Object.assign(new Error(`failed: /gettoken?appkey=k&appsecret=${secret}`), {
      name: 'AxiosError',
      config: { params: { appsecret: secret }, data: `{"app_secret":"${secret}"}` },
    });
    const buggy = fakeCommand(async () => {
      throw new Error('wrapped', { cause: axiosLike });
    });
    const r = await run(['demo'], buggy.command);
    expect(r.code).toBe(1);
    expect(r.err.join('\n')).toContain('caused by: AxiosError');
    expect([...r.out, ...r.err].join('\n')).not.toContain(secret);
  });

  it('passes the command exit code through', async () => {
    const { command } = fakeCommand(async () => 2);
    expect((await run(['demo'], command)).code).toBe(2);
  });
});

describe('formatError', () => {
  it('lists field issues between message and fix', () => {
    const err = new AppError('BAD_INPUT', text('Invalid input', '输入无效'), {
      issues: [{ path: 'channels.feishu.appId', message: text('Required', '必填') }],
    });
    expect(formatError(err, 'en-US')).toEqual(['Error [BAD_INPUT]: Invalid input', '  channels.feishu.appId: Required']);
  });
});
