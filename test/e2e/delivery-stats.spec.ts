import { Outbox } from '../../electron/services/delivery/outbox/outbox.js';
import { startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { deliveryError, seedEvent, type SeedDelivery } from '../integration/outbox-seed.js';
import { expect, test, feishuOnFake, exportPendingApproval, feishuReady } from './fixtures.js';

const HOUR = 3_600_000;
const APP = 'cli_e2estats0a1b2c3d4';
const SECRET = 'e2e-stats-secret-value';

test.slow();

test('the "Last 24 hours" chart and its totals show the counts the log holds, bucket by bucket', async ({ page, server }) => {
  // A log with different, known counts in every hourly bucket, written through the outbox's own
  // write path into the running server's data folder (WAL: the server reads it live).
  const outbox = Outbox.open(server.dataDir);
  const now = Date.now();
  const want: { sent: number; failed: number; dead: number }[] = [];
  let retriedTask = '';
  try {
    for (let k = 0; k < 24; k++) {
      // 30 minutes into bucket 23-k of the window the page asks for (now-24h … now), whenever it asks within 30 min.
      const at = now - k * HOUR - 30 * 60_000;
      const sent = (k % 3) + 1;
      const retried = k % 2;
      const unaddressed = k % 4 === 0 ? 1 : 0;
      const deliveries: SeedDelivery[] = [];
      for (let n = 0; n < sent; n++) deliveries.push({ channel: 'feishu', uid: `s${n}`, attempts: [{ at: at + n, ok: true }] });
      for (let n = 0; n < retried; n++) {
        deliveries.push({
          channel: 'feishu',
          uid: `r${n}`,
          attempts: [
            { at: at + 100, ok: false, error: deliveryError('timeout') },
            { at: at + 200, ok: true },
          ],
        });
      }
      for (let n = 0; n < unaddressed; n++)
        deliveries.push({ channel: 'feishu', uid: `x${n}`, platformUserId: null, error: deliveryError('NO_PLATFORM_ID', { retryable: false }) });
      const { eventId } = seedEvent(outbox, at, deliveries, `stats ${k}`);
      if (k === 5) retriedTask = outbox.log.getEvent(eventId)!.taskId;
      want[23 - k] = { sent: sent + retried, failed: retried, dead: unaddressed };
    }
  } finally {
    outbox.close();
  }

  await server.open(page, '/deliveries');
  const chart = page.getByTestId('delivery-chart');
  for (let i = 0; i < 24; i++) {
    const bucket = chart.getByTestId(`chart-bucket-${i}`);
    await expect(bucket).toHaveAttribute('data-sent', String(want[i]!.sent));
    await expect(bucket).toHaveAttribute('data-failed', String(want[i]!.failed));
    await expect(bucket).toHaveAttribute('data-dead', String(want[i]!.dead));
  }
  const total = (k: 'sent' | 'failed' | 'dead') => want.reduce((n, b) => n + b[k], 0);
  await expect(chart.getByTestId('chart-total-sent')).toHaveText(`Sent: ${total('sent')}`);
  await expect(chart.getByTestId('chart-total-failed')).toHaveText(`Failed attempts: ${total('failed')}`);
  await expect(chart.getByTestId('chart-total-dead')).toHaveText(`Dead letters: ${total('dead')}`);
  // The row of a retried event says so, not just "sent".
  // Event k=5: 4 sent, one of them after a failed attempt (5 attempts).
  await expect(page.getByTestId(`event-row-${retriedTask}`)).toContainText('sent 4');
  await expect(page.getByTestId(`event-${retriedTask}-attempts`)).toHaveText('· 5 attempts');
});

let fake: FakeServer;
test.describe('retry feedback', () => {
  test.beforeEach(async () => {
    fake = await startFeishuFake({
      apps: [{ appId: APP, secret: SECRET, scopes: ['im:message', 'contact:user.id:readonly'], users: [{ id: 'u1', email: 'alice@example.com' }] }],
    });
  });
  test.afterEach(async () => {
    await fake.close();
  });

  test('Retry on a row, Retry all in the banner and in the log each say what they did; the chart follows', async ({ page, server }) => {
    const channel = (secret: string) => feishuOnFake(fake, APP, secret, 'ap-southeast-1');
    await feishuReady(server, fake, APP, SECRET, 'ap-southeast-1');
    await server.api('users.upsert', { user: { uid: '3001', name: 'Alice', email: 'alice@example.com' } });
    await server.api('users.resolve', {});
    // The secret was rotated on the platform only: every send fails until the admin fixes it.
    await server.api('channels.save', channel('rotated-but-not-updated'));
    const event = (taskId: string) => ({ event: exportPendingApproval({ taskId, taskName: `Export ${taskId}` }) });
    const first = await server.api('events.notify', event('770001'));
    const second = await server.api('events.notify', event('770002'));
    for (const { eventId } of [first, second]) {
      await expect.poll(async () => (await server.api('sender.deliveries', { eventId })).deliveries[0]?.state, { timeout: 20_000 }).toBe('dead');
    }
    const failedAttempts = async () => {
      let n = 0;
      for (const { eventId } of [first, second])
        for (const d of (await server.api('sender.deliveries', { eventId })).deliveries) n += d.history.filter((a) => !a.ok).length;
      return n;
    };
    const failed = await failedAttempts();
    expect(failed).toBeGreaterThanOrEqual(2);

    await server.open(page, '/deliveries');
    const banner = page.getByTestId('failure-banner');
    await expect(banner).toContainText('2 notifications could not be delivered');
    await expect(page.getByTestId('chart-total-dead')).toHaveText('Dead letters: 2');
    await expect(page.getByTestId('chart-total-failed')).toHaveText(`Failed attempts: ${failed}`);
    await server.api('channels.save', channel(SECRET));

    // 1. Retry on one delivery row.
    const row = page.getByTestId('event-row-770001');
    await row.locator('.ant-table-row-expand-icon').click();
    const id = (await server.api('sender.deliveries', { eventId: first.eventId })).deliveries[0]!.id;
    await page.getByTestId(`delivery-retry-${id}`).click();
    await expect(page.locator('.ant-message')).toContainText('1 delivery queued again');
    await expect(page.getByTestId(`delivery-state-${id}`)).toHaveText('sent', { timeout: 20_000 });
    await expect(row).toContainText('2 attempts');

    // 2. Retry all from the banner (shown on every page).
    await page.goto(`${server.origin}/#/channels`);
    await expect(banner).toContainText('1 notification could not be delivered');
    await banner.getByTestId('failure-banner-retry-all').click();
    await expect(page.locator('.ant-popconfirm')).toContainText('Retry the 1 dead letter now?');
    await page.getByTestId('failure-banner-retry-all-ok').click();
    await expect(page.locator('.ant-message')).toContainText('1 delivery queued again');
    await expect(banner).toBeHidden({ timeout: 20_000 });
    // The banner goes as soon as nothing is dead; the send itself follows within moments.
    await expect.poll(() => fake.delivered.length, { timeout: 20_000 }).toBe(2);

    // 3. Retry all in the log when nothing is dead says so instead of staying silent.
    await page.goto(`${server.origin}/#/deliveries`);
    await expect(page.getByTestId('chart-total-sent')).toHaveText('Sent: 2', { timeout: 15_000 });
    await expect(page.getByTestId('chart-total-dead')).toHaveText('Dead letters: 0');
    await page.getByTestId('retry-all').click();
    await expect(page.locator('.ant-message')).toContainText('There are no dead letters to retry.');
  });
});
