import type { Directory } from '../directory/directory.js';
import type { LiveCheck } from '../delivery/index.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { SecretStore } from '../vault/secret-store.js';
import { openClient } from './connection.js';
import { isPendingApproval } from './mapping.js';
import { PeopleResolver, type Person } from './people.js';

const CHECK_TIMEOUT_MS = 30_000;

/**
 * Before a reminder goes, asks DMS (the watcher's GetOrderBaseInfo / GetApprovalDetail) whether the ticket
 * still waits and for whom: a ticket approved or cancelled meanwhile is never reminded, a re-assigned
 * approver is the one reminded. Null while the watcher is off: the webhook events alone decide then.
 */
export function createReminderCheck(deps: {
  readonly settings: SettingsStore;
  readonly vault: SecretStore;
  readonly directory: Pick<Directory, 'adoptFromDms'>;
  readonly now: () => Date;
}): LiveCheck {
  return async (taskId) => {
    if (!deps.settings.read().dms.enabled || !/^\d+$/.test(taskId)) return null;
    const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
    const client = await openClient(deps, { now: deps.now });
    const info = await client.getOrderBaseInfo(taskId, signal);
    if (!isPendingApproval(info.StatusCode)) return { pending: false, approvers: [] };
    if (info.WorkflowInstanceId === null) return null;
    const detail = await client.getApprovalDetail(info.WorkflowInstanceId, signal);
    const people = new PeopleResolver(client, deps.directory, signal);
    const approvers: Person[] = [];
    for (const h of detail.CurrentHandlers) approvers.push(await people.resolve(h.Id, h.NickName));
    return approvers.length > 0 ? { pending: true, approvers } : null;
  };
}
