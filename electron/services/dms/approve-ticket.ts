import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import type { ApprovalPress, ApprovalRecord, SqliteApprovalStore } from '../delivery/index.js';
import { decidePress, decideRecovery, normalizeComment, refusalMessage, type PressDecision, type RefusalReason } from './approve-decision.js';
import type { DmsClient } from './client.js';
import { DmsApiError } from './errors.js';

export type ApproveTicketClient = Pick<DmsClient, 'getOrderBaseInfo' | 'getApprovalDetail' | 'approveOrder' | 'getUser'>;
export type ApprovalStore = Pick<SqliteApprovalStore, 'claim' | 'finish' | 'noteUnresolved' | 'recordDuplicate' | 'unresolved' | 'noteDmsUser'>;

export interface PressResult {
  /** The audit row of this press. `state: 'claimed'` = DMS did not answer ApproveOrder: not known yet whether it acted. */
  readonly record: ApprovalRecord;
  /** For a duplicate press: the row that acted (or is acting) for the card action. */
  readonly original: ApprovalRecord | null;
}

/**
 * UNVERIFIED: DMS's code for an unknown OrderId is not documented; a business failure of GetOrderBaseInfo that
 * names the order or says "not exist / not found" is taken to mean the ticket is gone.
 */
const TICKET_GONE = /order|not.?exist|not.?found|不存在/i;

const UNKNOWN_YET = text(
  ' Whether DMS applied it is not known yet: press again and Channel Desk checks DMS before doing anything.',
  ' 暂不确定 DMS 是否已执行：请再按一次，Channel Desk 会先查询 DMS 再决定是否操作。',
);

/**
 * Acts on one Approve / Reject press, exactly once per (card nonce, action): claims the card action in the audit
 * store before any DMS call, checks fresh with GetApprovalDetail that the ticket is still in approval and that the
 * presser's DMS user is among its current handlers, then calls ApproveOrder as the presser's UID (RealLoginUserUid).
 * A claim left unresolved (crash, or no answer from DMS) is settled by re-reading DMS, never by calling again blindly.
 * One instance per process: the data-folder lock keeps a second process off the same outbox.
 */
export class ApproveTicketService {
  /** Claims being worked on in this process; any other claimed row is left over from a crash or a lost answer. */
  private readonly inFlight = new Set<number>();
  /** DMS user id → Alibaba Cloud UID (GetUser): a user's UID never changes, so answers are kept. */
  private readonly uids = new Map<string, string>();

  constructor(
    private readonly deps: {
      readonly client: ApproveTicketClient;
      readonly store: ApprovalStore;
      readonly now: () => number;
    },
  ) {}

  async press(pressed: ApprovalPress): Promise<PressResult> {
    // The audit keeps the comment as it will be sent: trimmed and bounded.
    const p = { ...pressed, comment: normalizeComment(pressed.comment) };
    // Twice at most: a leftover claim that recovery releases (refused / failed) lets this press claim afresh.
    for (let round = 0; round < 2; round++) {
      const { claimed, record } = this.deps.store.claim(p);
      if (claimed) return { record: await this.work(record, false), original: null };
      if (record.state === 'done') return this.duplicate(p, record, 'already-acted');
      if (this.inFlight.has(record.id)) return this.duplicate(p, record, 'in-progress');
      const settled = await this.work(record, true);
      if (settled.state === 'claimed' || settled.outcome === 'approved' || settled.outcome === 'rejected') {
        return this.duplicate(p, settled, settled.state === 'claimed' ? 'in-progress' : 'already-acted');
      }
    }
    throw new Error('approval claim did not settle');
  }

  /** Settles every claim left unresolved by a crash (call once at start); returns the rows as they are now. */
  async resolveUnfinished(): Promise<ApprovalRecord[]> {
    const out: ApprovalRecord[] = [];
    for (const r of this.deps.store.unresolved()) {
      if (!this.inFlight.has(r.id)) out.push(await this.work(r, true));
    }
    return out;
  }

  /** Which of these DMS users is the person with this UID (GetUser per id, remembered); null when none is. */
  private async dmsUserOf(uid: string, dmsUserIds: readonly string[]): Promise<string | null> {
    for (const id of new Set(dmsUserIds)) {
      let known = this.uids.get(id);
      if (known === undefined) {
        const user = await this.deps.client.getUser(id);
        known = user.Uid;
        this.uids.set(id, known);
      }
      if (known === uid) return id;
    }
    return null;
  }

