import { z } from 'zod';
import type { LocalizedText } from '../../../../shared/i18n-text.js';
import type { SqliteDb } from '../../sqlite/database.js';

export type ApprovalAction = 'approve' | 'reject';
/** `duplicate`: a repeat press (double tap, re-push) of a card action that already acted or is acting. */
export type ApprovalOutcome = 'approved' | 'rejected' | 'refused' | 'failed' | 'duplicate';

/** One press of Approve / Reject on a chat card, as the platform delivered it and the users directory mapped it. */
export interface ApprovalPress {
  /** The opaque per-card nonce from the button's value: never an identity. */
  readonly cardNonce: string;
  readonly action: ApprovalAction;
  /** Epoch ms. */
  readonly pressedAt: number;
  readonly platform: string;
  /** The presser as the platform named them (Feishu open_id, DingTalk userId). */
  readonly presserId: string;
  /** The mapped DMS user, or null when the directory has no (unambiguous) link. */
  readonly dmsUserId: string | null;
  /** Their Alibaba Cloud UID (ApproveOrder's RealLoginUserUid). */
  readonly dmsUid: string | null;
  /** The DMS ticket (OrderId). */
  readonly orderId: string;
  readonly comment: string;
}

export interface ApprovalRecord extends ApprovalPress {
  readonly id: number;
  /** `claimed`: taken, and ApproveOrder may or may not have reached DMS (in flight, crashed, or no answer). */
  readonly state: 'claimed' | 'done';
  readonly outcome: ApprovalOutcome | null;
  /** Why, as a code: a refusal reason, `dms:<kind>`, or `in-progress` / `already-acted` for duplicates. */
  readonly reason: string | null;
  readonly message: LocalizedText | null;
  readonly requestId: string | null;
  readonly finishedAt: number | null;
}

export interface ClaimResult {
  /** True: this press holds the card action now and must act. False: `record` is the row that does (or did). */
  readonly claimed: boolean;
  readonly record: ApprovalRecord;
}

export interface ApprovalFinish {
  readonly outcome: Exclude<ApprovalOutcome, 'duplicate'>;
  readonly reason: string | null;
  readonly message: LocalizedText | null;
  readonly requestId: string | null;
  readonly at: number;
}

interface Row {
  id: number;
  card_nonce: string;
  action: string;
  pressed_at: number;
  platform: string;
  presser_id: string;
  dms_user_id: string | null;
  dms_uid: string | null;
  order_id: string;
  comment: string;
  state: string;
  outcome: string | null;
  reason: string | null;
  message: string | null;
  request_id: string | null;
  finished_at: number | null;
}

const messageSchema = z.object({ en: z.string(), zh: z.string() });
const actionSchema = z.enum(['approve', 'reject']);
const stateSchema = z.enum(['claimed', 'done']);
const outcomeSchema = z.enum(['approved', 'rejected', 'refused', 'failed', 'duplicate']);

function toRecord(r: Row): ApprovalRecord {
  // The file may have been edited or come from another version: a bad message is dropped, not thrown.
  const message = r.message === null ? null : messageSchema.safeParse(safeJson(r.message));
  return {
    id: r.id,
    cardNonce: r.card_nonce,
    action: actionSchema.parse(r.action),
    pressedAt: r.pressed_at,
    platform: r.platform,
    presserId: r.presser_id,
    dmsUserId: r.dms_user_id,
    dmsUid: r.dms_uid,
    orderId: r.order_id,
    comment: r.comment,
    state: stateSchema.parse(r.state),
    outcome: r.outcome === null ? null : outcomeSchema.parse(r.outcome),
    reason: r.reason,
    message: message?.success ? message.data : null,
    requestId: r.request_id,
    finishedAt: r.finished_at,
  };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return null;
  }
}

const COLUMNS = `id, card_nonce, action, pressed_at, platform, presser_id, dms_user_id, dms_uid, order_id, comment, state, outcome, reason,
  message, request_id, finished_at`;

/**
 * The `approvals` table of the outbox file: the audit of every press and the claim that makes a card's action reach
 * DMS at most once. A press first claims (one IMMEDIATE transaction, before any DMS call); only the press holding the
 * live row may call ApproveOrder. A live row still `claimed` after a restart is resolved by re-reading DMS, never by
 * calling ApproveOrder blindly (dms/approve-ticket.ts).
 */
export class SqliteApprovalStore {
  constructor(private readonly sql: SqliteDb) {}

  /** Takes the card action for this press, or returns the live row that already holds it. */
  claim(p: ApprovalPress): ClaimResult {
    return this.sql.write(() => {
      const live = this.live(p.cardNonce, p.action);
      if (live) return { claimed: false, record: live };
      const id = Number(
        this.sql
          .prepared(
            `INSERT INTO approvals (card_nonce, action, pressed_at, platform, presser_id, dms_user_id, dms_uid, order_id, comment, state, live)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'claimed', 1)`,
          )
          .run(p.cardNonce, p.action, p.pressedAt, p.platform, p.presserId, p.dmsUserId, p.dmsUid, p.orderId, p.comment).lastInsertRowid,
      );
      return { claimed: true, record: this.mustGet(id) };
    });
  }

