import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { DMS_TEST_STEP_IDS, type DmsConnection, type DmsConnectionView, type DmsTestStepId } from '../../../shared/contract/dms.js';
import type { CredentialTestRecord } from '../settings/schema.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { vaultKeys, type SecretStore } from '../vault/secret-store.js';
import { secretMeta } from '../vault/tracked-store.js';
import { DmsClient, type DmsClientOptions } from './client.js';
import { resolveEndpoint } from './endpoint.js';
import { movedDmsSecretIssue } from './secret-target.js';

export const DMS_SECRET_KEY = vaultKeys.dmsAccessKeySecret;

export interface DmsConnectionDeps {
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
}

export function connectionView(deps: DmsConnectionDeps): DmsConnectionView {
  const c = deps.settings.read().dms;
  const meta = secretMeta(deps.settings, DMS_SECRET_KEY);
  let resolved: string | null;
  try {
    resolved = resolveEndpoint(c.region, c.endpoint);
  } catch {
    resolved = null;
  }
  const t = deps.settings.read().dmsTest;
  const lastTest = t ? { ok: t.ok, at: t.at, failedStep: isDmsTestStep(t.failedStep) ? t.failedStep : null, code: t.code } : null;
  return { ...c, secretSet: meta.set, secretChangedAt: meta.changedAt, resolvedEndpoint: resolved, lastTest };
}

export interface ConnectionUpdate extends Partial<DmsConnection> {
  /** Write-only; '' or absent keeps the stored one. */
  readonly accessKeySecret?: string;
  readonly clearSecret?: boolean;
}

/** Validates the endpoint before anything is written, then stores the secret and the settings. */
export async function saveConnection(deps: DmsConnectionDeps, update: ConnectionUpdate): Promise<DmsConnectionView> {
  const { accessKeySecret, clearSecret, ...fields } = update;
  const next: DmsConnection = { ...deps.settings.read().dms, ...stripUndefined(fields) };
  resolveEndpoint(next.region, next.endpoint);
  const secret = accessKeySecret?.trim() ?? '';
  const before = deps.settings.read().dms;
  const moved = movedDmsSecretIssue(before, next, {
    secretStored: secretMeta(deps.settings, DMS_SECRET_KEY).set,
    newSecret: secret !== '' || clearSecret === true,
    secretPath: 'accessKeySecret',
  });
  if (moved)
    throw new AppError('BAD_INPUT', text(`Please correct: ${moved.path}. Nothing was saved.`, `请更正：${moved.path}。未保存任何内容。`), { issues: [moved] });
  if (secret !== '') await deps.vault.set(DMS_SECRET_KEY, secret);
  else if (clearSecret) await deps.vault.delete(DMS_SECRET_KEY);
  // A test result speaks for the connection it tested: any change to what is tested drops it.
  const tested = (c: DmsConnection) => JSON.stringify([c.region, c.tid, c.accessKeyId, c.endpoint]);
  const changed = secret !== '' || clearSecret === true || tested(before) !== tested(next);
  deps.settings.update((s) => ({ ...s, dms: next, ...(changed ? { dmsTest: null } : {}) }));
  return connectionView(deps);
}

const isDmsTestStep = (id: string | null): id is DmsTestStepId => (DMS_TEST_STEP_IDS as readonly (string | null)[]).includes(id);

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What is still missing before DMS can be called, as field issues the form can show. */
export function missingFields(c: DmsConnection, secretSet: boolean): { path: string; message: ReturnType<typeof text> }[] {
  const issues: { path: string; message: ReturnType<typeof text> }[] = [];
  if (c.accessKeyId === '') issues.push({ path: 'accessKeyId', message: text('Enter the AccessKey ID.', '请填写 AccessKey ID。') });
  if (!secretSet) issues.push({ path: 'accessKeySecret', message: text('Enter the AccessKey secret.', '请填写 AccessKey Secret。') });
  if (c.tid === null) issues.push({ path: 'tid', message: text('Enter the DMS tenant ID (Tid).', '请填写 DMS 租户 ID（Tid）。') });
  return issues;
}

function incomplete(issues: ReturnType<typeof missingFields>): AppError {
  return new AppError('BAD_INPUT', text('The DMS connection is not complete.', 'DMS 连接信息不完整。'), {
    fix: text(
      'Fill in the missing fields on the DMS page (or the "dms" section of the config file) and save.',
      '请在 DMS 页面（或配置文件的 "dms" 部分）补全缺少的字段并保存。',
    ),
    issues,
  });
}

/** Throws BAD_INPUT naming the missing fields, from settings alone (no vault read). */
export function assertComplete(deps: DmsConnectionDeps): void {
  const issues = missingFields(deps.settings.read().dms, secretMeta(deps.settings, DMS_SECRET_KEY).set);
  if (issues.length > 0) throw incomplete(issues);
}

/** A signed client for the stored connection, or AppError('BAD_INPUT') naming what is missing. */
export async function openClient(deps: DmsConnectionDeps, extra: Partial<DmsClientOptions> = {}): Promise<DmsClient> {
  const c = deps.settings.read().dms;
  const secret = await deps.vault.get(DMS_SECRET_KEY);
  const issues = missingFields(c, secret !== null && secret !== '');
  if (issues.length > 0 || secret === null) throw incomplete(issues);
  return new DmsClient({
    endpoint: resolveEndpoint(c.region, c.endpoint),
    accessKeyId: c.accessKeyId,
    accessKeySecret: secret,
    tid: c.tid,
    ...extra,
  });
}

/** The DMS page's connection form as a service of AppServices (`dms.connection`). */
export interface DmsConnectionService {
  view(): DmsConnectionView;
  save(update: ConnectionUpdate): Promise<DmsConnectionView>;
  /** Throws BAD_INPUT listing what is missing before the watcher may start. */
  assertComplete(): void;
}

export function createDmsConnectionService(deps: DmsConnectionDeps): DmsConnectionService {
  return {
    view: () => connectionView(deps),
    save: (update) => saveConnection(deps, update),
    assertComplete: () => assertComplete(deps),
  };
}

// This module is the one writer of `settings.dms` and `settings.dmsTest` (above: the connection itself).

/** Whether the watcher runs, remembered across restarts. */
export function setWatcherEnabled(settings: SettingsStore, enabled: boolean): void {
  settings.update((cur) => ({ ...cur, dms: { ...cur.dms, enabled } }));
}

/** The last connection test's outcome, shown on the DMS page after a restart (dropped when the connection changes). */
export function rememberDmsTest(settings: SettingsStore, record: CredentialTestRecord): void {
  settings.update((s) => ({ ...s, dmsTest: record }));
}