  private duplicate(p: ApprovalPress, of: ApprovalRecord, reason: 'in-progress' | 'already-acted'): PressResult {
    return { record: this.deps.store.recordDuplicate(p, of, reason, this.deps.now()), original: of };
  }

  /** Takes a claimed row to its outcome. `recovering`: the row may already have reached DMS. */
  private async work(r: ApprovalRecord, recovering: boolean): Promise<ApprovalRecord> {
    this.inFlight.add(r.id);
    try {
      return await this.decideAndAct(r, recovering);
    } finally {
      this.inFlight.delete(r.id);
    }
  }

  private async decideAndAct(r: ApprovalRecord, recovering: boolean): Promise<ApprovalRecord> {
    const { client, store, now } = this.deps;
    const refuse = (reason: RefusalReason): ApprovalRecord =>
      store.finish(r.id, { outcome: 'refused', reason, message: refusalMessage(reason, r.orderId), requestId: null, at: now() });
    const fail = (e: DmsApiError): ApprovalRecord =>
      store.finish(r.id, {
        outcome: 'failed',
        reason: `dms:${e.failure.kind}`,
        message: e.failure.explanation.message,
        requestId: e.failure.requestId,
        at: now(),
      });

    if (r.dmsUid === null) return refuse('no-dms-user');
    const dmsUid = r.dmsUid;

    let decision: PressDecision;
    let workflowInstanceId: string;
    try {
      const info = await client.getOrderBaseInfo(r.orderId);
      if (info.WorkflowInstanceId === null) return refuse('no-workflow');
      workflowInstanceId = info.WorkflowInstanceId;
      const detail = await client.getApprovalDetail(workflowInstanceId);
      // A chat press knows the presser's UID only (the users directory): find their DMS user id among the ticket's people.
      let dmsUserId = r.dmsUserId;
      if (dmsUserId === null) {
        dmsUserId = await this.dmsUserOf(dmsUid, [...detail.CurrentHandlers.map((h) => h.Id), ...detail.WorkflowNodes.flatMap((n) => n.OperatorId ?? [])]);
        if (dmsUserId === null) return refuse(detail.WorkflowInsCode.toUpperCase() === 'AUDITING' ? 'not-a-handler' : 'already-handled');
        store.noteDmsUser(r.id, dmsUserId);
      }
      decision = recovering ? decideRecovery(detail, dmsUserId, r.action, r.comment) : decidePress(detail, dmsUserId, r.action, r.comment);
    } catch (err) {
      if (!(err instanceof DmsApiError)) {
        // No DMS client at all (connection incomplete, vault locked): nothing reached DMS, the card action is free again.
        if (err instanceof AppError) return store.finish(r.id, { outcome: 'failed', reason: 'dms:unavailable', message: err.text, requestId: null, at: now() });
        throw err;
      }
      if (
        err.failure.action === 'GetOrderBaseInfo' &&
        err.failure.kind === 'business' &&
        TICKET_GONE.test(`${err.failure.code} ${err.failure.serverMessage}`)
      ) {
        return refuse('ticket-not-found');
      }
      // Only reads failed: DMS is unchanged, and the card action is free again for a retry.
      return fail(err);
    }

    if (decision.kind === 'refuse') return refuse(decision.reason);
    if (decision.kind === 'already-done') {
      return store.finish(r.id, {
        outcome: decision.outcome,
        reason: 'recovered',
        message: text('DMS already shows this decision; it was not sent again.', 'DMS 中已有此审批结果；未重复提交。'),
        requestId: null,
        at: now(),
      });
    }

    try {
      const { requestId } = await client.approveOrder({
        workflowInstanceId,
        approvalType: decision.approvalType,
        comment: decision.comment,
        realLoginUserUid: dmsUid,
      });
      return store.finish(r.id, { outcome: r.action === 'approve' ? 'approved' : 'rejected', reason: null, message: null, requestId, at: now() });
    } catch (err) {
      if (!(err instanceof DmsApiError)) throw err;
      const kind = err.failure.kind;
      // No answer, or a server-side failure: DMS may have acted. Keep the claim; the next press or start re-reads DMS.
      if (kind === 'network' || kind === 'timeout' || kind === 'server') {
        const m = err.failure.explanation.message;
        return store.noteUnresolved(r.id, `dms:${kind}`, text(m.en + UNKNOWN_YET.en, m.zh + UNKNOWN_YET.zh));
      }
      return fail(err);
    }
  }
}
