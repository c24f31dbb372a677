import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATA_LOCK_FILE_NAME } from '../../electron/services/data-lock/data-folder-lock.js';
import { createFileStore } from '../../electron/services/vault/file-store.js';
import { createKeychainStore } from '../../electron/services/vault/keychain-store.js';
import { callApi, commandsServing, ready as readyOf, startCli, testUiDir } from '../fixtures/cli-run.js';

// Issue 10: one process runs the services per data folder; CLI writes during serve are not lost.
const PASSPHRASE = 'data folder lock test passphrase';
const saved: Record<string, string | undefined> = {};
const ENV = { CHANNEL_DESK_VAULT: 'file', CHANNEL_DESK_VAULT_PASSPHRASE: PASSPHRASE };

let root: string;
let uiDir: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cd-lock-'));
  uiDir = testUiDir(root, 'renderer');
  // serve and the CLI build their services from process.env.
  for (const [k, v] of Object.entries(ENV)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(root, { recursive: true, force: true });
});

const running: { stop: () => void; exit: Promise<number> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    r.stop();
    await r.exit;
  }
});

function cli(argv: string[]) {
  const run = startCli({ argv, root, commands: commandsServing(uiDir) });
  const ready = readyOf(run);
  ready.catch(() => undefined);
  return { ...run, ready };
}

function serve(dataDir: string, extra: string[] = []) {
  const run = cli(['serve', '--port', '0', '--data-dir', dataDir, ...extra]);
  running.push(run);
  return run;
}

/** A PID that certainly belongs to no running process: a child that has already exited. */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
};

describe('data folder lock', () => {
  it('a second serve on the same folder exits 1 naming the holder PID (en and zh); the first keeps running', async () => {
    const dataDir = path.join(root, 'second');
    const first = serve(dataDir);
    const ready = await first.ready;

    const second = cli(['serve', '--port', '0', '--data-dir', dataDir]);
    expect(await second.exit).toBe(1);
    expect(second.err.join('\n')).toContain(`PID ${process.pid}`);
    expect(second.err.join('\n')).toContain(dataDir);
    const zh = cli(['--lang', 'zh', 'serve', '--port', '0', '--data-dir', dataDir]);
    expect(await zh.exit).toBe(1);
    expect(zh.err.join('\n')).toMatch(new RegExp(`正在被.*PID ${process.pid}`));

    expect(await callApi(ready, 'app.info', {})).toBeTruthy();
    first.stop();
    expect(await first.exit).toBe(0);
    // Released on exit: the next serve starts.
    expect(existsSync(path.join(dataDir, DATA_LOCK_FILE_NAME))).toBe(false);
    const again = serve(dataDir);
    await again.ready;
  });

  it('takes over a stale lock left by a process that no longer runs', async () => {
    const dataDir = path.join(root, 'stale');
    mkdirSync(dataDir, { recursive: true });
    const pid = deadPid();
    writeFileSync(path.join(dataDir, DATA_LOCK_FILE_NAME), JSON.stringify({ pid, startedAt: new Date().toISOString() }));
    const run = serve(dataDir);
    await run.ready;
    expect(JSON.parse(readFileSync(path.join(dataDir, DATA_LOCK_FILE_NAME), 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it.each(['file', 'keychain'] as const)(
    'config import while serve runs, then a serve-side save: both survive in settings and the %s vault',
    async (backend) => {
      // The keychain variant needs the session keyring (scripts/test.sh starts one).
      process.env.CHANNEL_DESK_VAULT = backend;
      const dataDir = path.join(root, `lost-update-${backend}`);
      const run = serve(dataDir);
      const ready = await run.ready;
      // serve has written settings and the vault before the import.
      await callApi(ready, 'channels.save', {
        channel: 'lark',
        region: 'ap-southeast-1',
        values: { appId: 'cli_lark00000001' },
        secrets: { appSecret: 'LK-secret-before-import-1' },
        baseUrls: {},
      });

      const file = path.join(root, 'import.json');
      writeFileSync(
        file,
        JSON.stringify({ version: 1, channels: { feishu: { region: 'cn-hangzhou', appId: 'cli_feishu000001', appSecret: 'FS-secret-from-import-2' } } }),
      );
      const imp = cli(['config', 'import', file, '--data-dir', dataDir]);
      expect(await imp.exit, imp.err.join('\n')).toBe(0);

      // serve sees the import...
      const feishu = (await callApi(ready, 'channels.get', { channel: 'feishu' })) as {
        values: Record<string, string>;
        secrets: { appSecret: { set: boolean } };
      };
      expect(feishu.values.appId).toBe('cli_feishu000001');
      expect(feishu.secrets.appSecret.set).toBe(true);
      // ...and its next writes keep it.
      await callApi(ready, 'channels.save', {
        channel: 'dingtalk-enterprise',
        region: 'cn-hangzhou',
        values: { appKey: 'dingkey0002', robotCode: 'dingkey0002', cardTemplateId: 'tpl-0002.schema' },
        secrets: { appSecret: 'DE-secret-after-import-3' },
        baseUrls: {},
      });
      run.stop();
      await run.exit;

      const settings = JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8')) as {
        channels: Record<string, { values: Record<string, string> }>;
        secretsMeta: Record<string, unknown>;
      };
      expect(settings.channels.feishu?.values.appId).toBe('cli_feishu000001');
      expect(settings.channels['dingtalk-enterprise']?.values.appKey).toBe('dingkey0002');
      expect(settings.channels.lark?.values.appId).toBe('cli_lark00000001');
      expect(Object.keys(settings.secretsMeta).sort()).toEqual(
        expect.arrayContaining(['channel/dingtalk-enterprise/appSecret', 'channel/feishu/appSecret', 'channel/lark/appSecret']),
      );
      const vault =
        backend === 'file'
          ? createFileStore({ dataDir, passphrase: PASSPHRASE })
          : createKeychainStore({ installId: (JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8')) as { installId: string }).installId });
      expect(await vault.get('channel/feishu/appSecret')).toBe('FS-secret-from-import-2');
      expect(await vault.get('channel/lark/appSecret')).toBe('LK-secret-before-import-1');
      expect(await vault.get('channel/dingtalk-enterprise/appSecret')).toBe('DE-secret-after-import-3');
      process.env.CHANNEL_DESK_VAULT = 'file';
    },
  );
});
