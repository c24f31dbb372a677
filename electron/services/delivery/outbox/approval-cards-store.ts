import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CHANNEL_IDS, type ChannelId } from '../../../../shared/catalog/channels.js';
import { APPROVAL_CARD_STATES, approvalCardBodySchema, type ApprovalCardBody, type ApprovalCardState } from '../../platforms/approval-card-types.js';
import type { CardRef } from '../../platforms/approval-card-types.js';
import type { SqliteDb } from '../../sqlite/database.js';

/** A card nobody pressed says "expired" after this long (issue 19: default 7 days). */
export const APPROVAL_CARD_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** One sent (or about to be sent) copy of an approval card. */
export interface ApprovalCard {
  /** Opaque, crypto-random: the only thing the buttons carry. */
  readonly nonce: string;
  /** The DMS ticket (OrderId); '' for a test card. */
  readonly orderId: string;
  readonly channel: ChannelId;
  /** The platform user id or `chat:<id>` it went to. */
  readonly recipient: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly state: ApprovalCardState;
  readonly statusText: string;
  readonly body: ApprovalCardBody;
  /** Where the copy lives; null until the platform confirmed the send. */
  readonly ref: CardRef | null;
}

export interface NewApprovalCard {
  /** The delivery's per-recipient key: the same key gets the same card (and nonce) on every retry. */
  readonly dedupKey: string;
  readonly orderId: string;
  readonly channel: ChannelId;
  readonly recipient: string;
  readonly body: ApprovalCardBody;
  readonly now: number;
  readonly ttlMs?: number;
  readonly state?: 'pending' | 'test';
}

const refSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('feishu-message'), messageId: z.string().min(1) }),
  z.object({ kind: z.literal('dingtalk-card'), outTrackId: z.string().min(1) }),
]);

interface Row {
  nonce: string;
  order_id: string;
  channel: string;
  recipient: string;
  created_at: number;
  expires_at: number;
  state: string;
  status_text: string;
  content: string;
  ref: string | null;
}

const COLUMNS = 'nonce, order_id, channel, recipient, created_at, expires_at, state, status_text, content, ref';

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return null;
  }
}

/** A row as the code knows it; a row another version (or a hand edit) left unreadable is treated as unknown. */
function toCard(r: Row): ApprovalCard | null {
  const channel = z.enum(CHANNEL_IDS).safeParse(r.channel);
  const state = z.enum(APPROVAL_CARD_STATES).safeParse(r.state);
  const body = approvalCardBodySchema.safeParse(parseJson(r.content));
  if (!channel.success || !state.success || !body.success) return null;
  const ref = r.ref === null ? null : refSchema.safeParse(parseJson(r.ref));
  return {
    nonce: r.nonce,
    orderId: r.order_id,
    channel: channel.data,
    recipient: r.recipient,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    state: state.data,
    statusText: r.status_text,
    body: body.data,
    ref: ref?.success ? ref.data : null,
  };
}

/**
 * The registry of approval cards (`approval_cards` in the outbox file): nonce → ticket, channel, recipient, expiry,
 * state and where each copy lives. The press handler trusts a button only through it.
 */
export class SqliteApprovalCardStore {
  constructor(private readonly sql: SqliteDb) {}

  /** The card of this delivery copy: created with a fresh nonce the first time, the same one on a retry. */
  prepare(c: NewApprovalCard): ApprovalCard {
    return this.sql.write(() => {
      const existing = this.sql.prepared<[string], Row>(`SELECT ${COLUMNS} FROM approval_cards WHERE dedup_key = ?`).get(c.dedupKey);
      const known = existing ? toCard(existing) : null;
      if (known) return known;
      if (existing) this.sql.prepared<[string]>('DELETE FROM approval_cards WHERE dedup_key = ?').run(c.dedupKey);
      const nonce = randomBytes(18).toString('base64url');
      this.sql
        .prepared(
          `INSERT INTO approval_cards (nonce, dedup_key, order_id, channel, recipient, created_at, expires_at, state, content, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          nonce,
          c.dedupKey,
          c.orderId,
          c.channel,
          c.recipient,
          c.now,
          c.now + (c.ttlMs ?? APPROVAL_CARD_TTL_MS),
          c.state ?? 'pending',
          JSON.stringify(c.body),
          c.now,
        );
      return this.mustGet(nonce);
    });
  }

  /** Records where the platform put the copy (Feishu message_id, DingTalk outTrackId). */
  attach(nonce: string, ref: CardRef, now: number): void {
    this.sql.write(() => this.sql.prepared('UPDATE approval_cards SET ref = ?, updated_at = ? WHERE nonce = ?').run(JSON.stringify(ref), now, nonce));
  }

  get(nonce: string): ApprovalCard | null {
    const r = this.sql.prepared<[string], Row>(`SELECT ${COLUMNS} FROM approval_cards WHERE nonce = ?`).get(nonce);
    return r ? toCard(r) : null;
  }

  /** Every copy of a ticket's cards, oldest first. */
  copiesOf(orderId: string): ApprovalCard[] {
    return this.sql
      .prepared<[string], Row>(`SELECT ${COLUMNS} FROM approval_cards WHERE order_id = ? ORDER BY created_at, rowid`)
      .all(orderId)
      .flatMap((r) => toCard(r) ?? []);
  }

  /** Ends every still-pending copy of a ticket with its outcome; returns the copies it changed. */
  settleTicket(orderId: string, state: 'approved' | 'rejected', statusText: string | ((card: ApprovalCard) => string), now: number): ApprovalCard[] {
    return this.sql.write(() => {
      const rows = this.sql
        .prepared<[string], Row>(`SELECT ${COLUMNS} FROM approval_cards WHERE order_id = ? AND state = 'pending' ORDER BY created_at, rowid`)
        .all(orderId);
      const set = this.sql.prepared('UPDATE approval_cards SET state = ?, status_text = ?, updated_at = ? WHERE nonce = ?');
      return rows.flatMap((r) => {
        const c = toCard(r);
        if (!c) return [];
        // Each copy in its own language (a channel's notify language).
        const line = typeof statusText === 'string' ? statusText : statusText(c);
        set.run(state, line, now, r.nonce);
        return [{ ...c, state, statusText: line }];
      });
    });
  }

  /** One copy's new look (an expired card, a pressed test card). */
  setState(nonce: string, state: ApprovalCardState, statusText: string, now: number): ApprovalCard | null {
    return this.sql.write(() => {
      this.sql.prepared('UPDATE approval_cards SET state = ?, status_text = ?, updated_at = ? WHERE nonce = ?').run(state, statusText, now, nonce);
      return this.get(nonce);
    });
  }

  /** Retention: cards created before `cutoff` that are decided, or expired by then. */
  deleteOldBefore(cutoff: number, limit: number): number {
    return this.sql.write(
      () =>
        this.sql
          .prepared<[number, number, number]>(
            `DELETE FROM approval_cards WHERE nonce IN (
               SELECT nonce FROM approval_cards WHERE created_at < ? AND (state <> 'pending' OR expires_at < ?) LIMIT ?)`,
          )
          .run(cutoff, cutoff, limit).changes,
    );
  }

  private mustGet(nonce: string): ApprovalCard {
    const c = this.get(nonce);
    if (!c) throw new Error(`approval card ${nonce} vanished`);
    return c;
  }
}
