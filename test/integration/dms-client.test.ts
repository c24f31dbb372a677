import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DmsClient, type DmsClientOptions } from '../../electron/services/dms/client.js';
import { DmsApiError, type DmsErrorKind } from '../../electron/services/dms/errors.js';
import { encodeQuery, signedParams } from '../../electron/services/dms/signer.js';
import { startFakeDms, type FakeDms } from '../fakes/dms-openapi.js';

const SECRET = 'sEcReT-value-never-shown';
let fake: FakeDms;

beforeAll(async () => {
  fake = await startFakeDms({
    tid: 3000,
    keys: [
      { id: 'LTAIgood', secret: SECRET, actions: '*' },
      { id: 'LTAIlistonly', secret: SECRET, actions: ['GetUser'] },
      { id: 'LTAIoff', secret: SECRET, inactive: true },
    ],
    users: [{ userId: '51', nickName: 'Ann', mobile: '13800000000', email: 'ann@example.com' }],
    orders: [{ pluginType: 'DATA_EXPORT', statusCode: 'toaudit', committerId: '51', approvers: ['51'], comment: 'export *' }],
  });
});
afterAll(() => fake.close());

const client = (o: Partial<DmsClientOptions> = {}): DmsClient =>
  new DmsClient({ endpoint: fake.endpoint, accessKeyId: 'LTAIgood', accessKeySecret: SECRET, tid: 3000, timeoutMs: 2000, ...o });

async function failure(p: Promise<unknown>): Promise<DmsApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DmsApiError);
  const e = err as DmsApiError;
  // Never the secret, whatever the error.
  expect(JSON.stringify({ m: e.message, b: e.toBody(), f: e.failure })).not.toContain(SECRET);
  return e;
}

