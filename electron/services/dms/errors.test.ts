import { describe, expect, it } from 'vitest';
import { classify, makeFailure } from './errors.js';

describe('ApproveOrder failures', () => {
  it('recognises "not a handler" and "already handled" by their words, in English or Chinese, for ApproveOrder only', () => {
    expect(classify('UserNotCurrentHandler', 'The user is not an approver of the current node.', 'ApproveOrder')).toBe('not-handler');
    expect(classify('UnknownCode', '当前用户不是该节点的审批人', 'ApproveOrder')).toBe('not-handler');
    expect(classify('WorkflowAlreadyFinished', 'The approval of this ticket is already finished.', 'ApproveOrder')).toBe('already-handled');
    expect(classify('UnknownCode', '工单已审批', 'ApproveOrder')).toBe('already-handled');
    // The same words from a read stay a plain business failure.
    expect(classify('UnknownCode', '工单已审批', 'GetApprovalDetail')).toBe('business');
  });

  it('explains permission and throttling in terms of approving, in both languages', () => {
    const perm = makeFailure({ code: 'NoPermission', action: 'ApproveOrder', httpStatus: 200 });
    expect(perm.kind).toBe('permission');
    expect(perm.explanation.fix.en).toContain('dms:ApproveOrder');
    expect(perm.explanation.fix.zh).toContain('AssumeUser');
    const slow = makeFailure({ code: 'Throttling.User', action: 'ApproveOrder', httpStatus: 400 });
    expect(slow).toMatchObject({ kind: 'throttled', retryable: true });
    expect(slow.explanation.message.zh).toContain('工单未被更改');
    // The watcher's reads keep their own advice.
    expect(makeFailure({ code: 'Forbidden.RAM', action: 'ListOrders', httpStatus: 403 }).explanation.fix.en).toContain('AliyunDMSReadOnlyAccess');
  });
});
