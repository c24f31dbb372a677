import type { DmsConnection } from '../../../shared/contract/dms.js';
import type { FieldIssue } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { originChanged, reenterSecret } from '../../../shared/secret-target.js';
import { resolveEndpoint } from './endpoint.js';

const resolved = (c: DmsConnection): string | null => {
  try {
    return resolveEndpoint(c.region, c.endpoint);
  } catch {
    return null;
  }
};

/**
 * The AccessKey secret belongs to the endpoint it was entered for. Moving between Alibaba Cloud's
 * own regional endpoints (no override on either side) keeps it; any other change of origin needs the
 * secret again in the same save. `secretPath` is the caller's path (`accessKeySecret`, `dms.accessKeySecret`).
 */
export function movedDmsSecretIssue(
  before: DmsConnection,
  after: DmsConnection,
  opts: { readonly secretStored: boolean; readonly newSecret: boolean; readonly secretPath: string },
): FieldIssue | null {
  if (!opts.secretStored || opts.newSecret) return null;
  if (before.endpoint.trim() === '' && after.endpoint.trim() === '') return null;
  const from = resolved(before);
  const to = resolved(after);
  if (to === null || from === null || !originChanged(from, to)) return null;
  return { path: opts.secretPath, message: reenterSecret('AccessKey Secret', text('The DMS endpoint', 'DMS 接入地址'), to) };
}
