import type { DmsConfigSection, DmsConnection } from '../../../shared/contract/dms.js';
import { AppError, type FieldIssue } from '../../../shared/errors.js';
import type { Settings } from '../settings/schema.js';
import { DMS_SECRET_KEY } from './connection.js';
import { resolveEndpoint } from './endpoint.js';
import { movedDmsSecretIssue } from './secret-target.js';

/** The `"dms"` section as exported: every key, the secret always "". */
export function exportDmsSection(s: Settings): Required<DmsConfigSection> {
  return { ...s.dms, accessKeySecret: '' };
}

export interface DmsSectionPlan {
  readonly next: DmsConnection;
  /** `[vault key, value]` when the file carries a new secret. */
  readonly secret: readonly [string, string] | null;
  readonly issues: FieldIssue[];
}

/** Merges an imported section over the stored connection and checks it; paths are the file's (`dms.endpoint`). */
export function planDmsSection(entry: DmsConfigSection, current: DmsConnection, secretStored = false): DmsSectionPlan {
  const { accessKeySecret, ...fields } = entry;
  const next: DmsConnection = { ...current, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
  const issues: FieldIssue[] = [];
  try {
    resolveEndpoint(next.region, next.endpoint);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    issues.push(...(err.issues ?? []).map((i) => ({ ...i, path: `dms.${i.path}` })));
  }
  const secret = accessKeySecret?.trim() ? ([DMS_SECRET_KEY, accessKeySecret.trim()] as const) : null;
  const moved = movedDmsSecretIssue(current, next, { secretStored, newSecret: secret !== null, secretPath: 'dms.accessKeySecret' });
  if (moved) issues.push(moved);
  return { next, secret, issues };
}
