import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelId } from '../../shared/catalog/channels.js';
import { channelDef } from '../../shared/catalog/channels.js';
import { isThrottle } from '../../electron/services/delivery/index.js';
import { createPlatformClient } from '../../electron/services/platforms/client.js';
import { isPlatformError } from '../../electron/services/platforms/errors.js';
import { ERROR_CLASS_BEHAVIOUR, errorClassOf, type ErrorClass } from '../../electron/services/platforms/explain.js';
import { TokenCache } from '../../electron/services/platforms/token-cache.js';
import type { PlatformFailure } from '../../electron/services/platforms/types.js';
import type { Fault, FakeServer } from '../fakes/common.js';
import { DINGTALK_SCOPES, startDingtalkFake } from '../fakes/dingtalk.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake } from '../fakes/feishu.js';

const APP = { feishu: 'cli_a1b2c3d4e5f6a7b8', dingtalk: 'dingabc123456' } as const;
const SECRET = 'Table-S3cret-value-0123';
const USER = { id: 'u1', mobile: '13900000001' };
const CHANNELS: readonly ChannelId[] = ['feishu', 'lark', 'dingtalk', 'dingtalk-enterprise'];
const TIMEOUT_MS = 300;

type Path = 'send' | 'lookup';
interface Scenario {
  readonly name: string;
  /** The platform's own answer for this situation, per protocol. */
  readonly fault: (dingtalk: boolean) => Omit<Fault, 'path'>;
  readonly errorClass: ErrorClass;
  readonly retryAfterMs: number | null;
  /** DingTalk's new API has no error at 2xx: an unknown body code can only come from the legacy (lookup) host. */
  readonly onlyLookupOnDingtalk?: boolean;
}

const gateway = (status: number, code: string) => (dingtalk: boolean) =>
  // DingTalk's gateway answers `{code: "ServiceUnavailable"}` JSON; Feishu's an HTML page.
  dingtalk ? { kind: 'status' as const, status, body: { code, requestid: 'R1', message: 'service unavailable' } } : { kind: 'status' as const, status };

const SCENARIOS: readonly Scenario[] = [
  {
    name: '429 with Retry-After',
    fault: (d) => ({
      kind: 'status',
      status: 429,
      headers: { 'Retry-After': '2' },
      body: d ? { code: 'Throttling.Api', requestid: 'R2', message: '接口调用超过限制' } : { code: 99991400, msg: 'request trigger frequency limit' },
    }),
    errorClass: 'throttled',
    retryAfterMs: 2000,
  },
  {
    name: '429 without Retry-After',
    fault: (d) => ({ kind: 'status', status: 429, body: d ? { code: 'Throttling', requestid: 'R3', message: 'throttled' } : { code: 99991400, msg: 'limit' } }),
    errorClass: 'throttled',
    retryAfterMs: null,
  },
  { name: '500', fault: gateway(500, 'InternalError'), errorClass: 'outage', retryAfterMs: null },
  { name: '502', fault: gateway(502, 'BadGateway'), errorClass: 'outage', retryAfterMs: null },
  { name: '503', fault: gateway(503, 'ServiceUnavailable'), errorClass: 'outage', retryAfterMs: null },
  { name: '504', fault: gateway(504, 'GatewayTimeout'), errorClass: 'outage', retryAfterMs: null },
  { name: 'connection reset', fault: () => ({ kind: 'reset' }), errorClass: 'outage', retryAfterMs: null },
  { name: 'timeout', fault: () => ({ kind: 'hang' }), errorClass: 'outage', retryAfterMs: null },
  {
    name: 'unknown 4xx',
    fault: (d) => ({ kind: 'status', status: 418, body: d ? { code: 'Teapot.Refused', requestid: 'R4', message: 'no' } : { code: 1234567, msg: 'no' } }),
    errorClass: 'channel',
    retryAfterMs: null,
  },
  {
    name: 'unknown body code',
    fault: (d) => ({ kind: 'status', status: 200, body: d ? { errcode: 777777, errmsg: 'odd', request_id: 'R5' } : { code: 7777777, msg: 'odd' } }),
    errorClass: 'channel',
    retryAfterMs: null,
    onlyLookupOnDingtalk: true,
  },
];

const fakes = new Map<ChannelId, FakeServer>();

