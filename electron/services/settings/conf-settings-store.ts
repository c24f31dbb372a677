import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { parseOrThrow } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { toAppError } from '../errors.js';
import { fileStamp, withFileLockSync } from '../data-lock/file-mutex.js';
import { isObject, migrate, NewerSettingsError } from './migrations.js';
import { defaultSettings, settingsSchema, type Settings } from './schema.js';
import type { SettingsBackendFactory, SettingsRecovery, SettingsStore } from './settings-store.js';

export const SETTINGS_FILE_NAME = 'settings';

export const confBackend: SettingsBackendFactory = (opts) => new Conf<Record<string, unknown>>(opts);

export interface OpenSettingsOptions {
  readonly dataDir: string;
  readonly backend?: SettingsBackendFactory;
  readonly now?: () => Date;
}

type Loaded =
  { kind: 'ok'; settings: Settings; migratedFrom: number | null } | { kind: 'missing' } | { kind: 'bad'; reason: SettingsRecovery['reason']; detail: string };

/** Reads, migrates and validates the file without touching it. */
function load(filePath: string): Loaded {
  let raw: string;
  try {
    raw = fs.readFileSync(filePath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw toAppError(err);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { kind: 'bad', reason: 'invalid-json', detail: (err as Error).message };
  }
  if (!isObject(json)) return { kind: 'bad', reason: 'invalid-json', detail: 'not a JSON object' };
  try {
    const { doc, from } = migrate(json);
    const parsed = settingsSchema.safeParse(doc);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
      return { kind: 'bad', reason: 'invalid-settings', detail: where };
    }
    return { kind: 'ok', settings: parsed.data, migratedFrom: from < parsed.data.schemaVersion ? from : null };
  } catch (err) {
    if (err instanceof NewerSettingsError) return { kind: 'bad', reason: 'newer-version', detail: err.message };
    return { kind: 'bad', reason: 'invalid-settings', detail: (err as Error).message };
  }
}

const RECOVERY_TEXT: Record<SettingsRecovery['reason'], (backup: string) => ReturnType<typeof text>> = {
  'invalid-json': (b) =>
    text(
      `The settings file was not valid JSON. It was kept as ${b} and Channel Desk started with default settings.`,
      `设置文件不是有效的 JSON，已保留为 ${b}，Channel Desk 已使用默认设置启动。`,
    ),
  'invalid-settings': (b) =>
    text(
      `The settings file contained values this version cannot use. It was kept as ${b} and Channel Desk started with default settings.`,
      `设置文件包含此版本无法使用的值，已保留为 ${b}，Channel Desk 已使用默认设置启动。`,
    ),
  'newer-version': (b) =>
    text(
      `The settings file was written by a newer Channel Desk. It was kept as ${b} and this version started with default settings.`,
      `设置文件由更新版本的 Channel Desk 写入，已保留为 ${b}，当前版本已使用默认设置启动。`,
    ),
};

const stamp = (d: Date): string => d.toISOString().replace(/[:.]/g, '-');

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Opens `<dataDir>/settings.json`: migrates old versions (keeping a copy of the old file), moves an
 * unusable file aside as `settings.corrupt-<time>.json` and starts from defaults (reported in
 * `recovery`), and persists every change through the backend's atomic write.
 */
export function openSettingsStore(opts: OpenSettingsOptions): SettingsStore {
  const now = opts.now ?? (() => new Date());
  const filePath = path.join(opts.dataDir, `${SETTINGS_FILE_NAME}.json`);
  try {
    fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw toAppError(err);
  }

  const loaded = load(filePath);
  let recovery: SettingsRecovery | null = null;
  if (loaded.kind === 'bad') {
    const at = now();
    const backupPath = path.join(opts.dataDir, `${SETTINGS_FILE_NAME}.corrupt-${stamp(at)}.json`);
    try {
      fs.renameSync(filePath, backupPath);
    } catch (err) {
      throw toAppError(err);
    }
    recovery = { backupPath, reason: loaded.reason, message: RECOVERY_TEXT[loaded.reason](backupPath), at: at.toISOString() };
  } else if (loaded.kind === 'ok' && loaded.migratedFrom !== null) {
    // Keep what the older version wrote, in case the admin goes back to it.
    fs.copyFileSync(filePath, path.join(opts.dataDir, `${SETTINGS_FILE_NAME}.v${loaded.migratedFrom}.bak.json`));
  }

  const backend = (opts.backend ?? confBackend)({
    cwd: opts.dataDir,
    configName: SETTINGS_FILE_NAME,
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
  });
  let current: Settings = deepFreeze(loaded.kind === 'ok' ? loaded.settings : defaultSettings());
  const write = (doc: Settings): void => {
    try {
      backend.store = doc;
    } catch (err) {
      throw toAppError(err);
    }
  };
  const listeners = new Set<(next: Settings) => void>();
  /** The file version `current` came from; another process (CLI import beside serve) changes it. */
  let diskVersion: string | null = null;
  const persist = (doc: Settings): void => {
    write(doc);
    diskVersion = fileStamp(filePath);
  };
  // Persist defaults, migrations and normalisation now, so the install id is stable from the start.
  withFileLockSync(filePath, () => {
    // Another process (serve beside this CLI) may have written since the file was read above.
    if (loaded.kind === 'ok') {
      const again = load(filePath);
      if (again.kind === 'ok') current = deepFreeze(again.settings);
    }
    persist(current);
  });

  /** Picks up a newer file written by another process (true if it did); an unusable one is ignored. */
  const refresh = (): boolean => {
    const now = fileStamp(filePath);
    if (now === null || now === diskVersion) return false;
    diskVersion = now;
    const again = load(filePath);
    if (again.kind !== 'ok') return false;
    current = deepFreeze(again.settings);
    return true;
  };
  const notify = (doc: Settings): void => {
    for (const l of listeners) l(doc);
  };

  return {
    filePath,
    recovery,
    read: () => {
      if (refresh()) notify(current);
      return current;
    },
    update(mutate) {
      // Compare-and-swap across processes: re-read under the file lock, apply, write.
      const next = withFileLockSync(filePath, () => {
        refresh();
        const candidate = mutate(structuredClone<Settings>(current));
        const valid = parseOrThrow(settingsSchema, candidate);
        persist(valid);
        current = deepFreeze(valid);
        return current;
      });
      // Outside the lock: a listener may write settings itself.
      notify(next);
      return next;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
