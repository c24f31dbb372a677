import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { text } from '../../../../shared/i18n-text.js';
import type { ApprovalPress } from './approvals-store.js';
import { Outbox } from './outbox.js';
import { pruneSentEvents } from './retention.js';
import { outboxSql } from '../../../../test/outbox-sql.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 1);

let dir: string;
let outbox: Outbox;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-approvals-'));
  outbox = Outbox.open(dir);
});
afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const press = (o: Partial<ApprovalPress> = {}): ApprovalPress => ({
  cardNonce: 'n1',
  action: 'approve',
  pressedAt: NOW,
  platform: 'feishu',
  presserId: 'ou_ann',
  dmsUserId: '51',
  dmsUid: '2000000000000051',
  orderId: '100001',
  comment: '',
  ...o,
});
const rows = () => (outboxSql(outbox, 'SELECT COUNT(*) AS n FROM approvals').get() as { n: number }).n;

describe('approvals store', () => {
  it('gives a card action to one press only; the other action of the same card is its own claim', () => {
    const first = outbox.approvals.claim(press());
    const second = outbox.approvals.claim(press({ presserId: 'ou_bob' }));
    expect(first.claimed).toBe(true);
    expect(second).toEqual({ claimed: false, record: first.record });
    expect(outbox.approvals.claim(press({ action: 'reject' })).claimed).toBe(true);
    // The database itself refuses a second live row, whatever the code does.
    expect(() =>
      outboxSql(
        outbox,
        "INSERT INTO approvals (card_nonce, action, pressed_at, platform, presser_id, order_id, state, live) VALUES ('n1', 'approve', 1, 'x', 'y', '1', 'claimed', 1)",
      ).run(),
    ).toThrow(/UNIQUE/);
  });

  it('keeps the card action spent after approval, and frees it after a refusal (DMS was not changed)', () => {
    const a = outbox.approvals.claim(press()).record;
    outbox.approvals.finish(a.id, { outcome: 'refused', reason: 'not-a-handler', message: text('no', '否'), requestId: null, at: NOW });
    const b = outbox.approvals.claim(press({ presserId: 'ou_bob' }));
    expect(b.claimed).toBe(true);
    const done = outbox.approvals.finish(b.record.id, { outcome: 'approved', reason: null, message: null, requestId: 'R1', at: NOW });
    expect(done).toMatchObject({ state: 'done', outcome: 'approved', requestId: 'R1', presserId: 'ou_bob' });
    expect(outbox.approvals.claim(press())).toEqual({ claimed: false, record: done });
    expect(outbox.approvals.get(a.id)).toMatchObject({ outcome: 'refused', reason: 'not-a-handler', message: { en: 'no', zh: '否' } });
  });

  it('survives a reopen: a claim made before a crash is still held and listed as unresolved', () => {
    const a = outbox.approvals.claim(press()).record;
    outbox.close();
    outbox = Outbox.open(dir);
    expect(outbox.approvals.unresolved()).toEqual([a]);
    expect(outbox.approvals.claim(press()).claimed).toBe(false);
  });

  it('retention deletes finished presses older than the setting and keeps unresolved claims', () => {
    const old = outbox.approvals.claim(press({ pressedAt: NOW - 40 * DAY })).record;
    outbox.approvals.finish(old.id, { outcome: 'approved', reason: null, message: null, requestId: 'R', at: NOW - 40 * DAY });
    outbox.approvals.recordDuplicate(press({ pressedAt: NOW - 40 * DAY }), old, 'already-acted', NOW - 40 * DAY);
    const stuck = outbox.approvals.claim(press({ cardNonce: 'n2', pressedAt: NOW - 40 * DAY })).record;
    const recent = outbox.approvals.claim(press({ cardNonce: 'n3', pressedAt: NOW - DAY })).record;
    outbox.approvals.finish(recent.id, { outcome: 'rejected', reason: null, message: null, requestId: 'R3', at: NOW - DAY });
    expect(rows()).toBe(4);
    pruneSentEvents(outbox.retention, 30, NOW);
    expect(rows()).toBe(2);
    expect(outbox.approvals.get(stuck.id)?.state).toBe('claimed');
    expect(outbox.approvals.get(recent.id)?.outcome).toBe('rejected');
  });
});
