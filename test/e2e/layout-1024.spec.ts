/**
 * Issue 17, item 5: the Delivery log and the Rules list work at 1024×700. With long names and long
 * explained reasons (Chinese and English), the expanded event keeps its reason readable (wrapped) and
 * Retry on screen, and neither the page nor the table scrolls sideways.
 */
import type { Locator, Page } from '@playwright/test';
import { FEISHU_SCOPES, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { expect, exportPendingApproval, test, type Server, feishuReady } from './fixtures.js';

const APP = 'cli_layout1024a1b2c3';
const SECRET = 'layout-1024-secret-value';
const LEFT = 'oc_left0000000000000000000000003';
const LONG_ZH = '华东一区核心交易数据库变更审批与数据导出值班群（请勿在此群讨论与审批无关的事项，违者移出）'.repeat(2);
const LONG_EN = 'Database-Administrators-Approval-Escalation-Group-For-Production-Exports'.repeat(2);

test.use({ viewport: { width: 1024, height: 700 } });

let fake: FakeServer;
test.beforeEach(async () => {
  fake = await startFeishuFake({
    apps: [
      {
        appId: APP,
        secret: SECRET,
        scopes: [FEISHU_SCOPES.send[0], FEISHU_SCOPES.lookup, FEISHU_SCOPES.chats[0]],
        users: [{ id: 'u1', email: 'alice@example.com' }],
        chats: [{ chatId: LEFT, name: LONG_ZH, botMember: false }],
      },
    ],
  });
});
test.afterEach(async () => {
  await fake.close();
});

/** Dead letters with long names and reasons: a person not on Feishu, one not in Users, a chat the bot left. */
async function seed(server: Server): Promise<string> {
  await feishuReady(server, fake, APP, SECRET);
  await server.api('users.upsert', { user: { uid: '3002', name: LONG_EN, email: 'nobody-here@example.com' } });
  await server.api('users.resolve', {});
  await server.api('rules.save', {
    rule: {
      module: 'Ticket',
      businessType: 'Data Exporting',
      status: 'Pending Approval',
      additionalUsers: ['3002', '4040'],
      channels: ['feishu'],
      chats: [{ channel: 'feishu', chatId: LEFT, name: LONG_ZH }],
      reminders: {
        firstAfterMinutes: 45,
        repeatEveryMinutes: 90,
        maxReminders: 5,
        escalateAfterMinutes: 240,
        escalateTo: ['3002'],
        quietHours: { from: '22:00', to: '08:00', timeZone: 'Asia/Shanghai' },
      },
    },
  });
  const { eventId } = await server.api('events.notify', { event: exportPendingApproval({ taskName: LONG_ZH, targetUsers: [{ uid: '3001', name: LONG_EN }] }) });
  await expect
    .poll(async () => (await server.api('sender.deliveries', { eventId })).deliveries.every((d) => d.state === 'dead'), { timeout: 20_000 })
    .toBe(true);
  return eventId;
}

/** Neither the page nor any box of the table (antd scrolls `.ant-table-content` / `.ant-table-body`) scrolls sideways. */
async function expectNoSidewaysScroll(page: Page, table: Locator): Promise<void> {
  const doc = await page.evaluate<{ sw: number; cw: number }>('({ sw: document.scrollingElement.scrollWidth, cw: document.scrollingElement.clientWidth })');
  expect(doc.sw).toBeLessThanOrEqual(doc.cw);
  for (const box of await table.locator('.ant-table-container, .ant-table-content, .ant-table-body').all()) {
    const size = await box.evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth }));
    expect(size.sw).toBeLessThanOrEqual(size.cw);
  }
}

/** Horizontally inside the viewport as laid out: no scrolling first (that would scroll a wide table sideways into view). */
async function expectInViewport(page: Page, el: Locator): Promise<void> {
  await expect(el).toBeAttached();
  const b = (await el.boundingBox())!;
  const vw = page.viewportSize()!.width;
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width).toBeLessThanOrEqual(vw);
}

for (const [lang, zh] of [
  ['en-US', false],
  ['zh-CN', true],
] as const) {
  test(`Delivery log at 1024×700 (${lang}): long reasons wrap, Retry is on screen, nothing scrolls sideways`, async ({ page, server }) => {
    const eventId = await seed(server);
    const { deliveries } = await server.api('sender.deliveries', { eventId });
    await server.open(page, '/deliveries');
    if (zh) await page.getByTestId('language-switch').getByText('中文').click();
    const row = page.getByTestId('event-row-880001');
    await row.locator('.ant-table-row-expand-icon').click();
    for (const d of deliveries) {
      await expect(page.getByTestId(`delivery-error-${d.id}`)).toBeVisible();
      await expectInViewport(page, page.getByTestId(`delivery-retry-${d.id}`));
      await expectInViewport(page, page.getByTestId(`delivery-error-${d.id}`));
    }
    await expectNoSidewaysScroll(page, page.getByTestId('events-table'));
  });
}

test('Rules list at 1024×700 shows channels, chats and reminders on screen', async ({ page, server }) => {
  await seed(server);
  await server.open(page, '/rules');
  const row = page.getByTestId('rule-row-ticket|data-export|pending-approval');
  await expectInViewport(page, row.getByTestId('rule-sends-to-ticket|data-export|pending-approval'));
  await expect(row.getByTestId('rule-sends-to-ticket|data-export|pending-approval')).toContainText('Feishu');
  await expectInViewport(page, row.getByTestId('rule-row-chat'));
  await expectInViewport(page, row.getByTestId('rule-row-reminders'));
  await expectInViewport(page, row.getByRole('button', { name: 'Edit' }));
  await expectNoSidewaysScroll(page, page.getByTestId('rules-table'));
});

test.describe('Users at 1280×800', () => {
  test.use({ viewport: { width: 1280, height: 800 } });
  test('a 200-character name and e-mail do not push the channel and action columns off screen', async ({ page, server }) => {
    await feishuReady(server, fake, APP, SECRET);
    const name = 'Wolfeschlegelsteinhausenbergerdorff-'.repeat(6).slice(0, 200);
    const email = `${'a'.repeat(180)}@example.com`;
    await server.api('users.upsert', { user: { uid: '3009', name, email } });
    await server.open(page, '/users');
    const row = page.getByTestId('user-row-3009');
    await expect(row.getByTestId('user-name')).toBeVisible();
    const cell = (await row.getByTestId('user-name').boundingBox())!;
    expect(cell.width).toBeLessThanOrEqual(160);
    await expectInViewport(page, row.getByTestId('user-edit-3009'));
    await expectInViewport(page, row.locator('td').nth(5));
    await expectNoSidewaysScroll(page, page.getByTestId('users-table'));
  });
});
