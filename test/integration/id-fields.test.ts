/**
 * Issue 17, item 8: ids are refused in words, not validator text. The DMS connection refuses a negative
 * Tid, one past 2^53 and an AccessKey ID with spaces or markup; Users refuses a DMS UID that is not a number.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/services/api/index.js';
import { dispatch } from '../../electron/services/api/dispatch.js';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { AppError } from '../../shared/errors.js';
import { TEST_VAULT_ENV } from './test-stores.js';

describe('id fields are refused in words', () => {
  let dataDir: string;
  let app: AppServices;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cd-ids-'));
    app = await createAppServices({ dataDir, mode: 'cli', env: TEST_VAULT_ENV });
  });
  afterEach(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const refused = async (method: string, input: unknown) => {
    const err = await dispatch(createHandlers(app), method as never, input as never, { transport: 'http' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).issues ?? [];
  };

  it.each([
    ['a negative Tid', { tid: -5 }, 'tid', /positive whole number/, /正整数/],
    ['a Tid past 2^53', { tid: 2 ** 53 + 2 }, 'tid', /positive whole number/, /正整数/],
    ['a fractional Tid', { tid: 1.5 }, 'tid', /positive whole number/, /正整数/],
    ['an AccessKey ID with a space', { accessKeyId: 'LTAI5t 7aBc' }, 'accessKeyId', /only letters and digits/, /只包含字母和数字/],
    ['an AccessKey ID with markup', { accessKeyId: '<b>LTAI5t</b>' }, 'accessKeyId', /only letters and digits/, /只包含字母和数字/],
  ])('dms.saveConnection refuses %s', async (_, input, field, en, zh) => {
    const issues = await refused('dms.saveConnection', input);
    expect(issues).toEqual([{ path: field, message: { en: expect.stringMatching(en), zh: expect.stringMatching(zh) } }]);
    expect(JSON.stringify(issues)).not.toMatch(/Invalid input|expected|Too (big|small)/);
  });

  it('dms.saveConnection takes a valid Tid and AccessKey ID', async () => {
    const view = (await dispatch(createHandlers(app), 'dms.saveConnection', { tid: 123456, accessKeyId: 'LTAI5tAbc123' }, { transport: 'http' })) as {
      tid: number;
    };
    expect(view.tid).toBe(123456);
  });

  it('users.upsert refuses a DMS UID that is not a number', async () => {
    const issues = await refused('users.upsert', { user: { uid: 'alice', name: 'Alice', email: 'alice@example.com' } });
    expect(issues).toEqual([{ path: 'user.uid', message: { en: expect.stringMatching(/digits only/), zh: expect.stringMatching(/只含数字/) } }]);
  });
});
