import { CHANNEL_IDS, type ChannelId } from '../../../shared/catalog/channels.js';
import type { ApprovalEntry, approvalsMethods } from '../../../shared/contract/approvals.js';
import type { AppServices } from '../app.js';
import { connectionView } from '../approvals/connection-record.js';
import type { ApprovalRecord } from '../delivery/index.js';
import type { Handlers } from './dispatch.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const channelOf = (platform: string): ChannelId | null => ((CHANNEL_IDS as readonly string[]).includes(platform) ? (platform as ChannelId) : null);

function entryOf(r: ApprovalRecord, nameOf: (uid: string) => string | null): ApprovalEntry {
  return {
    id: r.id,
    pressedAt: iso(r.pressedAt),
    channel: channelOf(r.platform),
    platform: r.platform,
    presserId: r.presserId,
    presserName: r.dmsUid === null ? null : nameOf(r.dmsUid) || r.dmsUid,
    dmsUid: r.dmsUid,
    orderId: r.orderId,
    action: r.action,
    comment: r.comment,
    state: r.state,
    outcome: r.outcome,
    reason: r.reason,
    message: r.message,
    requestId: r.requestId,
    finishedAt: r.finishedAt === null ? null : iso(r.finishedAt),
  };
}

export function approvalsHandlers(s: AppServices): Pick<Handlers, keyof typeof approvalsMethods> {
  return {
    'approvals.list': async ({ beforeId, limit, orderId }) => {
      // One row more than asked tells whether another page exists.
      const rows = s.delivery.outbox.approvals.list({ limit: limit + 1, ...(beforeId === undefined ? {} : { beforeId }), ...(orderId ? { orderId } : {}) });
      return { entries: rows.slice(0, limit).map((r) => entryOf(r, (uid) => s.directory.displayName(uid))), hasMore: rows.length > limit };
    },
    'approvals.connections': async () => ({
      connections: s.approvals.connections().map(connectionView),
    }),
    'approvals.sendTestCard': async (input) => s.approvals.sendTestCard(input),
  };
}
