import { afterEach, describe, expect, it } from 'vitest';
import { chatRecipient } from '../../shared/chats.js';
import { dmsEventSchema } from '../../shared/events/dms-event.js';
import { renderMessage } from '../../electron/services/delivery/sender/render.js';
import { createPlatformClient } from '../../electron/services/platforms/client.js';
import { TokenCache } from '../../electron/services/platforms/token-cache.js';
import { DINGTALK_SCOPES, startDingtalkFake } from '../fakes/dingtalk.js';
import { FEISHU_SCOPES, startFeishuFake, type FakeServer } from '../fakes/feishu.js';

/** A ticket filed to mention everyone in the approvers' group and to phish them. */
const filed = dmsEventSchema.parse({
  submitterUid: '200001',
  submitterName: '<at user_id="all">IT Support</at>',
  category: 'Ticket',
  module: 'Data Exporting',
  event: 'Pending Approval',
  taskId: '4242',
  taskName: '@all urgent: password expiry',
  eventTime: '2026-12-01 09:30:00',
  message: '[Reset your password](https://evil.example/login) before noon, @所有人. Or https://evil.example/again',
  targetUsers: [{ uid: '300001', name: '@all' }],
});

/** Everything that can mention everyone or link away, as a platform would read it in the request body. */
const LIVE = /<\s*at\b|(?<![\w.])@(?:all|所有人)|https?:\/\/evil|\]\((?!https:\/\/dms-)/i;

let fake: FakeServer | undefined;
afterEach(() => fake?.close());

describe('ticket text in the platform request', () => {
  it('Feishu group-chat post: values are entity-encoded and defanged, the DMS link stays', async () => {
    const chatId = 'oc_approvers';
    fake = await startFeishuFake({
      apps: [{ appId: 'cli_tickettext', secret: 's', scopes: [FEISHU_SCOPES.lookup, FEISHU_SCOPES.send[0]], chats: [{ chatId, name: 'Approvers' }] }],
    });
    const client = createPlatformClient(
      { channel: 'feishu', apiBaseUrl: fake.baseUrl, oapiBaseUrl: '', appKey: 'cli_tickettext', appSecret: 's' },
      { tokenCache: new TokenCache(), timeoutMs: 2000 },
    );
    const message = renderMessage(filed, { channel: 'feishu', region: 'cn-hangzhou', lang: 'en-US' });
    const outcome = await client.send({ recipients: [chatRecipient(chatId)], message, dedupKey: () => 'evt-4242' });
    expect(outcome.failed).toEqual([]);

    const post = fake.delivered.find((d) => d.chatId === chatId);
    // A message with a link is a card (its "Open DMS" button carries the per-client links, issue 20).
    expect(post?.msgType).toBe('interactive');
    const body = JSON.stringify(post?.content);
    expect(body).not.toMatch(LIVE);
    const elements = (post?.content as { elements: [{ content: string }, { actions: [{ multi_url: { pc_url: string } }] }] }).elements;
    const md = elements[0].content;
    expect(md).toContain('- **Submitter**: ＜at user\\_id="all"&gt;IT Support＜/at&gt;\n');
    expect(md).toContain('\n\nReset your password \\(hxxps://evil\\[.\\]example/login\\) before noon, ＠所有人. Or hxxps://evil\\[.\\]example/again');
    expect(elements[1].actions[0].multi_url.pc_url).toBe(
      `https://applink.feishu.cn/client/web_url/open?mode=window&url=${encodeURIComponent('https://dms-cn-hangzhou.alibabacloud.com')}`,
    );
  });

  it('DingTalk card: every card variable is defanged', async () => {
    const dt = await startDingtalkFake({
      apps: [
        {
          appId: 'dingtickettext',
          secret: 's',
          scopes: Object.values(DINGTALK_SCOPES),
          users: [{ id: 'manager1', mobile: '13900000001' }],
          cardTemplates: ['tpl.schema'],
        },
      ],
    });
    fake = dt;
    const client = createPlatformClient(
      {
        channel: 'dingtalk',
        apiBaseUrl: dt.baseUrl,
        oapiBaseUrl: dt.baseUrl,
        appKey: 'dingtickettext',
        appSecret: 's',
        robotCode: 'dingtickettext',
        cardTemplateId: 'tpl.schema',
      },
      { tokenCache: new TokenCache(), timeoutMs: 2000 },
    );
    const message = renderMessage(filed, { channel: 'dingtalk', region: 'cn-hangzhou', lang: 'en-US', template: '{{title}} for {{approvers}}: {{{message}}}' });
    const outcome = await client.send({ recipients: ['manager1'], message, dedupKey: () => 'evt-4242' });
    expect(outcome.failed).toEqual([]);

    const card = dt.delivered.find((d) => d.msgType === 'card');
    const vars = (card?.content as { cardParamMap: Record<string, string> }).cardParamMap;
    expect(JSON.stringify(vars)).not.toMatch(LIVE);
    expect(vars.message).toBe(
      '＠all urgent: password expiry for ＠all: Reset your password (hxxps://evil[.]example/login) before noon, ＠所有人. Or hxxps://evil[.]example/again',
    );
    expect(vars.submitter).toBe('＜at user_id="all">IT Support＜/at>');
    expect(vars.taskName).toBe('＠all urgent: password expiry');
    expect(vars.url).toBe(`dingtalk://dingtalkclient/page/link?url=${encodeURIComponent('https://dms-cn-hangzhou.alibabacloud.com')}&pc_slide=false`);
  });
});