describe('DmsClient against the fake DMS', () => {
  it('lists orders and reads details with a valid V1 signature (POST and GET)', async () => {
    for (const method of ['POST', 'GET'] as const) {
      const page = await client({ method }).listOrders({ searchDateType: 'MODIFY_TIME', startTime: '2000-01-01 00:00:00', orderStatus: 'ALL' });
      expect(page.totalCount).toBe(1);
      expect(page.orders[0]).toMatchObject({ PluginType: 'DATA_EXPORT', StatusCode: 'toaudit', CommitterId: '51', Comment: 'export *' });
    }
    const id = client()
      .listOrders({})
      .then((p) => p.orders[0]?.OrderId ?? '');
    const info = await client().getOrderBaseInfo(await id);
    expect(info.WorkflowInstanceId).not.toBeNull();
    const detail = await client().getApprovalDetail(info.WorkflowInstanceId ?? '');
    expect(detail.CurrentHandlers).toEqual([{ Id: '51', NickName: 'Ann' }]);
    expect(await client().getUser('51')).toMatchObject({ NickName: 'Ann', Mobile: '13800000000', Email: 'ann@example.com' });
    const last = fake.requests.at(-1);
    expect(last?.params).toMatchObject({ Action: 'GetUser', Tid: '3000', UserId: '51', SignatureMethod: 'HMAC-SHA1' });
  });

  const cases: [string, () => Promise<unknown>, DmsErrorKind, string, RegExp][] = [
    ['unknown key', () => client({ accessKeyId: 'LTAInope' }).listOrders({}), 'wrong-key', 'InvalidAccessKeyId.NotFound', /AccessKey ID/],
    ['disabled key', () => client({ accessKeyId: 'LTAIoff' }).listOrders({}), 'inactive-key', 'InvalidAccessKeyId.Inactive', /disabled/],
    ['wrong secret', () => client({ accessKeySecret: 'wrong' }).listOrders({}), 'signature', 'SignatureDoesNotMatch', /secret does not match/],
    [
      'clock 40 min behind',
      () => client({ now: () => new Date(Date.now() - 40 * 60_000) }).listOrders({}),
      'clock',
      'InvalidTimeStamp.Expired',
      /clock is about 40 min behind/,
    ],
    ['RAM lacks dms:ListOrders', () => client({ accessKeyId: 'LTAIlistonly' }).listOrders({}), 'permission', 'Forbidden.RAM', /dms:ListOrders/],
    ['wrong Tid', () => client({ tid: 4242 }).listOrders({}), 'tenant', 'InvalidTid', /tenant ID \(Tid\)/],
  ];
  it.each(cases)('%s → explained', async (_name, call, kind, code, explanation) => {
    const e = await failure(call());
    expect(e.failure).toMatchObject({ kind, code });
    expect(e.text.en).toMatch(explanation);
    expect(e.text.zh.length).toBeGreaterThan(5);
    expect(e.fix?.en.length).toBeGreaterThan(10);
  });

  it('echoes the server string to sign on a signature mismatch', async () => {
    const e = await failure(client({ accessKeySecret: 'wrong' }).listOrders({}));
    expect(e.failure.serverMessage).toMatch(/server string to sign is:POST&%2F&AccessKeyId%3DLTAIgood/);
    expect(e.failure.httpStatus).toBe(400);
  });

  it('maps injected gateway errors and in-body failures', async () => {
    const inject: [number, Record<string, unknown>, DmsErrorKind, boolean][] = [
      [400, { Code: 'Throttling.User', Message: 'flow control' }, 'throttled', true],
      [503, { Code: 'Throttling', Message: 'flow control' }, 'throttled', true],
      [500, { Code: 'InternalError', Message: 'boom' }, 'server', true],
      [503, { Code: 'ServiceUnavailable', Message: 'down' }, 'server', true],
      [403, { Code: 'NoPermission', Message: 'no' }, 'permission', false],
      [400, { Code: 'SignatureNonceUsed', Message: 'nonce' }, 'nonce', true],
      [200, { Success: false, ErrorCode: 'UnknownError', ErrorMessage: 'oops' }, 'server', true],
      [400, { Success: false, ErrorCode: 'SomethingElse', ErrorMessage: 'tenant 3000 is not yours' }, 'tenant', false],
      [200, { Success: false, ErrorCode: 'NotAdmin', ErrorMessage: 'not an admin' }, 'business', false],
    ];
    for (const [status, body, kind, retryable] of inject) {
      fake.failNext(1, status, body);
      const e = await failure(client().listOrders({}));
      expect(e.failure, JSON.stringify(body)).toMatchObject({ kind, retryable, httpStatus: status });
      expect(e.failure.requestId).toMatch(/^[0-9A-F-]{36}$/);
    }
  });

  it('the fake rejects a reused nonce, a stale timestamp and a re-encoded query it must decode first', async () => {
    const send = async (p: Record<string, string>, method = 'POST') => {
      const res = await fetch(`${fake.endpoint}/?${encodeQuery(p)}`, { method });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const sign = (extra: Record<string, string>, now = new Date()) =>
      signedParams({
        method: 'POST',
        action: 'GetUser',
        accessKeyId: 'LTAIgood',
        accessKeySecret: SECRET,
        params: { Tid: 3000, ...extra },
        nonce: `n-${extra.UserId}-${now.getTime()}`,
        now,
      });
    const once = sign({ UserId: '51' });
    expect((await send(once)).body).toMatchObject({ Success: true });
    expect(await send(once)).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed' } });
    const stale = sign({ UserId: '51' }, new Date(Date.now() - 16 * 60_000));
    expect(await send(stale)).toMatchObject({ status: 400, body: { Code: 'InvalidTimeStamp.Expired' } });
    // Characters Node's querystring leaves raw (! ' ( ) *) must not break verification.
    const odd = sign({ UserId: "51!'()*" });
    const raw = Object.entries(odd)
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&');
    const res = await fetch(`${fake.endpoint}/?${raw}`, { method: 'POST' });
    expect(await res.json()).toMatchObject({ Success: false, ErrorCode: 'UserNotExist' });
    // The same signature sent with another method does not verify.
    expect(await send(sign({ UserId: '51' }), 'GET')).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
  });

  it('maps throttling on one action and a non-DMS answer', async () => {
    fake.throttleNext(1, 'GetUser');
    expect((await failure(client().getUser('51'))).failure.kind).toBe('throttled');
    fake.failNext(1, 200, { hello: 'world', Success: 'yes' });
    expect((await failure(client().listOrders({}))).failure.kind).toBe('bad-response');
  });

  it('reports network errors and timeouts', async () => {
    const refused = await failure(client({ endpoint: 'http://127.0.0.1:1' }).listOrders({}));
    expect(refused.failure).toMatchObject({ kind: 'network', retryable: true, serverMessage: 'ECONNREFUSED' });
    fake.stallNext(1, 800);
    const slow = await failure(client({ timeoutMs: 200 }).listOrders({}));
    expect(slow.failure).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('reach() answers for any HTTP status and reads the server date', async () => {
    const r = await client().reach();
    expect(r.httpStatus).toBe(400);
    expect(Date.parse(r.serverDate ?? '')).not.toBeNaN();
  });
});
