import axios from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPlatformClient, type PlatformConfig } from '../../electron/services/platforms/client.js';
import { TokenCache } from '../../electron/services/platforms/token-cache.js';
import type { OutgoingMessage } from '../../electron/services/platforms/types.js';
import { DINGTALK_SCOPES, startDingtalkFake, type DingtalkFake } from '../fakes/dingtalk.js';
import { expectNoSecret, expectPlatformError } from './platform-assertions.js';

const APP = 'dingabc123456';
const SECRET = 'DingTalk-S3cret-value-XYZ';
const ALL = Object.values(DINGTALK_SCOPES);
const users = [
  { id: 'manager1', mobile: '13900000001' },
  { id: 'staff2', mobile: '13900000002' },
  { id: 'hidden3', mobile: '13900000003', inAvailability: false },
  { id: 'excl4', mobile: '13900000004', exclusive: true },
];
const message: OutgoingMessage = { title: 'Ticket 7', text: 'Ticket 7 approved', markdown: '### Ticket 7\napproved', link: 'https://dms.example.com/t/7' };

describe('DingTalk client against the fake', () => {
  let fake: DingtalkFake;
  let cache: TokenCache;
  const client = (over: Partial<PlatformConfig> = {}, timeoutMs = 2000) =>
    createPlatformClient(
      { channel: 'dingtalk', apiBaseUrl: fake.baseUrl, oapiBaseUrl: fake.baseUrl, appKey: APP, appSecret: SECRET, robotCode: APP, ...over },
      { tokenCache: cache, timeoutMs },
    );
  const tokenCalls = () => fake.requests.filter((r) => r.path === '/v1.0/oauth2/accessToken').length;

  beforeEach(async () => {
    fake = await startDingtalkFake({ apps: [{ appId: APP, secret: SECRET, scopes: ALL, users, cardTemplates: ['tpl-1.schema'] }] });
    cache = new TokenCache();
  });
  afterEach(() => fake.close());

  it('finds userIds by mobile and sends markdown through the robot', async () => {
    const c = client();
    const found = await c.lookup([{ mobile: '13900000001' }, { mobile: '13911111111' }, { email: 'x@example.com' }, { mobile: 'abc' }]);
    expect(found.map((r) => [r.status, r.userId ?? r.failure?.code])).toEqual([
      ['found', 'manager1'],
      ['not_found', '60121'],
      ['not_found', 'noMobile'],
      ['not_found', '40104'],
    ]);
    const outcome = await c.send({ recipients: ['manager1', 'staff2'], message, dedupKey: (r) => `e:${r}` });
    expect(outcome.delivered).toEqual(['manager1', 'staff2']);
    expect(fake.delivered.map((d) => [d.recipient, d.msgType])).toEqual([
      ['manager1', 'sampleMarkdown'],
      ['staff2', 'sampleMarkdown'],
    ]);
    expect(fake.delivered[0]!.content).toEqual({
      title: 'Ticket 7',
      text: '### Ticket 7\napproved\n\n[https://dms.example.com/t/7](https://dms.example.com/t/7)',
    });
    expect(tokenCalls()).toBe(1);
  });

  it('Enterprise searches exclusive accounts', async () => {
    const std = await client().lookup([{ mobile: '13900000004' }]);
    expect(std[0]!.status).toBe('not_found');
    const ent = await client({ channel: 'dingtalk-enterprise' }).lookup([{ mobile: '13900000004' }]);
    expect(ent[0]).toMatchObject({ status: 'found', userId: 'excl4' });
  });

  it('splits robot sends into batches of 20 and reports per-user failures from a 200 body', async () => {
    const many = Array.from({ length: 45 }, (_, i) => ({ id: `u${i}`, mobile: `1370000${String(i).padStart(4, '0')}` }));
    await fake.close();
    fake = await startDingtalkFake({ apps: [{ appId: APP, secret: SECRET, scopes: ALL, users: [...users, ...many] }] });
    fake.setFlowControlled(['u3']);
    const recipients = [...many.map((u) => u.id), 'ghost', 'hidden3'];
    const outcome = await client().send({ recipients, message, dedupKey: (r) => r, format: 'text' });
    expect(fake.requests.filter((r) => r.path.endsWith('batchSend'))).toHaveLength(3);
    expect(outcome.delivered).toHaveLength(44);
    const byRecipient = Object.fromEntries(outcome.failed.map((f) => [f.recipient, f.failure]));
    expect(byRecipient.u3).toMatchObject({ code: 'flowControlledStaffIdList', retryable: true });
    expect(byRecipient.ghost).toMatchObject({ code: 'invalidStaffIdList', retryable: false });
    expect(byRecipient.hidden3?.code).toBe('invalidStaffIdList');
    expect(fake.delivered.filter((d) => d.msgType === 'sampleText')).toHaveLength(44);
  });

  it('sends the interactive card when a template is configured and checks deliverResults', async () => {
    const c = client({ cardTemplateId: 'tpl-1.schema' });
    const outcome = await c.send({ recipients: ['manager1', 'hidden3'], message: { ...message, cardParams: { title: 'T7' } }, dedupKey: (r) => `evt-7-${r}` });
    expect(outcome.delivered).toEqual(['manager1']);
    expect(outcome.failed[0]).toMatchObject({ recipient: 'hidden3', failure: { code: 'cardDeliverFailed', httpStatus: 200 } });
    expect(fake.delivered).toEqual([
      expect.objectContaining({
        recipient: 'manager1',
        msgType: 'card',
        dedupKey: 'evt-7-manager1',
        content: { cardTemplateId: 'tpl-1.schema', cardParamMap: { title: 'T7' } },
      }),
    ]);

    const bad = await client({ cardTemplateId: 'tpl-unpublished' }).send({ recipients: ['manager1'], message, dedupKey: () => 'x' });
    expect(bad.failed[0]!.failure.code).toBe('param.cardTemplateNotExist');
    expect(bad.failed[0]!.failure.explanation.fix.en).toMatch(/card template/);
    // Unpublished says so, with where to publish it (guide step 6), in both languages.
    expect(bad.failed[0]!.failure.explanation.message).toEqual({
      en: 'The card template does not exist or is not published yet.',
      zh: '卡片模板不存在或尚未发布。',
    });
    expect(bad.failed[0]!.failure.explanation.fix.en).toMatch(/Publish the card template .*step 6/);
  });

  it('a card delivered whose reply was lost counts as delivered on the retry (outTrackId already exists), sent once', async () => {
    const c = client({ cardTemplateId: 'tpl-1.schema' });
    fake.injectFault({ kind: 'dropReply', path: 'createAndDeliver' });
    const first = await c.send({ recipients: ['manager1'], message, dedupKey: (r) => `evt-8-${r}` });
    expect(first.delivered).toEqual([]);
    expect(first.failed[0]!.failure.retryable).toBe(true);
    expect(fake.delivered).toHaveLength(1);

    const retry = await c.send({ recipients: ['manager1'], message, dedupKey: (r) => `evt-8-${r}` });
    expect(retry).toEqual({ delivered: ['manager1'], failed: [] });
    expect(fake.delivered).toHaveLength(1);
  });

  it('missing scope: 403 AccessTokenPermissionDenied names the scope (new API); 88/60011 on the legacy API', async () => {
    fake.setScopes(APP, [DINGTALK_SCOPES.lookup]);
    const outcome = await client().send({ recipients: ['manager1'], message, dedupKey: () => 'k' });
    const f = outcome.failed[0]!.failure;
    expect(f).toMatchObject({
      code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
      httpStatus: 403,
      retryable: false,
      missingScopes: ['qyapi_robot_sendmsg'],
    });
    expect(f.explanation.fix.en).toContain('qyapi_robot_sendmsg');
    expect(f.explanation.fix.zh).toContain('发布新版本');

    fake.setScopes(APP, []);
    const legacy = await expectPlatformError(client().probe());
    expect(legacy.failure).toMatchObject({ code: '88', subCode: '60011', httpStatus: 200 });
    expect(legacy.failure.explanation.message.en).toMatch(/no permission/);
  });

  it('wrong secret → 400 at the token, explained as a credential problem without the secret', async () => {
    const err = await expectPlatformError(client({ appSecret: 'not-the-right-one' }).token());
    expect(err.failure).toMatchObject({ code: 'badCredentials', httpStatus: 400, retryable: false });
    expect(err.failure.explanation.fix.en).toMatch(/AppSecret/);
    expectNoSecret(err, 'not-the-right-one', SECRET);
  });

  it('refreshes exactly once on InvalidAuthentication (new API) and 42001 (legacy)', async () => {
    const c = client();
    await c.send({ recipients: ['manager1'], message, dedupKey: () => 'a' });
    fake.expireTokens();
    expect((await c.send({ recipients: ['manager1'], message, dedupKey: () => 'b' })).delivered).toEqual(['manager1']);
    expect(tokenCalls()).toBe(2);
    fake.expireTokens();
    expect((await c.lookup([{ mobile: '13900000002' }]))[0]!.userId).toBe('staff2');
    expect(tokenCalls()).toBe(3);
  });

  it('rate limit on the legacy API (90002) is retryable; the IP ban carries its wait', async () => {
    fake.injectFault({ kind: 'rateLimit', path: 'getbymobile' });
    const err = await expectPlatformError(client().lookup([{ mobile: '13900000001' }]));
    expect(err.failure).toMatchObject({ code: '90002', retryable: true });
    fake.injectFault({ kind: 'status', status: 403, path: 'batchSend', body: JSON.stringify({ status: 1111, wait: 5, punish: 'deny' }) });
    const ban = await client().send({ recipients: ['manager1'], message, dedupKey: () => 'z' });
    expect(ban.failed[0]!.failure).toMatchObject({ code: 'ipBlocked', retryable: true, retryAfterMs: 5000 });
  });

  it('rejects form bodies and unknown tokens like the platform', async () => {
    const form = await axios.post(`${fake.baseUrl}/v1.0/oauth2/accessToken`, 'appKey=a&appSecret=b', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      validateStatus: () => true,
    });
    expect(form.status).toBe(400);
    const bad = await axios.post(
      `${fake.baseUrl}/v1.0/robot/oToMessages/batchSend`,
      {},
      { headers: { 'x-acs-dingtalk-access-token': 'nope' }, validateStatus: () => true },
    );
    expect([bad.status, bad.data.code]).toEqual([400, 'InvalidAuthentication']);
    const legacy = await axios.post(`${fake.baseUrl}/topapi/v2/user/getbymobile?access_token=nope`, { mobile: '1' }, { validateStatus: () => true });
    expect([legacy.status, legacy.data.errcode]).toEqual([200, 40014]);
  });

  it('refuses a msgParam over 15,000 bytes before calling', async () => {
    const outcome = await client().send({ recipients: ['manager1'], message: { ...message, markdown: '长'.repeat(6000) }, dedupKey: () => 'k' });
    expect(outcome.failed[0]!.failure.code).toBe('messageTooLong');
    expect(fake.requests.some((r) => r.path.endsWith('batchSend'))).toBe(false);
  });

  it('times out slow answers', async () => {
    fake.injectFault({ kind: 'delay', ms: 400, path: 'accessToken' });
    const err = await expectPlatformError(client({}, 100).token());
    expect(err.failure.code).toBe('timeout');
  });
});
