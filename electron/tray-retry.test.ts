import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryError, seedEvent } from '../test/integration/outbox-seed.js';
import { TEST_VAULT_ENV } from '../test/integration/test-stores.js';
import { createHandlers } from './services/api/index.js';
import { createAppServices, type AppServices } from './services/app.js';
import { retryAllFromTray, retryAllNotice } from './tray-retry.js';

let dir: string;
let services: AppServices;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cd-tray-retry-'));
  services = await createAppServices({ dataDir: dir, mode: 'cli', env: TEST_VAULT_ENV });
});
afterEach(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

const dead = (uid: string, platformUserId?: null) => ({
  channel: 'feishu' as const,
  uid,
  ...(platformUserId === null
    ? { platformUserId: null, error: deliveryError('NO_PLATFORM_ID', { retryable: false }) }
    : { attempts: [{ at: Date.now(), ok: false as const, error: deliveryError('230013', { retryable: false }), dead: true }] }),
});

async function clickRetryAll(lang: 'en-US' | 'zh-CN' = 'en-US') {
  const shown: { title: string; body: string }[] = [];
  await retryAllFromTray(createHandlers(services), lang, (n) => shown.push(n));
  return shown;
}

describe('tray "Retry all failed"', () => {
  it('says how many went back to the queue', async () => {
    seedEvent(services.delivery.outbox, Date.now(), [dead('a'), dead('b')]);
    expect(await clickRetryAll()).toEqual([{ title: 'Retry all failed', body: '2 deliveries queued again; they are being sent now.' }]);
    expect(services.delivery.outbox.log.counts()).toMatchObject({ dead: 0, queued: 2 });
  });

  it('queues a recipient without a platform id too (looked up when sending), in the admin language', async () => {
    seedEvent(services.delivery.outbox, Date.now(), [dead('a'), dead('nobody', null)]);
    expect(await clickRetryAll('zh-CN')).toEqual([{ title: '重试所有失败', body: '已重新排队 2 条投递，正在发送。' }]);
    expect(services.delivery.outbox.log.counts()).toMatchObject({ dead: 0, queued: 2 });
  });

  it('says when there was nothing to retry, and when others retried them first', async () => {
    expect((await clickRetryAll())[0]?.body).toBe('There are no dead letters to retry.');
    expect(retryAllNotice(0, 2, 'en-US').body).toBe('Nothing was queued again: these dead letters were retried or discarded in the meantime.');
    expect(retryAllNotice(1, 2, 'zh-CN').body).toBe('2 条中已重新排队 1 条；其余的已在此期间被重试或丢弃。');
  });
});
