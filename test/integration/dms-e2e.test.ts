import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { saveConnection } from '../../electron/services/dms/connection.js';
import type { FakeServer } from '../fakes/common.js';
import { startFakeDms, type FakeDms } from '../fakes/dms-openapi.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake } from '../fakes/feishu.js';
import { settled, waitFor } from './delivery-harness.js';

const APP = 'cli_dmse2e0000000001';
const APP_SECRET = 'feishu-e2e-secret-0123456789';
const AK_SECRET = 'dms-e2e-ak-secret-0123456789';

let dir: string | undefined;
let services: AppServices | undefined;
let dms: FakeDms | undefined;
let feishu: FakeServer | undefined;

afterEach(async () => {
  await services?.vault.delete('dms/accessKeySecret');
  await services?.vault.delete('channel/feishu/appSecret');
  await services?.close();
  await dms?.close();
  await feishu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('a DATA_EXPORT ticket entering toaudit on DMS reaches its current approver on Feishu, through rules, outbox and sender', async () => {
  feishu = await startFeishuFake({
    apps: [
      {
        appId: APP,
        secret: APP_SECRET,
        scopes: [FEISHU_SCOPES.send[0], FEISHU_SCOPES.lookup],
        users: [
          { id: 'ou-approver', mobile: '13800000022' },
          { id: 'ou-submitter', mobile: '13800000011' },
        ],
      },
    ],
  });
  dms = await startFakeDms({
    tid: 3000,
    keys: [{ id: 'LTAIe2e', secret: AK_SECRET, actions: '*' }],
    users: [
      { userId: '11', uid: '200000000000011', nickName: 'Sam Submitter', mobile: '13800000011' },
      { userId: '22', uid: '200000000000022', nickName: 'Alice Approver', mobile: '13800000022' },
    ],
  });
  dir = mkdtempSync(path.join(tmpdir(), 'cd-dms-e2e-'));
  services = await createAppServices({ dataDir: dir, mode: 'headless' });
  const s = services;

  s.settings.update((cur) => ({
    ...cur,
    channels: {
      ...cur.channels,
      feishu: { ...cur.channels.feishu, enabled: true, region: 'cn-hangzhou', values: { appId: APP }, baseUrls: { apiBaseUrl: feishu!.baseUrl } },
    },
    rules: [{ module: 'ticket', businessType: 'data-export', status: 'pending-approval', enabled: true, additionalUsers: [], channels: ['feishu'] }],
  }));
  await s.vault.set('channel/feishu/appSecret', APP_SECRET);
  await saveConnection(s, { region: 'cn-hangzhou', tid: 3000, accessKeyId: 'LTAIe2e', accessKeySecret: AK_SECRET, endpoint: dms.endpoint });
  s.delivery.start();

  expect(await s.dms.watcher.pollNow()).toMatchObject({ baseline: true });
  const orderId = dms.createOrder({ pluginType: 'DATA_EXPORT', committerId: '11', comment: 'Export table orders for the audit' });
  dms.setApprovers(orderId, ['22']);
  dms.setStatus(orderId, 'toaudit');
  const summary = await s.dms.watcher.pollNow();
  expect(summary).toMatchObject({ emitted: 1, warnings: [] });

  await waitFor(() => settled(s.delivery) && feishu!.delivered.length > 0, 'the Feishu message');
  expect(feishu.delivered.map((m) => m.recipient)).toEqual([openIdFor(APP, 'ou-approver')]);
  expect(JSON.stringify(feishu.delivered[0]?.content)).toContain(String(orderId));
  expect(s.delivery.outbox.log.counts()).toMatchObject({ sent: 1, dead: 0 });

  // Polling again changes nothing: the same (ticket, status) is never sent twice.
  await s.dms.watcher.pollNow();
  await waitFor(() => settled(s.delivery), 'settle');
  expect(feishu.delivered).toHaveLength(1);
});
