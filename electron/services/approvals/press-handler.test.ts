import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/fixtures/wait-for.js';
import { Outbox, type ApprovalCard, type ApprovalPress, type ApprovalRecord } from '../delivery/index.js';
import type { PressResult } from '../dms/approve-ticket.js';
import type { ApprovalCardBody } from '../platforms/approval-card-types.js';
import type { IncomingPress } from '../platforms/approval-cards.js';
import { createPressHandler, type PressHandlerDeps } from './press-handler.js';

const NOW = Date.UTC(2026, 11, 7, 12);
const BODY: ApprovalCardBody = { title: '[DMS] Data export · Pending Approval', markdown: '- #1001', link: '', linkLabel: '', lang: 'en-US' };

let dir: string;
let outbox: Outbox;
let now: number;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-press-'));
  outbox = Outbox.open(dir);
  now = NOW;
});
afterEach(() => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
});

const record = (p: ApprovalPress, o: Partial<ApprovalRecord>): ApprovalRecord => ({
  ...p,
  id: 1,
  state: 'done',
  outcome: null,
  reason: null,
  message: null,
  requestId: null,
  finishedAt: NOW,
  ...o,
});

function world(o: Partial<PressHandlerDeps> = {}) {
  const presses: ApprovalPress[] = [];
  const synced: ApprovalCard[][] = [];
  const told: { to: string; text: string }[] = [];
  const handler = createPressHandler({
    cards: outbox.cards,
    approve: (p) => {
      presses.push(p);
      // As ApproveTicketService: no UID → refused; here every mapped presser is a current approver.
      const r = p.dmsUid === null ? record(p, { outcome: 'refused', reason: 'no-dms-user' }) : record(p, { outcome: 'approved', requestId: 'REQ-1' });
      return Promise.resolve({ record: r, original: null });
    },
    people: (_channel, id) =>
      id === 'ou_ann'
        ? [{ uid: '2001', name: 'Ann' }]
        : id === 'ou_twin'
          ? [
              { uid: '1', name: 'A' },
              { uid: '2', name: 'B' },
            ]
          : [],
    language: () => 'en-US',
    syncCards: (cards) => {
      synced.push([...cards]);
      return Promise.resolve();
    },
    tell: (_c, to, text) => {
      told.push({ to, text });
      return Promise.resolve();
    },
    now: () => now,
    log: () => {},
    ...o,
  });
  return { handler, presses, synced, told };
}

const card = (o: { orderId?: string; key?: string; state?: 'pending' | 'test'; ttlMs?: number } = {}) =>
  outbox.cards.prepare({ dedupKey: o.key ?? 'k1', orderId: o.orderId ?? '1001', channel: 'feishu', recipient: 'ou_ann', body: BODY, now: NOW, ...o });

let callback = 0;
const press = (value: unknown, o: Partial<IncomingPress> = {}): IncomingPress => ({
  channel: 'feishu',
  callbackId: `cb-${++callback}`,
  presserId: 'ou_ann',
  value,
  comment: '',
  card: null,
  updateToken: null,
  chatId: null,
  receivedAt: NOW,
  ...o,
});

