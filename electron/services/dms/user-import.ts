import { CHANNEL_IDS } from '../../../shared/catalog/channels.js';
import { dmsUserInputSchema, UNSAFE_TEXT } from '../../../shared/contract/users.js';
import type { DmsImportReport } from '../../../shared/contract/users-dms.js';
import { parseLocalized } from '../../../shared/errors.js';
import { namesItsPlace } from '../../../shared/validation-text.js';
import { text } from '../../../shared/i18n-text.js';
import { DMS_USER_PAGE_SIZES, type DmsClient, type DmsRole, type DmsUserInfo } from './client.js';
import type { DmsConnectionDeps } from './connection.js';
import { openClient } from './connection.js';
import type { DmsUser } from '../settings/schema.js';
import type { Directory } from '../directory/directory.js';

const PAGE_SIZE = DMS_USER_PAGE_SIZES[DMS_USER_PAGE_SIZES.length - 1]!;
/** A tenant with more users than this is not a paging loop we trust to end. */
const MAX_PAGES = 1_000;

export interface DmsImportOptions {
  readonly roles?: readonly DmsRole[];
  readonly overwrite?: boolean;
  readonly signal?: AbortSignal;
}

/** Every NORMAL user DMS lists (per role when given), paged until a short page or the reported total. */
async function listAll(client: DmsClient, roles: readonly (DmsRole | undefined)[], signal: AbortSignal | undefined): Promise<DmsUserInfo[]> {
  const byUid = new Map<string, DmsUserInfo>();
  for (const role of roles) {
    let seen = 0;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await client.listUsers({ ...(role ? { role } : {}), userState: 'NORMAL', pageNumber: page, pageSize: PAGE_SIZE }, signal);
      for (const u of res.users) byUid.set(u.Uid || u.UserId, u);
      seen += res.users.length;
      if (res.users.length < PAGE_SIZE || (res.totalCount !== null && seen >= res.totalCount)) break;
    }
  }
  return [...byUid.values()];
}

/** A value DMS sent, fit to show in a report: control characters visible as escapes, at most 64 characters. */
function shown(value: string): string {
  const visible = Array.from(value, (ch) => (UNSAFE_TEXT.test(ch) ? `\\u{${ch.codePointAt(0)!.toString(16)}}` : ch)).join('');
  const chars = Array.from(visible);
  return chars.length > 64 ? `${chars.slice(0, 64).join('')}…` : visible;
}

/**
 * "Import from DMS": adds or updates users from ListUsers (users edited by hand keep their edits
 * unless `overwrite`; users gone from DMS are reported, not deleted), then looks the imported users up
 * on every enabled channel. Throws (nothing stored) when DMS cannot be read to the end.
 */
export async function importUsersFromDms(
  deps: DmsConnectionDeps & { directory: Pick<Directory, 'mergeFromDms' | 'resolve'> },
  opts: DmsImportOptions = {},
): Promise<DmsImportReport> {
  const client = await openClient(deps);
  const roles = opts.roles && opts.roles.length > 0 ? opts.roles : [undefined];
  const listed = await listAll(client, roles, opts.signal);
  const users: DmsUser[] = [];
  const skippedNoContact: DmsImportReport['skippedNoContact'] = [];
  const skippedInvalid: DmsImportReport['skippedInvalid'] = [];
  for (const u of listed) {
    const uid = u.Uid || u.UserId;
    if (u.Mobile === '' && u.Email === '') {
      skippedNoContact.push({ uid: shown(uid), name: shown(u.NickName) });
      continue;
    }
    // What DMS sends is checked like the Users form: a bad row is reported, never stored.
    const parsed = parseLocalized(dmsUserInputSchema, { uid, name: u.NickName, mobile: u.Mobile, email: u.Email });
    if (parsed.success) users.push(parsed.data);
    else
      skippedInvalid.push({
        uid: shown(uid),
        name: shown(u.NickName),
        problems: parsed.issues.map((i) => (namesItsPlace(i) ? i.message : text(`${i.path}: ${i.message.en}`, `${i.path}：${i.message.zh}`))),
      });
  }
  const merged = deps.directory.mergeFromDms(users, { overwrite: opts.overwrite ?? false });
  const resolved =
    users.length > 0 ? await deps.directory.resolve({ uids: merged.uids, ...(opts.signal ? { signal: opts.signal } : {}) }) : { users: [], channelErrors: [] };
  const enabled = CHANNEL_IDS.filter((c) => deps.settings.read().channels[c].enabled);
  const lookups = (users.length > 0 ? enabled : []).map((channel) => {
    const statuses = resolved.users.map((u) => u.resolutions[channel]?.status);
    return {
      channel,
      found: statuses.filter((s) => s === 'found').length,
      notFound: statuses.filter((s) => s === 'not_found' || s === 'outside_availability').length,
      failed: statuses.filter((s) => s === 'error').length,
    };
  });
  return {
    listed: users.length,
    added: merged.added,
    updated: merged.updated,
    unchanged: merged.unchanged,
    keptEdits: merged.keptEdits,
    skippedNoContact,
    skippedInvalid,
    // With a role filter, users of other roles are simply not listed: nothing can be called gone.
    gone: opts.roles && opts.roles.length > 0 ? [] : merged.gone,
    lookups,
    channelErrors: resolved.channelErrors,
  };
}
