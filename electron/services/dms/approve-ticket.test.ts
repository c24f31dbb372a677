import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalPress } from '../delivery/index.js';
import { Outbox } from '../delivery/index.js';
import { ApproveTicketService, type ApproveTicketClient } from './approve-ticket.js';
import type { ApproveOrderInput, DmsApprovalDetail, DmsOrderBaseInfo, DmsUserInfo } from './client.js';
import { DmsApiError, makeFailure } from './errors.js';

/** A one-ticket DMS in memory: the service's I/O, so these tests see exactly which calls it makes. */
class StubDms implements ApproveTicketClient {
  handlers = ['51'];
  code = 'AUDITING';
  operator: string | null = null;
  calls: ApproveOrderInput[] = [];
  userLookups: string[] = [];
  /** Set to hold ApproveOrder until release() (a press in flight). */
  private gate: { promise: Promise<void>; release: () => void } | null = null;
  /** The next ApproveOrder acts in DMS but its answer is lost (timeout). */
  loseNextAnswer = false;

  hold(): () => void {
    let release = (): void => {};
    const promise = new Promise<void>((r) => (release = r));
    this.gate = { promise, release };
    return release;
  }

  getOrderBaseInfo(): Promise<DmsOrderBaseInfo> {
    return Promise.resolve({ WorkflowInstanceId: '900001' } as DmsOrderBaseInfo);
  }

  getApprovalDetail(): Promise<DmsApprovalDetail> {
    return Promise.resolve({
      WorkflowInsCode: this.code,
      CurrentHandlers: this.handlers.map((Id) => ({ Id, NickName: '' })),
      WorkflowNodes: this.operator ? [{ NodeName: '1', OperatorId: this.operator, OperateTime: '', OperateComment: '', WorkflowInsCode: 'APPROVED' }] : [],
    } as DmsApprovalDetail);
  }

  getUser(id: string): Promise<DmsUserInfo> {
    this.userLookups.push(id);
    return Promise.resolve({ UserId: id, Uid: `20000000000000${id}`, NickName: '', Mobile: '', Email: '' } as DmsUserInfo);
  }

  async approveOrder(input: ApproveOrderInput): Promise<{ requestId: string }> {
    this.calls.push(input);
    if (this.gate) await this.gate.promise;
    this.code = 'APPROVED';
    this.operator = '51';
    this.handlers = [];
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new DmsApiError(makeFailure({ kind: 'timeout', code: 'timeout', action: 'ApproveOrder', httpStatus: null }));
    }
    return { requestId: `REQ-${this.calls.length}` };
  }
}

const press = (o: Partial<ApprovalPress> = {}): ApprovalPress => ({
  cardNonce: 'card-1',
  action: 'approve',
  pressedAt: 1,
  platform: 'dingtalk',
  presserId: 'ding-ann',
  dmsUserId: '51',
  dmsUid: '2000000000000051',
  orderId: '100001',
  comment: ' looks fine ',
  ...o,
});

let dir: string;
let outbox: Outbox;
let dms: StubDms;
const service = () => new ApproveTicketService({ client: dms, store: outbox.approvals, now: () => 2 });
const reopen = (): void => {
  outbox.close();
  outbox = Outbox.open(dir);
};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-approve-'));
  outbox = Outbox.open(dir);
  dms = new StubDms();
});
afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ApproveTicketService exactly once', () => {
  it('a double tap while the first press is in flight reaches DMS once', async () => {
    const s = service();
    const release = dms.hold();
    const first = s.press(press());
    const second = await s.press(press());
    expect(second.record).toMatchObject({ outcome: 'duplicate', reason: 'in-progress' });
    release();
    expect((await first).record).toMatchObject({ outcome: 'approved', requestId: 'REQ-1', state: 'done', comment: 'looks fine' });
    expect(dms.calls).toEqual([{ workflowInstanceId: '900001', approvalType: 'AGREE', comment: 'looks fine', realLoginUserUid: '2000000000000051' }]);
  });

  it("a platform re-push after the press settled is recorded as a duplicate carrying the original's request id", async () => {
    const s = service();
    await s.press(press());
    const again = await s.press(press());
    expect(again.record).toMatchObject({ outcome: 'duplicate', reason: 'already-acted', requestId: 'REQ-1' });
    expect(again.original).toMatchObject({ outcome: 'approved' });
    expect(dms.calls).toHaveLength(1);
  });

  it('a crash between the claim and the DMS call: after reopening, the next press re-checks DMS and calls once', async () => {
    outbox.approvals.claim(press());
    reopen();
    const r = await service().press(press());
    expect(r.record).toMatchObject({ outcome: 'duplicate', reason: 'already-acted' });
    expect(r.original).toMatchObject({ outcome: 'approved', requestId: 'REQ-1' });
    expect(dms.calls).toHaveLength(1);
  });

  it('a crash after DMS acted but before the outcome was written: recovery finds the decision and never calls again', async () => {
    const claimed = outbox.approvals.claim(press()).record;
    await dms.approveOrder({ workflowInstanceId: '900001', approvalType: 'AGREE', comment: '', realLoginUserUid: '2000000000000051' });
    reopen();
    const settled = await service().resolveUnfinished();
    expect(settled).toEqual([expect.objectContaining({ id: claimed.id, outcome: 'approved', reason: 'recovered' })]);
    expect(dms.calls).toHaveLength(1);
  });

  it('a lost answer keeps the claim; the next press re-reads DMS instead of approving twice', async () => {
    const s = service();
    dms.loseNextAnswer = true;
    const lost = await s.press(press());
    expect(lost.record).toMatchObject({ state: 'claimed', reason: 'dms:timeout' });
    expect(lost.record.message?.en).toMatch(/press again/);
    const again = await s.press(press());
    expect(again.original).toMatchObject({ outcome: 'approved', reason: 'recovered' });
    expect(dms.calls).toHaveLength(1);
  });

  it('a refused press frees the card for the real approver (a group chat card)', async () => {
    const s = service();
    const stranger = await s.press(press({ presserId: 'ding-eve', dmsUserId: '77', dmsUid: '2000000000000077' }));
    expect(stranger.record).toMatchObject({ outcome: 'refused', reason: 'not-a-handler' });
    const unmapped = await s.press(press({ presserId: 'ding-zed', dmsUserId: null, dmsUid: null }));
    expect(unmapped.record).toMatchObject({ outcome: 'refused', reason: 'no-dms-user' });
    expect((await s.press(press())).record).toMatchObject({ outcome: 'approved' });
    expect(dms.calls.map((c) => c.realLoginUserUid)).toEqual(['2000000000000051']);
  });

  it('a chat press known by UID only: the handler check maps DMS user ids to UIDs with GetUser', async () => {
    dms.handlers = ['52', '51'];
    const s = service();
    const stranger = await s.press(press({ presserId: 'ding-eve', dmsUserId: null, dmsUid: '2000000000000077' }));
    expect(stranger.record).toMatchObject({ outcome: 'refused', reason: 'not-a-handler', dmsUserId: null });
    const ann = await s.press(press({ dmsUserId: null }));
    expect(ann.record).toMatchObject({ outcome: 'approved', dmsUserId: '51', dmsUid: '2000000000000051' });
    expect(dms.calls.map((c) => c.realLoginUserUid)).toEqual(['2000000000000051']);
    // Each DMS user is looked up once.
    expect(dms.userLookups.sort()).toEqual(['51', '52']);
  });
});
