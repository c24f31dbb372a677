import { text, type LocalizedText } from '../../../shared/i18n-text.js';
import type { ApprovalAction } from '../delivery/index.js';
import type { DmsApprovalDetail, DmsApprovalType } from './client.js';

// What to do with one Approve / Reject press, decided from DMS's fresh answer alone: no I/O here.

/** Why Channel Desk refuses a press without calling ApproveOrder. */
export type RefusalReason = 'no-dms-user' | 'ticket-not-found' | 'no-workflow' | 'already-handled' | 'not-a-handler';

export type PressDecision =
  | { readonly kind: 'call'; readonly approvalType: DmsApprovalType; readonly comment: string }
  | { readonly kind: 'refuse'; readonly reason: RefusalReason }
  /** Recovery only: DMS already shows this user's decision on the ticket, so the earlier claim did reach DMS. */
  | { readonly kind: 'already-done'; readonly outcome: 'approved' | 'rejected' };

/** DMS does not document ApproveOrder's comment limit (DMS API reference, ApproveOrder): keep it short rather than be refused. */
export const MAX_COMMENT_CHARS = 500;

export function approvalTypeOf(action: ApprovalAction): DmsApprovalType {
  return action === 'approve' ? 'AGREE' : 'REJECT';
}

/** Trimmed, and cut at MAX_COMMENT_CHARS code points (never inside a surrogate pair). */
export function normalizeComment(comment: string): string {
  return Array.from(comment.trim()).slice(0, MAX_COMMENT_CHARS).join('');
}

const AUDITING = 'AUDITING';

/** A fresh press: only while the approval runs, and only by one of its current handlers. */
export function decidePress(
  detail: Pick<DmsApprovalDetail, 'WorkflowInsCode' | 'CurrentHandlers'>,
  dmsUserId: string,
  action: ApprovalAction,
  comment: string,
): PressDecision {
  if (detail.WorkflowInsCode.toUpperCase() !== AUDITING) return { kind: 'refuse', reason: 'already-handled' };
  if (!detail.CurrentHandlers.some((h) => h.Id === dmsUserId)) return { kind: 'refuse', reason: 'not-a-handler' };
  return { kind: 'call', approvalType: approvalTypeOf(action), comment: normalizeComment(comment) };
}

/**
 * A claim found unresolved (crash, or no answer to ApproveOrder): first look for this user's own decision among the
 * workflow's nodes — then the call did reach DMS and must not be repeated (with multi-node flows the same user may
 * also be a handler of the next node, so "still a handler" alone would approve twice). Otherwise decide as fresh.
 * UNVERIFIED: that DMS fills WorkflowNode.OperatorId / WorkflowInsCode this way (GetApprovalDetail in the DMS API reference, SDK model only).
 */
export function decideRecovery(
  detail: Pick<DmsApprovalDetail, 'WorkflowInsCode' | 'CurrentHandlers' | 'WorkflowNodes'>,
  dmsUserId: string,
  action: ApprovalAction,
  comment: string,
): PressDecision {
  const wanted = action === 'approve' ? 'APPROVED' : 'REJECT';
  if (detail.WorkflowNodes.some((n) => n.OperatorId === dmsUserId && n.WorkflowInsCode.toUpperCase() === wanted)) {
    return { kind: 'already-done', outcome: action === 'approve' ? 'approved' : 'rejected' };
  }
  return decidePress(detail, dmsUserId, action, comment);
}

/** What the presser is told, in both languages. */
export function refusalMessage(reason: RefusalReason, orderId: string): LocalizedText {
  switch (reason) {
    case 'no-dms-user':
      return text(
        'Your chat account is not linked to exactly one DMS user in Channel Desk, so nothing was done. Ask the admin to link it on the Users page.',
        '您的聊天账号在 Channel Desk 中未唯一关联到 DMS 用户，因此未做任何操作。请联系管理员在“用户”页面关联。',
      );
    case 'ticket-not-found':
      return text(`DMS does not know ticket ${orderId}; nothing was done.`, `DMS 中不存在工单 ${orderId}；未做任何操作。`);
    case 'no-workflow':
      return text(`Ticket ${orderId} has no approval flow in DMS; nothing was done.`, `工单 ${orderId} 在 DMS 中没有审批流程；未做任何操作。`);
    case 'already-handled':
      return text(`Ticket ${orderId} is no longer waiting for approval in DMS; nothing was done.`, `工单 ${orderId} 在 DMS 中已不在待审批状态；未做任何操作。`);
    case 'not-a-handler':
      return text(
        `You are not an approver of ticket ${orderId}'s current step in DMS, so nothing was done.`,
        `您不是工单 ${orderId} 当前节点的审批人，因此未做任何操作。`,
      );
  }
}
