import { describe, expect, it } from 'vitest';
import { decidePress, decideRecovery, MAX_COMMENT_CHARS, normalizeComment, refusalMessage } from './approve-decision.js';

const handlers = (...ids: string[]) => ids.map((Id) => ({ Id, NickName: `n${Id}` }));
const node = (OperatorId: string | null, WorkflowInsCode: string) => ({ NodeName: 'n', OperatorId, OperateTime: '', OperateComment: '', WorkflowInsCode });

describe('decidePress', () => {
  it('calls AGREE / REJECT for a current handler of a ticket still in approval, with the comment trimmed', () => {
    const detail = { WorkflowInsCode: 'AUDITING', CurrentHandlers: handlers('51', '52') };
    expect(decidePress(detail, '52', 'approve', '  ok  ')).toEqual({ kind: 'call', approvalType: 'AGREE', comment: 'ok' });
    expect(decidePress(detail, '51', 'reject', 'no')).toEqual({ kind: 'call', approvalType: 'REJECT', comment: 'no' });
  });

  it('refuses someone who is not a current handler, and any press once the approval is over', () => {
    expect(decidePress({ WorkflowInsCode: 'AUDITING', CurrentHandlers: handlers('51') }, '99', 'approve', '')).toEqual({
      kind: 'refuse',
      reason: 'not-a-handler',
    });
    for (const code of ['APPROVED', 'REJECT', 'CANCEL', '']) {
      expect(decidePress({ WorkflowInsCode: code, CurrentHandlers: handlers('51') }, '51', 'approve', '')).toEqual({
        kind: 'refuse',
        reason: 'already-handled',
      });
    }
  });
});

describe('decideRecovery', () => {
  it("settles a claim as done when DMS shows the presser's own decision, even if they also handle the next node", () => {
    const detail = { WorkflowInsCode: 'AUDITING', CurrentHandlers: handlers('51'), WorkflowNodes: [node('51', 'APPROVED'), node(null, 'AUDITING')] };
    expect(decideRecovery(detail, '51', 'approve', '')).toEqual({ kind: 'already-done', outcome: 'approved' });
    // The fresh rule alone would approve node 2 as well: that is what recovery must not do.
    expect(decidePress(detail, '51', 'approve', '')).toMatchObject({ kind: 'call' });
  });

  it('decides like a fresh press when DMS shows no decision of this user', () => {
    const detail = { WorkflowInsCode: 'AUDITING', CurrentHandlers: handlers('51'), WorkflowNodes: [node(null, 'AUDITING')] };
    expect(decideRecovery(detail, '51', 'reject', 'x')).toEqual({ kind: 'call', approvalType: 'REJECT', comment: 'x' });
    const over = { WorkflowInsCode: 'REJECT', CurrentHandlers: [], WorkflowNodes: [node('52', 'REJECT')] };
    expect(decideRecovery(over, '51', 'reject', '')).toEqual({ kind: 'refuse', reason: 'already-handled' });
  });
});

describe('comments and messages', () => {
  it('cuts long comments at a code point boundary', () => {
    const c = normalizeComment('😀'.repeat(MAX_COMMENT_CHARS + 10));
    expect(Array.from(c)).toHaveLength(MAX_COMMENT_CHARS);
    expect(c.endsWith('😀')).toBe(true);
  });

  it('explains every refusal in both languages with the ticket id', () => {
    for (const r of ['no-dms-user', 'ticket-not-found', 'no-workflow', 'already-handled', 'not-a-handler'] as const) {
      const m = refusalMessage(r, '4711');
      expect(m.en).not.toBe('');
      expect(m.zh).toMatch(/[\u4e00-\u9fff]/);
      if (r !== 'no-dms-user') expect(`${m.en}${m.zh}`).toContain('4711');
    }
  });
});
