import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext, Handlers } from '../../electron/services/api/dispatch.js';
import { createHttpServer, type RunningHttpServer } from '../../electron/services/http/index.js';
import { internalErrorLine } from '../../electron/services/log/loggable-error.js';
import { contract, METHOD_NAMES, type MethodName } from '../../shared/contract/index.js';
import { AppError, errorBodySchema } from '../../shared/errors.js';
import { text } from '../../shared/i18n-text.js';

/**
 * A handler fails with something no one planned for: a plain Error whose cause is an axios error
 * carrying an AppSecret (query), a Feishu app_secret (body), tokens (headers) and an echo of the
 * secret in the response. Neither the HTTP answer nor the operator's log may contain any of them.
 */
const TOKEN = 'api-token-0123456789abcdef';
const APP_SECRET = 'AppSecret-canary-7f3e1c9a';
const FEISHU_SECRET = 'FeishuSecret-canary-2b8d';
const ACCESS_TOKEN = 'access-token-canary-91aa';
const CANARIES = [APP_SECRET, FEISHU_SECRET, ACCESS_TOKEN];

function axiosLike(): Error {
  return Object.assign(new Error(`getaddrinfo failed for /gettoken?appkey=k&appsecret=${APP_SECRET}`), {
    name: 'AxiosError',
    code: 'ERR_BAD_RESPONSE',
    isAxiosError: true,
    config: {
      params: { appkey: 'k', appsecret: APP_SECRET },
      headers: { Authorization: `Bearer ${ACCESS_TOKEN}`, 'x-acs-dingtalk-access-token': ACCESS_TOKEN },
      data: JSON.stringify({ app_id: 'cli_1', app_secret: FEISHU_SECRET }),
    },
    response: { status: 500, data: { msg: `echo ${FEISHU_SECRET}` } },
    toJSON() {
      return { config: this.config };
    },
  });
}

const METHOD = METHOD_NAMES.find((n) => contract[n].input.safeParse({}).success) as MethodName;

function handlers(): Handlers {
  const failing = async (_input: unknown, _ctx: CallContext): Promise<never> => {
    // Nested twice, the way a service would wrap a client failure without thinking about secrets.
    throw new Error(`loading failed (Authorization: Bearer ${ACCESS_TOKEN})`, { cause: new Error('token fetch failed', { cause: axiosLike() }) });
  };
  const unavailable = async (): Promise<never> => {
    throw new AppError('UNAVAILABLE', text('not in this test', '本测试未提供'));
  };
  return Object.fromEntries(METHOD_NAMES.map((n) => [n, n === METHOD ? failing : unavailable])) as unknown as Handlers;
}

let server: RunningHttpServer;
const log: string[] = [];

beforeAll(async () => {
  server = await createHttpServer({ handlers: handlers(), token: TOKEN, onInternalError: (method, err) => log.push(internalErrorLine(method, err)) });
});

afterAll(async () => {
  await server?.close();
});

describe('an unexpected handler failure with secrets inside', () => {
  it('answers 500 INTERNAL with a fixed text and logs a scrubbed line, neither holding a secret', async () => {
    expect(METHOD).toBeDefined();
    const res = await fetch(`${server.origin}/api/${METHOD}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    const body = await res.text();
    expect(res.status).toBe(500);
    expect(errorBodySchema.parse(JSON.parse(body)).error).toEqual({ code: 'INTERNAL', message: { en: 'Unexpected internal error.', zh: '意外的内部错误。' } });

    expect(log).toHaveLength(1);
    const line = log[0] ?? '';
    // Useful to the operator: the chain of what failed, with names, codes and status.
    expect(line).toContain(`internal error in ${METHOD}: Error: loading failed`);
    expect(line).toContain('caused by: Error: token fetch failed');
    expect(line).toContain('caused by: AxiosError (ERR_BAD_RESPONSE) [HTTP 500]');
    for (const canary of CANARIES) {
      expect(body, canary).not.toContain(canary);
      expect(line, canary).not.toContain(canary);
    }
  });
});
