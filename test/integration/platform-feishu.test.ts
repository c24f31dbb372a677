import axios from 'axios';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPlatformClient, type PlatformConfig } from '../../electron/services/platforms/client.js';
import { TokenCache } from '../../electron/services/platforms/token-cache.js';
import type { OutgoingMessage } from '../../electron/services/platforms/types.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake, type FakeServer } from '../fakes/feishu.js';
import { expectNoSecret, expectPlatformError } from './platform-assertions.js';

const APP = 'cli_a1b2c3d4e5f6g7h8';
const SECRET = 'S3cr3t-feishu-app-secret-value';
const ALL_SCOPES = [FEISHU_SCOPES.lookup, 'im:message:send_as_bot'];
const users = [
  { id: 'u1', mobile: '13800000001', email: 'alice@example.com' },
  { id: 'u2', mobile: '13800000002', email: 'bob@example.com', inAvailability: false },
  { id: 'u3', mobile: '13800000003', email: 'carol@example.com', inContactScope: false },
];
const message: OutgoingMessage = {
  title: 'Ticket 42',
  text: 'Ticket 42 needs approval',
  markdown: '**Ticket 42** needs approval',
  link: 'https://dms.example.com/t/42',
};

describe('Feishu/Lark client against the fake', () => {
  let fake: FakeServer;
  let cache: TokenCache;
  const config = (over: Partial<PlatformConfig> = {}): PlatformConfig => ({
    channel: 'feishu',
    apiBaseUrl: fake.baseUrl,
    oapiBaseUrl: '',
    appKey: APP,
    appSecret: SECRET,
    ...over,
  });
  const client = (over: Partial<PlatformConfig> = {}, timeoutMs = 2000) => createPlatformClient(config(over), { tokenCache: cache, timeoutMs });
  const tokenCalls = () => fake.requests.filter((r) => r.path.endsWith('/tenant_access_token/internal')).length;

  beforeEach(async () => {
    fake = await startFeishuFake({ apps: [{ appId: APP, secret: SECRET, scopes: ALL_SCOPES, users }] });
    cache = new TokenCache();
  });
  afterEach(() => fake.close());

  it('looks users up by mobile and email in one call and sends a card with the uuid and an "Open DMS" button per client', async () => {
    const c = client();
    const results = await c.lookup([{ mobile: '13800000001' }, { email: 'BOB@example.com' }, { mobile: '13800000003' }, { email: 'nobody@example.com' }]);
    expect(results.map((r) => r.status)).toEqual(['found', 'found', 'not_found', 'not_found']);
    expect(results[0]!.userId).toBe(openIdFor(APP, 'u1'));
    expect(results[2]!.failure?.code).toBe('userNotFound');
    expect(fake.requests.filter((r) => r.path.endsWith('batch_get_id'))).toHaveLength(1);

    const alice = results[0]!.userId!;
    const outcome = await c.send({ recipients: [alice], message, dedupKey: (r) => `evt-1:${r}` });
    expect(outcome.delivered).toEqual([alice]);
    expect(fake.delivered).toHaveLength(1);
    const d = fake.delivered[0]!;
    expect(d).toMatchObject({ userId: 'u1', msgType: 'interactive', dedupKey: `evt-1:${alice}` });
    expect(JSON.stringify(d.content)).toContain('**Ticket 42** needs approval');
    expect(d.links).toEqual([
      {
        at: 'button',
        url: 'https://dms.example.com/t/42',
        label: 'https://dms.example.com/t/42',
        multiUrl: {
          url: 'https://dms.example.com/t/42',
          pc_url: 'https://dms.example.com/t/42',
          ios_url: 'https://dms.example.com/t/42',
          android_url: 'https://dms.example.com/t/42',
        },
      },
    ]);
    // Per-client URLs and the label, when the message has them; without a link it stays a post.
    const openUrls = {
      pc: 'https://applink.feishu.cn/client/web_url/open?mode=window&url=x',
      mobile: 'https://applink.feishu.cn/client/web_app/open?appId=cli_1',
    };
    await c.send({ recipients: [alice], message: { ...message, link: openUrls.mobile, openUrls, linkLabel: 'Open DMS' }, dedupKey: () => 'k-2' });
    expect(fake.delivered[1]!.links).toEqual([
      {
        at: 'button',
        url: openUrls.mobile,
        label: 'Open DMS',
        multiUrl: { url: openUrls.mobile, pc_url: openUrls.pc, ios_url: openUrls.mobile, android_url: openUrls.mobile },
      },
    ]);
    const { link: _link, ...noLink } = message;
    await c.send({ recipients: [alice], message: noLink, dedupKey: () => 'k-3' });
    expect(fake.delivered[2]).toMatchObject({ msgType: 'post', links: [] });
  });

  it('batches lookups to 50 mobiles + 50 emails per call', async () => {
    const contacts = Array.from({ length: 120 }, (_, i) => ({ mobile: `1390000${String(i).padStart(4, '0')}`, email: `u${i}@example.com` }));
    const results = await client().lookup(contacts);
    expect(results).toHaveLength(120);
    expect(fake.requests.filter((r) => r.path.endsWith('batch_get_id'))).toHaveLength(3);
  });

  it('sends text and template cards', async () => {
    const alice = openIdFor(APP, 'u1');
    await client().send({ recipients: [alice], message, dedupKey: () => 'k-text', format: 'text' });
    await client({ cardTemplateId: 'ctp_AAAA' }).send({ recipients: [alice], message: { ...message, cardParams: { ticket: '42' } }, dedupKey: () => 'k-card' });
    expect(fake.delivered.map((d) => d.msgType)).toEqual(['text', 'interactive']);
    expect(fake.delivered[1]!.content).toEqual({ type: 'template', data: { template_id: 'ctp_AAAA', template_variable: { ticket: '42' } } });
  });

  it('reuses the cached token and shares one request between concurrent callers', async () => {
    const c = client();
    await Promise.all([c.lookup([{ mobile: '13800000001' }]), c.lookup([{ mobile: '13800000002' }]), c.probe(), c.token()]);
    await c.lookup([{ email: 'alice@example.com' }]);
    // A second client for the same app shares the cache too.
    await client().probe();
    expect(tokenCalls()).toBe(1);
  });

  it('refreshes exactly once when the token expires mid-run (99991663 at HTTP 400)', async () => {
    const c = client();
    const alice = openIdFor(APP, 'u1');
    await c.send({ recipients: [alice], message, dedupKey: () => 'a' });
    fake.expireTokens();
    const outcome = await c.send({ recipients: [alice], message, dedupKey: () => 'b' });
    expect(outcome.delivered).toEqual([alice]);
    expect(tokenCalls()).toBe(2);
    expect(fake.delivered).toHaveLength(2);
  });

  it('follows the platform rule: same token until < 30 min left, expire = remaining seconds', async () => {
    const first = await axios.post(`${fake.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, { app_id: APP, app_secret: SECRET });
    fake.advance(60 * 60_000);
    const second = await axios.post(`${fake.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, { app_id: APP, app_secret: SECRET });
    expect(second.data.tenant_access_token).toBe(first.data.tenant_access_token);
    expect(second.data.expire).toBeGreaterThan(3590);
    expect(second.data.expire).toBeLessThanOrEqual(3600);
    fake.advance(45 * 60_000);
    const third = await axios.post(`${fake.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, { app_id: APP, app_secret: SECRET });
    expect(third.data.tenant_access_token).not.toBe(first.data.tenant_access_token);
    expect(third.data.expire).toBeGreaterThan(7190);
  });

  it('deduplicates by uuid: a retry with the same key is not delivered twice', async () => {
    const c = client();
    const alice = openIdFor(APP, 'u1');
    const first = await c.send({ recipients: [alice], message, dedupKey: () => 'same-event' });
    const retry = await c.send({ recipients: [alice], message, dedupKey: () => 'same-event' });
    expect(first.delivered).toEqual([alice]);
    expect(retry.delivered).toEqual([alice]);
    expect(fake.delivered).toHaveLength(1);
  });

  it('hashes dedup keys longer than 50 chars into a stable uuid', async () => {
    const alice = openIdFor(APP, 'u1');
    const long = 'x'.repeat(80);
    await client().send({ recipients: [alice], message, dedupKey: () => long });
    await client().send({ recipients: [alice], message, dedupKey: () => long });
    expect(fake.delivered).toHaveLength(1);
    expect(fake.delivered[0]!.dedupKey!.length).toBeLessThanOrEqual(50);
  });

  it('unknown app → 10003, wrong secret → 10014, both explained and without the secret', async () => {
    const unknown = await expectPlatformError(client({ appKey: 'cli_doesnotexist00' }).token());
    expect(unknown.failure).toMatchObject({ code: '10003', httpStatus: 200, retryable: false });
    expect(unknown.failure.explanation.message.en).toMatch(/unknown App ID/);
    expect(unknown.failure.explanation.consoleUrl).toBe('https://open.feishu.cn/app/cli_doesnotexist00/baseinfo');

    const wrong = await expectPlatformError(client({ appSecret: 'WrongSecretValue123' }).token());
    expect(wrong.failure).toMatchObject({ code: '10014', retryable: false });
    expect(wrong.failure.explanation.fix.zh).toContain('App Secret');
    expect(wrong.code).toBe('PLATFORM_ERROR');
    expectNoSecret(wrong, 'WrongSecretValue123', SECRET);
  });

  it('a Feishu app against the Lark host fails at the token with 10003', async () => {
    const lark = await startFeishuFake({ platform: 'lark', apps: [{ appId: APP, secret: SECRET, scopes: ALL_SCOPES, platform: 'feishu' }] });
    try {
      const err = await expectPlatformError(createPlatformClient({ ...config(), channel: 'lark', apiBaseUrl: lark.baseUrl }, { tokenCache: cache }).token());
      expect(err.failure.code).toBe('10003');
      expect(err.failure.explanation.consoleUrl).toContain('open.larksuite.com');
    } finally {
      await lark.close();
    }
  });

  it('missing scope → 99991672 naming the scopes, not retryable', async () => {
    fake.setScopes(APP, [FEISHU_SCOPES.lookup]);
    const outcome = await client().send({ recipients: [openIdFor(APP, 'u1')], message, dedupKey: () => 'k' });
    expect(outcome.delivered).toEqual([]);
    const f = outcome.failed[0]!.failure;
    expect(f).toMatchObject({ code: '99991672', httpStatus: 400, retryable: false });
    expect(f.missingScopes).toEqual(['im:message', 'im:message:send_as_bot', 'im:message:send']);
    expect(f.explanation.fix.en).toContain('im:message:send_as_bot');
    expect(f.explanation.consoleUrl).toBe(`https://open.feishu.cn/app/${APP}/auth`);

    fake.setScopes(APP, []);
    const probe = await expectPlatformError(client().probe());
    expect(probe.failure.missingScopes).toEqual([FEISHU_SCOPES.lookup]);
  });

  it('per-recipient failures: outside availability (230013), unknown open_id, other app\u2019s open_id', async () => {
    const outcome = await client().send({
      recipients: [openIdFor(APP, 'u2'), 'ou_0000000000000000', openIdFor(APP, 'u1')],
      message,
      dedupKey: (r) => `e:${r}`,
    });
    expect(outcome.delivered).toEqual([openIdFor(APP, 'u1')]);
    expect(outcome.failed.map((f) => f.failure.code)).toEqual(['230013', '99992351']);
    expect(outcome.failed[0]!.failure.explanation.fix.en).toMatch(/availability/);
  });

  it('rate limit → 99991400 with retry-after from x-ogw-ratelimit-reset', async () => {
    fake.injectFault({ kind: 'rateLimit', resetSec: 7, path: 'batch_get_id' });
    const err = await expectPlatformError(client().lookup([{ mobile: '13800000001' }]));
    expect(err.failure).toMatchObject({ code: '99991400', httpStatus: 429, retryable: true, retryAfterMs: 7000 });
  });

  it('too long a message is refused before sending; the fake answers 230025 for it too', async () => {
    const huge: OutgoingMessage = { ...message, markdown: 'x'.repeat(31 * 1024) };
    const outcome = await client().send({ recipients: [openIdFor(APP, 'u1')], message: huge, dedupKey: () => 'k' });
    expect(outcome.failed[0]!.failure.code).toBe('messageTooLong');
    expect(fake.requests.some((r) => r.path.endsWith('/im/v1/messages'))).toBe(false);

    const token = (await axios.post(`${fake.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, { app_id: APP, app_secret: SECRET })).data
      .tenant_access_token as string;
    const res = await axios.post(
      `${fake.baseUrl}/open-apis/im/v1/messages?receive_id_type=open_id`,
      { receive_id: openIdFor(APP, 'u1'), msg_type: 'text', content: JSON.stringify({ text: 'y'.repeat(151 * 1024) }) },
      { headers: { Authorization: `Bearer ${token}` }, validateStatus: () => true },
    );
    expect(res.status).toBe(400);
    expect(res.data.code).toBe(230025);
    expect(res.data.error.log_id).toBeTruthy();
  });

  it('validates the Authorization header exactly', async () => {
    const noAuth = await axios.post(`${fake.baseUrl}/open-apis/contact/v3/users/batch_get_id`, { emails: [] }, { validateStatus: () => true });
    expect(noAuth.data.code).toBe(99991661);
    const token = (await axios.post(`${fake.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, { app_id: APP, app_secret: SECRET })).data
      .tenant_access_token as string;
    const lower = await axios.post(
      `${fake.baseUrl}/open-apis/contact/v3/users/batch_get_id`,
      { emails: [] },
      { headers: { Authorization: `bearer ${token}` }, validateStatus: () => true },
    );
    expect(lower.data.code).toBe(99991661);
  });

  it('classifies timeouts, refused connections, resets and 5xx', async () => {
    fake.injectFault({ kind: 'hang', path: 'tenant_access_token' });
    const timeout = await expectPlatformError(client({}, 150).token());
    expect(timeout.failure).toMatchObject({ code: 'timeout', httpStatus: null, retryable: true });

    fake.injectFault({ kind: 'reset', path: 'tenant_access_token' });
    expect((await expectPlatformError(client().token())).failure.code).toBe('ECONNRESET');

    fake.injectFault({ kind: 'status', status: 503, path: 'tenant_access_token' });
    expect((await expectPlatformError(client().token())).failure).toMatchObject({ code: 'http5xx', httpStatus: 503, retryable: true });

    const closed = await startFeishuFake({ apps: [] });
    const url = closed.baseUrl;
    await closed.close();
    const refused = await expectPlatformError(client({ apiBaseUrl: url }).token());
    expect(refused.failure.code).toBe('ECONNREFUSED');
    expect(refused.failure.explanation.fix.en).toMatch(/base URL/);
  });

  it('never leaks the secret or the token in a thrown error', async () => {
    const c = client();
    await c.token();
    const token = (await axios.post(`${fake.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, { app_id: APP, app_secret: SECRET })).data
      .tenant_access_token as string;
    fake.setScopes(APP, []);
    const err = await expectPlatformError(c.lookup([{ mobile: '13800000001' }]));
    expectNoSecret(err, SECRET, token);
    fake.injectFault({ kind: 'hang' });
    const timeout = await expectPlatformError(client({}, 100).token({ force: true }));
    expectNoSecret(timeout, SECRET, token);
  });
});
