import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { createRoutesListener } from '../../electron/services/net/routes.js';
import { AppError } from '../../shared/errors.js';
import { DINGTALK_SCOPES, startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk.js';
import { FEISHU_SCOPES, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { dmsBody, FAST_RETRY } from './delivery-harness.js';
import { TEST_VAULT_ENV } from './test-stores.js';

const FEISHU = { appId: 'cli_a5f8e2c91b7d300e', secret: 'ExampleFeishuAppSecret0123456789' };
const DINGTALK = { appKey: 'dingtemplatesappkey1', secret: 'ExampleDingtalkSecret0123456789' };
const CARD = '5b8c1e2f-7a94-4d36-b0e1-3c9f7a2d4e68.schema';
const people = [{ id: 'fake-1', mobile: '13800000001', email: 'lilei@example.com' }];

const FEISHU_TEMPLATE =
  '**{{business_type}}** #{{ticket_id}} {{title}}\n提交人: {{submitter}} · 审批人: {{approvers}}{{#reminder_count}} (第 {{reminder_count}} 次提醒){{/reminder_count}}';
const DINGTALK_TEMPLATE = 'Ticket {{ticket_id}} "{{title}}" is {{status}} ({{language}})\n{{{dms_link}}}';

/** A config file as an admin writes it: both channels, one user, one rule with a template per channel. */
const configFile = (feishuUrl: string, dingtalkUrl: string, templates: Record<string, string>) =>
  `${JSON.stringify(
    {
      version: 1,
      channels: {
        feishu: { enabled: true, region: 'cn-hangzhou', appId: FEISHU.appId, appSecret: FEISHU.secret, apiBaseUrl: feishuUrl },
        dingtalk: {
          enabled: true,
          region: 'ap-southeast-1',
          appId: '5f3c9a2e-8b41-4d7a-9c1e-2a6b8d4f0e13',
          agentId: '3209871456',
          appKey: DINGTALK.appKey,
          appSecret: DINGTALK.secret,
          robotCode: DINGTALK.appKey,
          cardTemplateId: CARD,
          apiBaseUrl: dingtalkUrl,
          oapiBaseUrl: dingtalkUrl,
        },
      },
      users: [{ uid: '1001', name: 'Li Lei', mobile: '13800000001', email: 'lilei@example.com' }],
      rules: [{ module: 'Ticket', businessType: 'Data Exporting', status: 'Pending Approval', channels: ['feishu', 'dingtalk'], templates }],
    },
    null,
    2,
  )}\n`;

describe('message templates from the config file', () => {
  let dataDir: string;
  let app: AppServices;
  let feishu: FakeServer;
  let dingtalk: DingtalkFake;
  let server: http.Server;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cd-templates-'));
    feishu = await startFeishuFake({ apps: [{ ...FEISHU, scopes: [FEISHU_SCOPES.lookup, FEISHU_SCOPES.send[0]], users: people }] });
    const scopes = Object.values(DINGTALK_SCOPES).flat();
    dingtalk = await startDingtalkFake({ apps: [{ appId: DINGTALK.appKey, secret: DINGTALK.secret, scopes, users: people }] });
    app = await createAppServices({ dataDir, mode: 'cli', env: TEST_VAULT_ENV, delivery: { retry: FAST_RETRY } });
    server = http.createServer(createRoutesListener([app.delivery.hookRoute]));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterEach(async () => {
    await new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
    await app.close();
    await feishu.close();
    await dingtalk.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an imported template renders in the message each fake platform receives for a DMS webhook', async () => {
    await app.config.importText(configFile(feishu.baseUrl, dingtalk.baseUrl, { feishu: FEISHU_TEMPLATE, dingtalk: DINGTALK_TEMPLATE }));
    app.startBackground();
    const body = dmsBody({ taskId: '777001', taskName: 'orders "2026"', submitterName: 'Zhang San', targetUsers: [{ uid: '1001', name: 'Li Lei' }] });
    const port = (server.address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/hooks/dms/${app.delivery.inboxToken()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'dms-event': 'Message Hook' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    await expect.poll(() => feishu.delivered.length + dingtalk.delivered.length, { timeout: 15_000 }).toBe(2);

    // Feishu (Chinese by default): a card whose markdown is the template's markdown, values escaped for markdown.
    const post = JSON.stringify(feishu.delivered[0]!.content);
    expect(post).toContain(JSON.stringify('**数据导出** #777001 orders "2026"\n提交人: Zhang San · 审批人: Li Lei').slice(1, -1));
    expect(post).not.toContain('次提醒');
    // DingTalk sends its interactive card: the template fills the card's `message` variable, the others stay.
    const card = dingtalk.delivered[0]!.content as { cardTemplateId: string; cardParamMap: Record<string, string> };
    expect(card.cardTemplateId).toBe(CARD);
    // dms_link and the card's url: the region's DMS homepage, opened inside DingTalk (no ticket URL is documented).
    const link = `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent('https://dms-ap-southeast-1.alibabacloud.com')}&pc_slide=false`;
    expect(card.cardParamMap.message).toBe(`Ticket 777001 "orders "2026"" is 待审批 (zh-CN)\n${link}`);
    expect(card.cardParamMap).toMatchObject({ taskId: '777001', status: '待审批', url: link });
  });

  it('export writes templates; export → import → export is byte-identical', async () => {
    await app.config.importText(configFile(feishu.baseUrl, dingtalk.baseUrl, { dingtalk: DINGTALK_TEMPLATE, feishu: FEISHU_TEMPLATE }));
    const first = app.config.exportText();
    expect(JSON.parse(first).rules[0].templates).toEqual({ feishu: FEISHU_TEMPLATE, dingtalk: DINGTALK_TEMPLATE });
    await app.config.importText(first);
    expect(app.config.exportText()).toBe(first);
  });

  it('an invalid template is refused at its path, in both languages, and nothing changes', async () => {
    await app.config.importText(configFile(feishu.baseUrl, dingtalk.baseUrl, { feishu: FEISHU_TEMPLATE }));
    const before = app.config.exportText();
    const err = await app.config
      .importText(
        configFile(feishu.baseUrl, dingtalk.baseUrl, { feishu: 'Ticket {{tiket_id}}', dingtalk: '{{#approvers}}{{.}}', lark: '{{title}}'.repeat(20) }),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const issues = (err as AppError).issues ?? [];
    expect(issues.map((i) => `${i.path}: ${i.message.en}`)).toEqual([
      'rules.0.templates.dingtalk: unbalanced section {{#approvers}} — missing {{/approvers}}',
      'rules.0.templates.feishu: unknown variable {{tiket_id}} — did you mean {{ticket_id}}?',
      'rules.0.templates.lark: too long for Lark: up to 120000 bytes with the longest values an event can bring, the limit is 25000',
    ]);
    expect(issues[1]!.message.zh).toBe('未知变量 {{tiket_id}}，是否应为 {{ticket_id}}？');
    expect(app.config.exportText()).toBe(before);
  });
});