  /**
   * Ends a claimed row. Approved / rejected rows stay live (the card action is spent); refused and failed ones give
   * the card action back, since DMS was not changed and someone else (or a retry) may still act.
   */
  finish(id: number, f: ApprovalFinish): ApprovalRecord {
    return this.sql.write(() => {
      const keep = f.outcome === 'approved' || f.outcome === 'rejected';
      const changes = this.sql
        .prepared(
          `UPDATE approvals SET state = 'done', outcome = ?, reason = ?, message = ?, request_id = ?, finished_at = ?, live = ?
            WHERE id = ? AND state = 'claimed'`,
        )
        .run(f.outcome, f.reason, f.message === null ? null : JSON.stringify(f.message), f.requestId, f.at, keep ? 1 : null, id).changes;
      if (changes !== 1) throw new Error(`approval ${id} is not claimed`);
      return this.mustGet(id);
    });
  }

  /** Notes why a claimed row is still unresolved (DMS did not answer ApproveOrder) without giving up the claim. */
  noteUnresolved(id: number, reason: string, message: LocalizedText): ApprovalRecord {
    return this.sql.write(() => {
      this.sql.prepared(`UPDATE approvals SET reason = ?, message = ? WHERE id = ? AND state = 'claimed'`).run(reason, JSON.stringify(message), id);
      return this.mustGet(id);
    });
  }

  /** Records which DMS user a press mapped to (a chat press knows only the UID until DMS names the ticket's handlers). */
  noteDmsUser(id: number, dmsUserId: string): void {
    this.sql.write(() => this.sql.prepared(`UPDATE approvals SET dms_user_id = ? WHERE id = ? AND dms_user_id IS NULL`).run(dmsUserId, id));
  }

  /** Records a repeat press of a card action held by `of` (done or in flight): audited, never acted on. */
  recordDuplicate(p: ApprovalPress, of: ApprovalRecord, reason: 'in-progress' | 'already-acted', at: number): ApprovalRecord {
    return this.sql.write(() => {
      const id = Number(
        this.sql
          .prepared(
            `INSERT INTO approvals (card_nonce, action, pressed_at, platform, presser_id, dms_user_id, dms_uid, order_id, comment, state, outcome,
               reason, request_id, finished_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'done', 'duplicate', ?, ?, ?)`,
          )
          .run(p.cardNonce, p.action, p.pressedAt, p.platform, p.presserId, p.dmsUserId, p.dmsUid, p.orderId, p.comment, reason, of.requestId, at)
          .lastInsertRowid,
      );
      return this.mustGet(id);
    });
  }

  get(id: number): ApprovalRecord | null {
    const r = this.sql.prepared<[number], Row>(`SELECT ${COLUMNS} FROM approvals WHERE id = ?`).get(id);
    return r ? toRecord(r) : null;
  }

  /** The audit, newest first: up to `limit` rows with an id below `beforeId`, optionally of one ticket. */
  list(q: { readonly beforeId?: number; readonly limit: number; readonly orderId?: string }): ApprovalRecord[] {
    return this.sql
      .prepared<[number, string | null, string | null, number], Row>(
        `SELECT ${COLUMNS} FROM approvals WHERE id < ? AND (? IS NULL OR order_id = ?) ORDER BY id DESC LIMIT ?`,
      )
      .all(q.beforeId ?? Number.MAX_SAFE_INTEGER, q.orderId ?? null, q.orderId ?? null, q.limit)
      .map(toRecord);
  }

  /** Claimed rows, oldest first: after a crash these may or may not have reached DMS. */
  unresolved(): ApprovalRecord[] {
    return this.sql.prepared<[], Row>(`SELECT ${COLUMNS} FROM approvals WHERE state = 'claimed' ORDER BY id`).all().map(toRecord);
  }

  /** Retention: deletes up to `limit` finished rows pressed before `cutoff`; unresolved claims are kept. */
  deleteFinishedBefore(cutoff: number, limit: number): number {
    return this.sql.write(
      () =>
        this.sql
          .prepared<[number, number]>(`DELETE FROM approvals WHERE id IN (SELECT id FROM approvals WHERE state = 'done' AND pressed_at < ? LIMIT ?)`)
          .run(cutoff, limit).changes,
    );
  }

  private live(cardNonce: string, action: ApprovalAction): ApprovalRecord | null {
    const r = this.sql
      .prepared<[string, string], Row>(`SELECT ${COLUMNS} FROM approvals WHERE card_nonce = ? AND action = ? AND live = 1`)
      .get(cardNonce, action);
    return r ? toRecord(r) : null;
  }

  private mustGet(id: number): ApprovalRecord {
    const r = this.get(id);
    if (!r) throw new Error(`approval ${id} vanished`);
    return r;
  }
}