beforeAll(async () => {
  for (const channel of CHANNELS) {
    const dingtalk = channelDef(channel).protocol === 'dingtalk';
    const app = {
      appId: dingtalk ? APP.dingtalk : APP.feishu,
      secret: SECRET,
      scopes: dingtalk ? Object.values(DINGTALK_SCOPES) : [...FEISHU_SCOPES.send, FEISHU_SCOPES.lookup],
      users: [USER],
    };
    fakes.set(
      channel,
      dingtalk ? await startDingtalkFake({ apps: [app] }) : await startFeishuFake({ apps: [app], platform: channel === 'lark' ? 'lark' : 'feishu' }),
    );
  }
});
afterAll(async () => {
  for (const f of fakes.values()) await f.close();
});

/** Runs one call through the real client against the fake with the fault on that call's path; the failure it met. */
async function failureOf(channel: ChannelId, path: Path, fault: Omit<Fault, 'path'>): Promise<PlatformFailure> {
  const fake = fakes.get(channel)!;
  const dingtalk = channelDef(channel).protocol === 'dingtalk';
  const appId = dingtalk ? APP.dingtalk : APP.feishu;
  const client = createPlatformClient(
    { channel, apiBaseUrl: fake.baseUrl, oapiBaseUrl: fake.baseUrl, appKey: appId, appSecret: SECRET, robotCode: appId },
    { tokenCache: new TokenCache(), timeoutMs: TIMEOUT_MS },
  );
  await client.token();
  const urlPart = path === 'send' ? (dingtalk ? '/robot/oToMessages/batchSend' : '/im/v1/messages') : dingtalk ? '/user/getbymobile' : '/users/batch_get_id';
  fake.clearFaults();
  fake.injectFault({ ...fault, path: urlPart } as Fault);
  if (path === 'lookup') {
    const err = await client.lookup([{ mobile: USER.mobile }]).then(
      () => null,
      (e: unknown) => e,
    );
    if (!isPlatformError(err)) throw new Error(`${channel} lookup: expected a PlatformError, got ${String(err)}`);
    return err.failure;
  }
  const recipient = dingtalk ? USER.id : openIdFor(appId, USER.id);
  const outcome = await client.send({ recipients: [recipient], message: { title: 't', text: 't', markdown: 't' }, dedupKey: () => `k-${Math.random()}` });
  expect(outcome.delivered).toEqual([]);
  return outcome.failed[0]!.failure;
}

describe('the platform error table: every platform × throttling, outages, resets, timeouts and unknown answers', () => {
  const cases = CHANNELS.flatMap((channel) =>
    SCENARIOS.flatMap((s) =>
      (['send', 'lookup'] as const)
        .filter((path) => !(s.onlyLookupOnDingtalk && path === 'send' && channelDef(channel).protocol === 'dingtalk'))
        .map((path) => ({ channel, path, s })),
    ),
  );

  it.each(cases.map((c) => [`${c.channel} ${c.path}: ${c.s.name} → ${c.s.errorClass}`, c] as const))('%s', async (_name, { channel, path, s }) => {
    const f = await failureOf(channel, path, s.fault(channelDef(channel).protocol === 'dingtalk'));
    const cls = errorClassOf(channel, f.code, f.httpStatus, f.subCode);
    const behaviour = ERROR_CLASS_BEHAVIOUR[cls];
    expect(cls, `${f.code} at HTTP ${f.httpStatus}`).toBe(s.errorClass);
    expect(f.retryAfterMs).toBe(s.retryAfterMs);
    expect(f.retryable).toBe(behaviour.retry !== 'none');
    // Throttling waits (Retry-After, else a short hold) without counting as a failure; outages back off.
    const delivery = { code: f.code, httpStatus: f.httpStatus, retryAfterMs: f.retryAfterMs };
    expect(isThrottle(delivery)).toBe(s.errorClass === 'throttled');
    const said = `${f.explanation.message.en} ${f.explanation.fix.en}`;
    const saidZh = `${f.explanation.message.zh}${f.explanation.fix.zh}`;
    if (behaviour.temporary) {
      expect(said).toMatch(/temporary/i);
      expect(saidZh).toContain('暂时');
      expect(said).not.toContain('no explanation');
    } else {
      // An unknown answer names the platform's code so the admin can look it up.
      expect(said).toContain(f.code);
      expect(saidZh).toContain(f.code);
    }
  });
});
