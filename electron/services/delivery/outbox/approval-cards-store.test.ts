import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalCardBody } from '../../platforms/approval-card-types.js';
import { APPROVAL_CARD_TTL_MS, type NewApprovalCard } from './approval-cards-store.js';
import { Outbox } from './outbox.js';
import { pruneSentEvents } from './retention.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 1);
const BODY: ApprovalCardBody = {
  title: '[DMS] Data export · Pending Approval',
  markdown: '- **Ticket**: #1001',
  link: '',
  linkLabel: 'Open DMS',
  lang: 'en-US',
};

let dir: string;
let outbox: Outbox;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-cards-'));
  outbox = Outbox.open(dir);
});
afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const card = (o: Partial<NewApprovalCard> = {}): NewApprovalCard => ({
  dedupKey: 'ev1/feishu/ann',
  orderId: '1001',
  channel: 'feishu',
  recipient: 'ou_ann',
  body: BODY,
  now: NOW,
  ...o,
});

describe('approval card registry', () => {
  it('gives each copy an opaque random nonce, the same one again for the same delivery (a retry)', () => {
    const a = outbox.cards.prepare(card());
    const again = outbox.cards.prepare(card({ now: NOW + 1000 }));
    const b = outbox.cards.prepare(card({ dedupKey: 'ev1/feishu/bob', recipient: 'ou_bob' }));
    expect(again.nonce).toBe(a.nonce);
    expect(b.nonce).not.toBe(a.nonce);
    expect(a.nonce).toMatch(/^[A-Za-z0-9_-]{24}$/);
    // Nothing about the ticket or the person is in the nonce.
    expect(a.nonce).not.toContain('1001');
    expect(a).toMatchObject({ orderId: '1001', channel: 'feishu', recipient: 'ou_ann', state: 'pending', expiresAt: NOW + APPROVAL_CARD_TTL_MS, ref: null });
  });

  it('keeps where each copy lives and settles every pending copy of a ticket at once', () => {
    const a = outbox.cards.prepare(card());
    const b = outbox.cards.prepare(card({ dedupKey: 'ev1/dingtalk/ann', channel: 'dingtalk', recipient: 'ann' }));
    const other = outbox.cards.prepare(card({ dedupKey: 'ev2/feishu/ann', orderId: '1002' }));
    outbox.cards.attach(a.nonce, { kind: 'feishu-message', messageId: 'om_1' }, NOW);
    outbox.cards.attach(b.nonce, { kind: 'dingtalk-card', outTrackId: 'track-1' }, NOW);
    const settled = outbox.cards.settleTicket('1001', 'approved', 'Approved by Ann', NOW + 5);
    expect(settled.map((c) => c.ref)).toEqual([
      { kind: 'feishu-message', messageId: 'om_1' },
      { kind: 'dingtalk-card', outTrackId: 'track-1' },
    ]);
    expect(outbox.cards.get(a.nonce)).toMatchObject({ state: 'approved', statusText: 'Approved by Ann' });
    expect(outbox.cards.get(other.nonce)?.state).toBe('pending');
    // A second settle finds nothing pending: the outcome is written once.
    expect(outbox.cards.settleTicket('1001', 'rejected', 'x', NOW + 6)).toEqual([]);
    expect(outbox.cards.get('no-such-nonce')).toBeNull();
  });

  it('is pruned by the retention setting: decided or expired cards go, a pending one within its lifetime stays', () => {
    const decided = outbox.cards.prepare(card({ now: NOW - 40 * DAY }));
    outbox.cards.settleTicket('1001', 'rejected', 'Rejected by Ann', NOW - 39 * DAY);
    const expired = outbox.cards.prepare(card({ dedupKey: 'k2', orderId: '1002', now: NOW - 40 * DAY }));
    const alive = outbox.cards.prepare(card({ dedupKey: 'k3', orderId: '1003', now: NOW - 35 * DAY, ttlMs: 40 * DAY }));
    const recent = outbox.cards.prepare(card({ dedupKey: 'k4', orderId: '1004', now: NOW - DAY }));
    outbox.cards.settleTicket('1004', 'approved', 'Approved', NOW);
    pruneSentEvents(outbox.retention, 30, NOW);
    expect(outbox.cards.get(decided.nonce)).toBeNull();
    expect(outbox.cards.get(expired.nonce)).toBeNull();
    expect(outbox.cards.get(alive.nonce)).not.toBeNull();
    expect(outbox.cards.get(recent.nonce)).not.toBeNull();
  });
});
