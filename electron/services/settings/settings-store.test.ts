import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { openSettingsStore } from './conf-settings-store.js';
import { LATEST_VERSION, MIGRATIONS, migrate } from './migrations.js';
import { SETTINGS_VERSION, settingsSchema } from './schema.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-settings-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = () => path.join(dir, 'settings.json');
const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('settings migrations', () => {
  it('has one migration per version', () => {
    expect(LATEST_VERSION).toBe(SETTINGS_VERSION);
    expect(MIGRATIONS).toHaveLength(SETTINGS_VERSION);
  });

  it('migrates the v0 fixture to the current schema, keeping every value', () => {
    const { doc, from } = migrate(JSON.parse(fixture('settings-v0.json')));
    expect(from).toBe(0);
    const s = settingsSchema.parse(doc);
    expect(s.schemaVersion).toBe(SETTINGS_VERSION);
    expect(s.ui.language).toBe('zh-CN');
    expect(s.installId.length).toBeGreaterThanOrEqual(8);
    expect(s.secretsMeta).toEqual({});
    expect(s.channels.feishu).toMatchObject({ enabled: true, region: 'ap-southeast-1', values: { appId: 'cli_a1b2c3d4e5f6a7b8' } });
    expect(s.channels.dingtalk.baseUrls.apiBaseUrl).toBe('http://127.0.0.1:4010');
    expect(s.guide.feishu?.checked).toEqual(['create-app', 'perm-im-message']);
    expect(s.users[0]?.uid).toBe('1001');
  });

  it('opens a v0 file, writes it back migrated and keeps the old file as a backup', () => {
    fs.writeFileSync(file(), fixture('settings-v0.json'));
    const store = openSettingsStore({ dataDir: dir });
    expect(store.recovery).toBeNull();
    const onDisk = JSON.parse(fs.readFileSync(file(), 'utf8'));
    expect(onDisk.schemaVersion).toBe(SETTINGS_VERSION);
    expect(onDisk.language).toBeUndefined();
    expect(onDisk.ui.language).toBe('zh-CN');
    expect(fs.readFileSync(path.join(dir, 'settings.v0.bak.json'), 'utf8')).toBe(fixture('settings-v0.json'));
    // A second open finds nothing to migrate and keeps the same install id.
    expect(openSettingsStore({ dataDir: dir }).read().installId).toBe(store.read().installId);
  });
});

describe('settings store', () => {
  it('creates the file with defaults and a stable install id, mode 0600', () => {
    const a = openSettingsStore({ dataDir: dir });
    expect(fs.existsSync(file())).toBe(true);
    expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
    const b = openSettingsStore({ dataDir: dir });
    expect(b.read().installId).toBe(a.read().installId);
  });

  it('persists updates and notifies listeners', () => {
    const store = openSettingsStore({ dataDir: dir });
    const seen: string[] = [];
    store.onChange((s) => seen.push(s.ui.language ?? 'none'));
    store.update((s) => ({ ...s, ui: { language: 'en-US' } }));
    expect(seen).toEqual(['en-US']);
    expect(openSettingsStore({ dataDir: dir }).read().ui.language).toBe('en-US');
  });

  it('rejects an invalid update with BAD_INPUT and writes nothing', () => {
    const store = openSettingsStore({ dataDir: dir });
    const before = fs.readFileSync(file(), 'utf8');
    const attempt = () => store.update((s) => ({ ...s, channels: { ...s.channels, feishu: { ...s.channels.feishu, region: 'us-west-1' as never } } }));
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (err) {
      expect((err as AppError).code).toBe('BAD_INPUT');
      expect((err as AppError).issues?.[0]?.path).toBe('channels.feishu.region');
    }
    expect(fs.readFileSync(file(), 'utf8')).toBe(before);
    expect(store.read().channels.feishu.region).toBeNull();
  });

  it('refuses a secret in the non-secret values (it would be written in clear)', () => {
    const store = openSettingsStore({ dataDir: dir });
    expect(() => store.update((s) => ({ ...s, channels: { ...s.channels, lark: { ...s.channels.lark, values: { appSecret: 'x' } } } }))).toThrow(
      /Invalid input/,
    );
  });

  it('snapshots are frozen so no caller can change settings behind the store', () => {
    const store = openSettingsStore({ dataDir: dir });
    expect(() => {
      (store.read().ui as { language: string | null }).language = 'zh-CN';
    }).toThrow(TypeError);
  });
});

describe('corrupt settings recovery', () => {
  const at = new Date('2026-01-02T03:04:05.678Z');

  it('moves invalid JSON aside, starts from defaults and says so', () => {
    fs.writeFileSync(file(), '{"schemaVersion": 1, "channels": {');
    const store = openSettingsStore({ dataDir: dir, now: () => at });
    expect(store.recovery?.reason).toBe('invalid-json');
    const backup = path.join(dir, 'settings.corrupt-2026-01-02T03-04-05-678Z.json');
    expect(store.recovery?.backupPath).toBe(backup);
    expect(fs.readFileSync(backup, 'utf8')).toBe('{"schemaVersion": 1, "channels": {');
    expect(store.recovery?.message.en).toContain(backup);
    expect(store.recovery?.message.zh).toContain(backup);
    expect(store.read().channels.feishu.enabled).toBe(false);
    expect(settingsSchema.safeParse(JSON.parse(fs.readFileSync(file(), 'utf8'))).success).toBe(true);
  });

  it('moves a file that fails the schema aside', () => {
    fs.writeFileSync(file(), JSON.stringify({ schemaVersion: 1, installId: 'abcdefgh1234', channels: { feishu: { enabled: 'yes' } } }));
    const store = openSettingsStore({ dataDir: dir, now: () => at });
    expect(store.recovery?.reason).toBe('invalid-settings');
    expect(fs.existsSync(store.recovery!.backupPath)).toBe(true);
  });

  it('does not overwrite a file written by a newer version', () => {
    const newer = JSON.stringify({ schemaVersion: SETTINGS_VERSION + 1, installId: 'abcdefgh1234' });
    fs.writeFileSync(file(), newer);
    const store = openSettingsStore({ dataDir: dir, now: () => at });
    expect(store.recovery?.reason).toBe('newer-version');
    expect(fs.readFileSync(store.recovery!.backupPath, 'utf8')).toBe(newer);
  });
});

/** chattr +i makes a real write fail even for root; only possible where the tool and capability exist. */
function canMakeImmutable(): boolean {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-chattr-'));
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

describe.skipIf(!canMakeImmutable())('failed writes', () => {
  it('a write the OS refuses becomes SETTINGS_UNWRITABLE and leaves the old file and the document intact', () => {
    const store = openSettingsStore({ dataDir: dir });
    store.update((s) => ({ ...s, ui: { language: 'zh-CN' } }));
    const before = fs.readFileSync(file(), 'utf8');
    execFileSync('chattr', ['+i', dir]);
    try {
      let caught: unknown;
      try {
        store.update((s) => ({ ...s, ui: { language: 'en-US' } }));
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('SETTINGS_UNWRITABLE');
      expect(store.read().ui.language).toBe('zh-CN');
    } finally {
      execFileSync('chattr', ['-i', dir]);
    }
    expect(fs.readFileSync(file(), 'utf8')).toBe(before);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});
