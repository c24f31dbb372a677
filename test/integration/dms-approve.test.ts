import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalPress } from '../../electron/services/delivery/outbox/approvals-store.js';
import { Outbox } from '../../electron/services/delivery/outbox/outbox.js';
import { ApproveTicketService } from '../../electron/services/dms/approve-ticket.js';
import { DmsClient } from '../../electron/services/dms/client.js';
import { DmsApiError } from '../../electron/services/dms/errors.js';
import { startFakeDms, type FakeDms } from '../fakes/dms-openapi.js';
import { outboxSql } from '../outbox-sql.js';

const SECRET = 'approve-secret-never-shown';
const UID = { ann: '2000000000000051', bob: '2000000000000052', eve: '2000000000000077' } as const;

let fake: FakeDms;
let dir: string;
let outbox: Outbox;

beforeEach(async () => {
  fake = await startFakeDms({
    tid: 3000,
    keys: [
      { id: 'LTAIadmin', secret: SECRET, actions: '*', userId: '1', assumeUser: true },
      { id: 'LTAIplain', secret: SECRET, actions: '*', userId: '1' },
      { id: 'LTAIreadonly', secret: SECRET, actions: ['GetOrderBaseInfo', 'GetApprovalDetail'], userId: '1', assumeUser: true },
    ],
    users: [
      { userId: '51', uid: UID.ann, nickName: 'Ann' },
      { userId: '52', uid: UID.bob, nickName: 'Bob' },
      { userId: '77', uid: UID.eve, nickName: 'Eve' },
    ],
  });
  dir = mkdtempSync(path.join(tmpdir(), 'cd-dms-approve-'));
  outbox = Outbox.open(dir);
});
afterEach(async () => {
  outbox.close();
  rmSync(dir, { recursive: true, force: true });
  await fake.close();
});

const client = (accessKeyId = 'LTAIadmin', accessKeySecret = SECRET) =>
  new DmsClient({ endpoint: fake.endpoint, accessKeyId, accessKeySecret, tid: 3000, timeoutMs: 5000 });
const service = (accessKeyId?: string) => new ApproveTicketService({ client: client(accessKeyId), store: outbox.approvals, now: () => Date.now() });
const ticket = (nodes: string[][]) => fake.createOrder({ pluginType: 'DATA_EXPORT', statusCode: 'toaudit', committerId: '77', nodes, comment: 'export users' });

let nonce = 0;
const press = (orderId: number, who: keyof typeof UID, o: Partial<ApprovalPress> = {}): ApprovalPress => ({
  cardNonce: `card-${++nonce}`,
  action: 'approve',
  pressedAt: Date.now(),
  platform: 'feishu',
  presserId: `ou_${who}`,
  dmsUserId: { ann: '51', bob: '52', eve: '77' }[who],
  dmsUid: UID[who],
  orderId: String(orderId),
  comment: '',
  ...o,
});