describe('press handler decisions', () => {
  it('refuses a value that is not {action, nonce} and a nonce the registry does not know, without any DMS call', async () => {
    const w = world();
    expect(await w.handler(press({ action: 'approve' }))).toMatchObject({ kind: 'error', text: expect.stringMatching(/not one Channel Desk sent/) });
    expect(await w.handler(press({ action: 'delete', nonce: 'abcdefghijk' }))).toMatchObject({ kind: 'error' });
    expect(await w.handler(press({ action: 'approve', nonce: 'unknown-nonce-123' }))).toMatchObject({
      kind: 'error',
      text: expect.stringMatching(/does not know this card/),
    });
    // A card of another channel pressed here is unknown too.
    const c = card();
    expect(await w.handler(press({ action: 'approve', nonce: c.nonce }, { channel: 'lark' }))).toMatchObject({ kind: 'error' });
    expect(w.presses).toEqual([]);
  });

  it('a test card answers "it works" and shows it, never reaching DMS', async () => {
    const w = world();
    const c = card({ orderId: '', state: 'test' });
    const reply = await w.handler(press({ action: 'reject', nonce: c.nonce }));
    expect(reply).toMatchObject({ kind: 'success', text: expect.stringMatching(/It works/), card: { kind: 'feishu-card' } });
    expect(JSON.stringify(reply.card)).toContain('Test passed: pressed by Ann');
    expect(w.presses).toEqual([]);
  });

  it('an expired card says so and shows itself as expired; DMS is not asked', async () => {
    const w = world();
    const c = card({ ttlMs: 1000 });
    now = NOW + 1000;
    const reply = await w.handler(press({ action: 'approve', nonce: c.nonce }));
    expect(reply).toMatchObject({ kind: 'warning', text: expect.stringMatching(/expired/) });
    expect(JSON.stringify(reply.card)).not.toContain('"callback"');
    expect(outbox.cards.get(c.nonce)?.state).toBe('expired');
    expect(w.presses).toEqual([]);
  });

  it('the presser is who the directory says the platform id is: none or several → no UID (the service refuses)', async () => {
    const w = world();
    const c = card();
    await w.handler(press({ action: 'approve', nonce: c.nonce }, { presserId: 'ou_stranger' }));
    await w.handler(press({ action: 'approve', nonce: c.nonce }, { presserId: 'ou_twin' }));
    await w.handler(press({ action: 'approve', nonce: c.nonce }, { presserId: 'ou_ann', comment: 'ok' }));
    expect(w.presses.map((p) => [p.presserId, p.dmsUid, p.dmsUserId])).toEqual([
      ['ou_stranger', null, null],
      ['ou_twin', null, null],
      ['ou_ann', '2001', null],
    ]);
    expect(w.presses[2]).toMatchObject({ cardNonce: c.nonce, orderId: '1001', action: 'approve', comment: 'ok', platform: 'feishu' });
  });

  it('an approval settles every copy of the ticket (each in its own language) and answers at once with the new card', async () => {
    const w = world();
    const a = card();
    outbox.cards.prepare({ dedupKey: 'k2', orderId: '1001', channel: 'dingtalk', recipient: 'ann', body: { ...BODY, lang: 'zh-CN' }, now: NOW });
    const reply = await w.handler(press({ action: 'approve', nonce: a.nonce }));
    expect(reply).toMatchObject({ kind: 'success', text: 'Approved in DMS.' });
    expect(JSON.stringify(reply.card)).toMatch(/Approved by Ann · \d{4}-\d\d-\d\d \d\d:\d\d/);
    await waitFor(() => w.synced.length === 1, 'the copies updated');
    expect(w.synced[0]!.map((c) => [c.channel, c.state, c.statusText.split(' · ')[0]])).toEqual([
      ['feishu', 'approved', 'Approved by Ann'],
      ['dingtalk', 'approved', 'Ann 已同意'],
    ]);
    // Pressed again later: the card is decided, nothing goes to DMS.
    expect(await w.handler(press({ action: 'reject', nonce: a.nonce }))).toMatchObject({ kind: 'info', text: expect.stringMatching(/^Approved by Ann/) });
    expect(w.presses).toHaveLength(1);
  });

  it('a re-push of the same callback gets the same answer and acts once', async () => {
    const w = world();
    const c = card();
    const p = press({ action: 'approve', nonce: c.nonce });
    const [first, again] = await Promise.all([w.handler(p), w.handler({ ...p })]);
    expect(again).toEqual(first);
    expect(w.presses).toHaveLength(1);
  });

  it('too slow for the answer: "Submitting…" now; a refusal is then told to the presser, and no card changes', async () => {
    let finish: (r: PressResult) => void = () => {};
    const w = world({
      answerWithinMs: 20,
      approve: () => new Promise<PressResult>((resolve) => (finish = resolve)),
    });
    const c = card();
    const p = press({ action: 'approve', nonce: c.nonce });
    expect(await w.handler(p)).toEqual({ kind: 'info', text: 'Submitting to DMS…' });
    finish({
      record: record(
        { ...p, cardNonce: c.nonce, action: 'approve', pressedAt: NOW, platform: 'feishu', dmsUserId: null, dmsUid: '2001', orderId: '1001' },
        {
          outcome: 'refused',
          message: { en: 'You are not an approver.', zh: '您不是审批人。' },
        },
      ),
      original: null,
    });
    await waitFor(() => w.told.length === 1, 'the presser told');
    expect(w.told[0]).toEqual({ to: 'ou_ann', text: 'Ticket 1001: You are not an approver.' });
    expect(w.synced).toEqual([]);
    expect(outbox.cards.get(c.nonce)?.state).toBe('pending');
  });
});
