import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalCardContent, CardRef } from '../../electron/services/platforms/approval-cards.js';
import { CARD_UPDATERS } from '../../electron/services/platforms/approval-card-updaters.js';
import type { PlatformConfig } from '../../electron/services/platforms/client.js';
import { feishuCardUpdater } from '../../electron/services/platforms/feishu-card-update.js';
import { TokenCache } from '../../electron/services/platforms/token-cache.js';
import { FEISHU_SCOPES, startFeishuFake, type FeishuFakeServer } from '../fakes/feishu.js';
import { expectNoSecret, expectPlatformError } from './platform-assertions.js';

const APP = 'cli_0123456789abcdef';
const OTHER_APP = 'cli_fedcba9876543210';
const SECRET = 'S3cr3t-card-update-secret';
const DAY = 24 * 3_600_000;

const pending = {
  schema: '2.0',
  config: { update_multi: true },
  header: { title: { tag: 'plain_text', content: 'Ticket 42' } },
  body: { elements: [{ tag: 'markdown', content: 'Waiting for approval' }] },
};
const decided: ApprovalCardContent = {
  kind: 'feishu-card',
  card: { ...pending, body: { elements: [{ tag: 'markdown', content: 'Approved by 张三 · 2026-12-07 21:03' }] } },
};

describe.each(['feishu', 'lark'] as const)('%s approval card update (PATCH im/v1/messages/:id) against the fake', (channel) => {
  let fake: FeishuFakeServer;
  let cache: TokenCache;
  const config = (): PlatformConfig => ({ channel, apiBaseUrl: fake.baseUrl, oapiBaseUrl: '', appKey: APP, appSecret: SECRET });
  const update = (ref: CardRef, content: ApprovalCardContent = decided) => feishuCardUpdater({ tokenCache: cache, timeoutMs: 2000 })(config(), ref, content);
  const ref = (messageId: string): CardRef => ({ kind: 'feishu-message', messageId });

  beforeEach(async () => {
    fake = await startFeishuFake({
      platform: channel,
      apps: [
        { appId: APP, secret: SECRET, scopes: ['im:message:send_as_bot'] },
        { appId: OTHER_APP, secret: 'other-secret', scopes: ['im:message'] },
      ],
    });
    cache = new TokenCache();
  });
  afterEach(() => fake.close());

  it('is the registered updater and replaces the card for everyone', async () => {
    expect(CARD_UPDATERS.feishu).toBeTypeOf('function');
    const id = fake.seedMessage(APP, 'interactive', pending);
    await update(ref(id));
    expect(fake.messages.get(id)).toMatchObject({ content: decided.card, updates: 1 });
    expect(fake.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([`/open-apis/im/v1/messages/${id}`]);
  });

  it('fetches a new token once when the platform rejects the cached one', async () => {
    const id = fake.seedMessage(APP, 'interactive', pending);
    await update(ref(id));
    fake.expireTokens();
    await update(ref(id));
    expect(fake.messages.get(id)!.updates).toBe(2);
    expect(fake.tokensIssued()).toBe(2);
  });

  it('explains each refusal: unknown message, another app’s message, not a card, not shared, older than 14 days', async () => {
    const cases: [string, () => string, string, string | undefined, RegExp][] = [
      ['unknown', () => 'om_does_not_exist', '230001', 'messageNotFound', /does not know this card message/],
      ['another app', () => fake.seedMessage(OTHER_APP, 'interactive', pending), '230001', 'notSender', /sent by another app/],
      ['text', () => fake.seedMessage(APP, 'text', { text: 'hi' }), '230001', 'notCard', /not a card/],
      ['not shared', () => fake.seedMessage(APP, 'interactive', { ...pending, config: {} }), '230001', 'notShared', /not a shared card/],
    ];
    for (const [what, seed, code, sub, meaning] of cases) {
      const err = await expectPlatformError(update(ref(seed())));
      expect(err.failure, what).toMatchObject({ code, subCode: sub, httpStatus: 400, retryable: false });
      expect(err.failure.explanation.message.en, what).toMatch(meaning);
      expect(err.failure.explanation.message.zh, what).not.toBe('');
      expectNoSecret(err, SECRET);
    }
    const old = fake.seedMessage(APP, 'interactive', pending);
    fake.advance(15 * DAY);
    const expired = await expectPlatformError(update(ref(old)));
    expect(expired.failure).toMatchObject({ code: '230031', retryable: false });
    expect(expired.failure.explanation.message.en).toMatch(/older than 14 days/);
  });

  it('names the missing permission', async () => {
    const id = fake.seedMessage(APP, 'interactive', pending);
    fake.setScopes(APP, [FEISHU_SCOPES.lookup]);
    const err = await expectPlatformError(update(ref(id)));
    expect(err.failure.code).toBe('99991672');
    expect(err.failure.missingScopes).toEqual([...FEISHU_SCOPES.update]);
    expect(err.failure.explanation.fix.en).toMatch(/im:message:update/);
  });

  it('refuses a DingTalk card reference without calling the platform', async () => {
    await expect(update({ kind: 'dingtalk-card', outTrackId: 'x' })).rejects.toThrow(/DingTalk card/);
    expect(fake.requests).toHaveLength(0);
  });
});