describe('approve from chat against the fake DMS', () => {
  it("the approver's press approves once, as their UID; node 1 hands over to node 2, whose approver ends the flow", async () => {
    const id = ticket([['51'], ['52']]);
    const s = service();
    const first = await s.press(press(id, 'ann', { comment: 'ok for me' }));
    expect(first.record).toMatchObject({ state: 'done', outcome: 'approved', presserId: 'ou_ann', dmsUserId: '51', orderId: String(id) });
    expect(first.record.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(fake.approveCalls).toEqual([
      { workflowInstanceId: String(id + 900_000), approvalType: 'AGREE', comment: 'ok for me', realLoginUserUid: UID.ann, actingUserId: '51', answered: null },
    ]);
    expect(fake.order(id)).toMatchObject({ statusCode: 'toaudit', approvers: ['52'] });
    expect((await client().getApprovalDetail(String(id + 900_000))).CurrentHandlers).toEqual([{ Id: '52', NickName: 'Bob' }]);

    // Ann again (same card re-pushed, or her copy of the card pressed again): nothing more reaches DMS.
    expect((await s.press({ ...press(id, 'ann'), cardNonce: first.record.cardNonce })).record.outcome).toBe('duplicate');
    // Ann on a fresh card for node 2: she is no longer a handler.
    expect((await s.press(press(id, 'ann'))).record).toMatchObject({ outcome: 'refused', reason: 'not-a-handler' });
    expect((await s.press(press(id, 'bob'))).record.outcome).toBe('approved');
    expect(fake.order(id).statusCode).toBe('approved');
    expect(fake.approveCalls.map((c) => c.realLoginUserUid)).toEqual([UID.ann, UID.bob]);
  });

  it('a non-handler is refused and nothing is sent to DMS; a reject ends the ticket; then every press is already-handled', async () => {
    const id = ticket([['51'], ['52']]);
    const s = service();
    expect((await s.press(press(id, 'eve'))).record).toMatchObject({ outcome: 'refused', reason: 'not-a-handler', requestId: null });
    expect(fake.approveCalls).toEqual([]);
    expect((await s.press(press(id, 'ann', { action: 'reject', comment: 'no' }))).record.outcome).toBe('rejected');
    expect(fake.order(id)).toMatchObject({ statusCode: 'reject', approvers: [] });
    const late = await s.press(press(id, 'bob'));
    expect(late.record).toMatchObject({ outcome: 'refused', reason: 'already-handled' });
    expect(late.record.message?.zh).toContain('待审批');
    expect(fake.approveCalls.map((c) => c.approvalType)).toEqual(['REJECT']);
  });

  it('an unknown ticket is refused as ticket-not-found', async () => {
    expect((await service().press(press(424242, 'ann'))).record).toMatchObject({ outcome: 'refused', reason: 'ticket-not-found' });
    expect(fake.approveCalls).toEqual([]);
  });

  it('a double press (two presses at once) reaches DMS once', async () => {
    const id = ticket([['51']]);
    const s = service();
    const p = press(id, 'ann');
    const results = await Promise.all([s.press(p), s.press({ ...p, pressedAt: p.pressedAt + 1 })]);
    expect(results.map((r) => r.record.outcome).sort()).toEqual(['approved', 'duplicate']);
    expect(fake.approveCalls).toHaveLength(1);
    const n = outboxSql(outbox, 'SELECT COUNT(*) AS n FROM approvals WHERE card_nonce = ?').get(p.cardNonce) as { n: number };
    expect(n.n).toBe(2);
  });

  it('a crash between claim and DMS call: after reopening the database, the press acts once', async () => {
    const id = ticket([['51']]);
    const p = press(id, 'ann');
    outbox.approvals.claim(p);
    outbox.close();
    outbox = Outbox.open(dir);
    const settled = await service().resolveUnfinished();
    expect(settled).toEqual([expect.objectContaining({ outcome: 'approved' })]);
    expect((await service().press(p)).record.outcome).toBe('duplicate');
    expect(fake.approveCalls).toHaveLength(1);
  });

  it('DMS refusals are recorded with the explained reason, and free the card for a retry', async () => {
    const id = ticket([['51']]);
    // No AssumeUser: DMS refuses RealLoginUserUid.
    const noAssume = await service('LTAIplain').press(press(id, 'ann'));
    expect(noAssume.record).toMatchObject({ outcome: 'failed', reason: 'dms:permission' });
    expect(noAssume.record.message?.en).toMatch(/on behalf of an approver/);
    // RAM lacks dms:ApproveOrder.
    const ram = await service('LTAIreadonly').press({ ...press(id, 'ann'), cardNonce: noAssume.record.cardNonce });
    expect(ram.record).toMatchObject({ outcome: 'failed', reason: 'dms:permission' });
    expect(ram.record.message?.zh).toContain('代审批人');
    fake.throttleNext(1, 'ApproveOrder');
    const throttled = await service().press({ ...press(id, 'ann'), cardNonce: noAssume.record.cardNonce });
    expect(throttled.record).toMatchObject({ outcome: 'failed', reason: 'dms:throttled' });
    expect(throttled.record.message?.en).toMatch(/not changed/);
    expect(fake.order(id).statusCode).toBe('toaudit');
    const ok = await service().press({ ...press(id, 'ann'), cardNonce: noAssume.record.cardNonce });
    expect(ok.record.outcome).toBe('approved');
    expect(fake.approveCalls.filter((c) => c.answered === null)).toHaveLength(1);
  });

  it("the client maps DMS's own ApproveOrder refusals to explained errors, and the fake checks its signature", async () => {
    const id = ticket([['51']]);
    const wf = String(id + 900_000);
    const kindOf = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(DmsApiError);
      expect(JSON.stringify((e as DmsApiError).failure)).not.toContain(SECRET);
      return (e as DmsApiError).failure;
    };
    const asEve = await kindOf(client().approveOrder({ workflowInstanceId: wf, approvalType: 'AGREE', comment: '', realLoginUserUid: UID.eve }));
    expect(asEve).toMatchObject({ kind: 'not-handler', code: 'UserNotCurrentHandler' });
    expect(asEve.explanation.message.zh).toContain('审批人');
    await client().approveOrder({ workflowInstanceId: wf, approvalType: 'AGREE', comment: '', realLoginUserUid: UID.ann });
    expect(await kindOf(client().approveOrder({ workflowInstanceId: wf, approvalType: 'REJECT', comment: '', realLoginUserUid: UID.ann }))).toMatchObject({
      kind: 'already-handled',
      code: 'WorkflowAlreadyFinished',
    });
    expect(
      await kindOf(client('LTAIadmin', 'wrong').approveOrder({ workflowInstanceId: wf, approvalType: 'AGREE', comment: '', realLoginUserUid: UID.ann })),
    ).toMatchObject({
      kind: 'signature',
    });
  });
});
