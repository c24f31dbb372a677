import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { internalErrorLine, loggableError, scrubSecrets } from './loggable-error.js';

const SECRET = 'S3cr3t-AppSecret-value-0001';
const TOKEN = 'tok-0123456789abcdef-access';

/** What axios throws: the request config (params, headers, body) and the response ride along. */
function axiosLikeError(): Error {
  return Object.assign(new Error(`Request failed with status code 401 for https://oapi.dingtalk.com/gettoken?appkey=k&appsecret=${SECRET}`), {
    name: 'AxiosError',
    code: 'ERR_BAD_REQUEST',
    config: {
      url: 'https://oapi.dingtalk.com/gettoken',
      params: { appkey: 'k', appsecret: SECRET },
      headers: { Authorization: `Bearer ${TOKEN}`, 'x-acs-dingtalk-access-token': TOKEN },
      data: JSON.stringify({ app_id: 'cli_x', app_secret: SECRET }),
    },
    request: { path: `/gettoken?appkey=k&appsecret=${SECRET}` },
    response: { status: 401, data: { errmsg: `bad secret ${SECRET}` }, headers: {} },
  });
}

describe('scrubSecrets', () => {
  it.each([
    [`GET /gettoken?appkey=k&appsecret=${SECRET}&x=1`, 'GET /gettoken?appkey=k&appsecret=***&x=1'],
    [`{"app_id":"cli_x","app_secret":"${SECRET}"}`, '{"app_id":"cli_x","app_secret":"***"}'],
    [`{"appSecret": "${SECRET}", "n": 1}`, '{"appSecret": "***", "n": 1}'],
    [`Authorization: Bearer ${TOKEN}`, 'Authorization: Bearer ***'],
    [`x-acs-dingtalk-access-token: ${TOKEN}`, 'x-acs-dingtalk-access-token: ***'],
    [`/send?access_token=${TOKEN}`, '/send?access_token=***'],
    [`tenant_access_token=${TOKEN}`, 'tenant_access_token=***'],
    // DMS: the signed query and its URL-encoded string to sign.
    [`?AccessKeyId=LTAI5t&Signature=abc%2Bdef%3D&Action=ListOrders`, '?AccessKeyId=***&Signature=***&Action=ListOrders'],
    [`GET&%2F&AccessKeyId%3DLTAI5t%26Action%3DListOrders`, 'GET&%2F&AccessKeyId%3D***%26Action%3DListOrders'],
    ['nothing secret here: timeout of 10000ms exceeded', 'nothing secret here: timeout of 10000ms exceeded'],
  ])('%s', (input, expected) => {
    expect(scrubSecrets(input)).toBe(expected);
  });
});

describe('loggableError', () => {
  it('never prints an axios config, request or response, and scrubs the message', () => {
    const line = loggableError(new Error('token fetch failed', { cause: axiosLikeError() }), { stack: true });
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain(TOKEN);
    expect(line).toContain('Error: token fetch failed');
    expect(line).toContain('caused by: AxiosError (ERR_BAD_REQUEST) [HTTP 401]: Request failed with status code 401');
    expect(line).toContain('appsecret=***');
    expect(line).toMatch(/\n\s+at /);
  });

  it('shows AppErrors by code and text, and non-Errors by type only', () => {
    expect(loggableError(new AppError('VAULT_UNAVAILABLE', text('The keychain is locked.', '钥匙串已锁定。')))).toBe(
      'AppError[VAULT_UNAVAILABLE]: The keychain is locked.',
    );
    expect(loggableError({ appsecret: SECRET })).toBe('non-Error value (object)');
    expect(loggableError(`appsecret=${SECRET}`)).toBe('non-Error value (string)');
  });

  it('stops following a cause chain after a few links (cycles cannot hang it)', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(loggableError(b).split('\n')).toHaveLength(5);
  });

  it('internalErrorLine logs the cause of an INTERNAL AppError, scrubbed', () => {
    const err = new AppError('INTERNAL', text('Unexpected internal error.', '意外的内部错误。'), { cause: axiosLikeError() });
    const line = internalErrorLine('channels.get', err);
    expect(line.startsWith('internal error in channels.get: AxiosError')).toBe(true);
    expect(line).not.toContain(SECRET);
  });
});
