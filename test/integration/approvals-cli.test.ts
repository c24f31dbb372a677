import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices } from '../../electron/services/app.js';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import { Outbox } from '../../electron/services/delivery/outbox/outbox.js';
import type { ApprovalPress } from '../../electron/services/delivery/outbox/approvals-store.js';
import { approvalsMethods } from '../../shared/contract/approvals.js';
import { text } from '../../shared/i18n-text.js';
import { cliInDataDir } from '../fixtures/cli-run.js';
import { useCliTestEnv } from './test-stores.js';

const T0 = Date.parse('2026-12-07T21:00:00.000Z');
let dir: string;
let out: string[];
let err: string[];

const cli = cliInDataDir(
  () => dir,
  (run) => ({ out, err } = run),
);

const press = (over: Partial<ApprovalPress>): ApprovalPress => ({
  cardNonce: 'n-1',
  action: 'approve',
  pressedAt: T0,
  platform: 'feishu',
  presserId: 'ou_zhang',
  dmsUserId: '51',
  dmsUid: '1001',
  orderId: '4242',
  comment: '',
  ...over,
});

/** The audit as the press handler writes it: one approval that reached DMS, one refused press, one double tap, one still in flight. */
function seed(): void {
  const o = Outbox.open(dir);
  try {
    const a = o.approvals;
    const ok = a.claim(press({ comment: 'looks fine' })).record;
    a.finish(ok.id, { outcome: 'approved', reason: null, message: null, requestId: 'REQ-APPROVE-1', at: T0 + 900 });
    a.recordDuplicate(press({ pressedAt: T0 + 1_000 }), a.get(ok.id)!, 'already-acted', T0 + 1_000);
    const refused = a.claim(
      press({ cardNonce: 'n-2', platform: 'dingtalk', presserId: 'ding-user-9', dmsUserId: null, dmsUid: null, pressedAt: T0 + 2_000, action: 'reject' }),
    ).record;
    a.finish(refused.id, {
      outcome: 'refused',
      reason: 'not-approver',
      message: text('You are not an approver of the current step.', '您不是当前步骤的审批人。'),
      requestId: null,
      at: T0 + 2_100,
    });
    a.claim(press({ cardNonce: 'n-3', orderId: '4343', pressedAt: T0 + 3_000 }));
  } finally {
    o.close();
  }
}

useCliTestEnv();
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-approvals-cli-'));
  const services = await createAppServices({ dataDir: dir, mode: 'cli' });
  services.directory.replaceAll([{ uid: '1001', name: 'Zhang San', mobile: '', email: '' }]);
  await services.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('channel-desk approvals list', () => {
  it('says how to turn it on while the audit is empty', async () => {
    expect(await cli('approvals', 'list')).toBe(0);
    expect(out).toEqual(['No approvals yet. Presses of Approve / Reject on chat cards appear here once a channel has "Approve from chat" on.']);
    expect(await cli('approvals', 'list', '--json')).toBe(0);
    expect(JSON.parse(out[0]!)).toEqual({ entries: [], hasMore: false });
  });

  it('prints every press newest first: time, platform, presser → DMS user, ticket, action, comment, outcome with its reason, RequestId', async () => {
    seed();
    expect(await cli('approvals', 'list')).toBe(0);
    expect(out).toEqual([
      '     4  2026-12-07T21:00:03.000Z · Feishu · ou_zhang → Zhang San (1001) · ticket 4343 · approve · in progress with DMS',
      '     3  2026-12-07T21:00:02.000Z · DingTalk · ding-user-9 → no DMS user · ticket 4242 · reject · refused: You are not an approver of the current step.',
      '     2  2026-12-07T21:00:01.000Z · Feishu · ou_zhang → Zhang San (1001) · ticket 4242 · approve · duplicate: already-acted · RequestId REQ-APPROVE-1',
      '     1  2026-12-07T21:00:00.000Z · Feishu · ou_zhang → Zhang San (1001) · ticket 4242 · approve · "looks fine" · approved · RequestId REQ-APPROVE-1',
    ]);
    expect(await cli('--lang', 'zh', 'approvals', 'list', '--limit', '2')).toBe(0);
    expect(out[1]).toBe('     3  2026-12-07T21:00:02.000Z · 钉钉 · ding-user-9 → 无 DMS 用户 · 工单 4242 · 拒绝 · 已拒绝执行: 您不是当前步骤的审批人。');
    expect(out[2]).toBe('更多：--before 3');
  });

  it('--json is exactly the approvals.list contract answer, paged with --before', async () => {
    seed();
    const services = await createAppServices({ dataDir: dir, mode: 'cli' });
    const viaContract = await dispatch(createHandlers(services), 'approvals.list', { limit: 2 }, { transport: 'http' });
    await services.close();
    expect(await cli('approvals', 'list', '--limit', '2', '--json')).toBe(0);
    const page = approvalsMethods['approvals.list'].output.parse(JSON.parse(out[0]!));
    expect(page).toEqual(viaContract);
    expect(page.hasMore).toBe(true);
    expect(page.entries[1]).toMatchObject({ platform: 'dingtalk', presserId: 'ding-user-9', dmsUid: null, outcome: 'refused', reason: 'not-approver' });
    expect(await cli('approvals', 'list', '--before', '3', '--json')).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({
      hasMore: false,
      entries: [
        { id: 2, outcome: 'duplicate' },
        { id: 1, requestId: 'REQ-APPROVE-1', comment: 'looks fine' },
      ],
    });
    expect(await cli('approvals', 'list', '--ticket', '4343', '--json')).toBe(0);
    expect(JSON.parse(out[0]!).entries.map((e: { id: number }) => e.id)).toEqual([4]);
  });

  it('bad usage exits 2 and says why', async () => {
    expect(await cli('approvals')).toBe(2);
    expect(err.join('\n')).toContain('Usage: channel-desk approvals list');
    expect(await cli('approvals', 'list', '--limit', '0')).toBe(2);
    expect(err.join('\n')).toContain('--limit must be a whole number from 1 to 500');
    expect(await cli('approvals', 'list', '--before', 'x')).toBe(2);
  });
});
