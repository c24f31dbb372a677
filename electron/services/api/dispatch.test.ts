import { describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES, type MethodName } from '../../../shared/contract/index.js';
import { AppError } from '../../../shared/errors.js';
import { VALIDATOR_TEXT } from '../../../test/fixtures/validator-text.js';
import { dispatch, type Handlers } from './dispatch.js';

const ctx = { transport: 'http' } as const;

/** Handlers that record calls: validation must stop bad input before any of them runs. */
function recordingHandlers(result: unknown = {}): { handlers: Handlers; calls: string[] } {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    METHOD_NAMES.map((n) => [
      n,
      async () => {
        calls.push(n);
        return result;
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('dispatch', () => {
  it.each(METHOD_NAMES.map((n) => [n]))('%s rejects malformed input in both languages without running the handler', async (name) => {
    const { handlers, calls } = recordingHandlers();
    for (const bad of [42, 'text', [1, 2], true]) {
      const err = await errorOf(dispatch(handlers, name, bad, ctx));
      expect(err.code).toBe('BAD_INPUT');
      expect(err.issues?.length).toBeGreaterThan(0);
      expect(err.text.en).toMatch(/^Invalid input/);
      expect(err.text.zh).toMatch(/^输入无效/);
      for (const issue of err.issues ?? []) {
        expect(issue.message.zh).toMatch(/\p{Script=Han}/u);
        expect(`${issue.message.en} ${issue.message.zh}`).not.toMatch(VALIDATOR_TEXT);
      }
    }
    expect(calls).toEqual([]);
  });

  // What a form or a script can send wrong: each field issue comes back as a sentence naming the field, in both
  // languages, never zod's validator text ("Too big: expected string to have <=200 characters", "无效输入").
  it.each([
    [
      'users.upsert',
      { user: { uid: '3001', name: 'N'.repeat(201), email: 'a@example.com' } },
      'user.name',
      'must be at most 200 characters long',
      '最多 200 个字符',
    ],
    ['users.upsert', { user: { uid: '', email: 'a@example.com' } }, 'user.uid', 'must not be empty', '不能为空'],
    [
      'channels.save',
      { channel: 'feishu', region: null, secrets: { appSecert: 'x' } },
      'secrets',
      'has an unknown key "appSecert" (did you mean "appSecret"?)',
      '是否应为 "appSecret"？',
    ],
    ['channels.save', { channel: 'fax', region: null }, 'channel', 'must be one of', '必须是'],
    [
      'rules.save',
      { rule: { module: 'Ticket', businessType: 'Data Exporting', status: 'Pending Approval', enabled: 'yes' } },
      'rule.enabled',
      'must be true or false',
      '必须是 true 或 false',
    ],
    ['sender.events', { limit: 1000 }, 'limit', 'must be at most 200', '不能大于 200'],
    ['retention.save', { sentEventDays: 0 }, 'sentEventDays', 'must be at least 1', '不能小于 1'],
    ['retention.save', { sentEventDays: '30' }, 'sentEventDays', 'must be a number', '必须是数字'],
    ['dms.saveConnection', { pollSeconds: 5.5 }, 'pollSeconds', 'must be a whole number', '必须是整数'],
    ['inbox.save', { requireSignature: 'on' }, 'requireSignature', 'must be true or false', '必须是 true 或 false'],
  ] as const)('%s answers %j in words', async (name, input, path, en, zh) => {
    const { handlers } = recordingHandlers();
    const err = await errorOf(dispatch(handlers, name, input, ctx));
    const issue = err.issues?.find((i) => i.path === path);
    expect(issue?.message.en).toContain(`\`${path}\` ${en}`);
    expect(issue?.message.zh).toContain(`\`${path}\` `);
    expect(issue?.message.zh).toContain(zh);
    for (const i of err.issues ?? []) expect(`${i.message.en} ${i.message.zh}`).not.toMatch(VALIDATOR_TEXT);
    expect(`${err.text.en} ${err.text.zh}`).not.toContain(path);
  });

  it('refuses an unknown method by name', async () => {
    const { handlers } = recordingHandlers();
    const err = await errorOf(dispatch(handlers, 'channels.dropEverything', {}, ctx));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.text.en).toContain('channels.dropEverything');
  });

  it('refuses names inherited from Object.prototype', async () => {
    const { handlers } = recordingHandlers();
    expect((await errorOf(dispatch(handlers, 'constructor', {}, ctx))).code).toBe('NOT_FOUND');
    expect((await errorOf(dispatch(handlers, '__proto__', {}, ctx))).code).toBe('NOT_FOUND');
  });

  it('turns a handler answer that breaks the output schema into INTERNAL, not a malformed reply', async () => {
    const name = METHOD_NAMES.find((n) => contract[n].input.safeParse({}).success && !contract[n].output.safeParse(Symbol('x')).success) as MethodName;
    const { handlers } = recordingHandlers(Symbol('not json'));
    const err = await errorOf(dispatch(handlers, name, {}, ctx));
    expect(err.code).toBe('INTERNAL');
  });

  it('maps a full disk to DISK_FULL with a fix', async () => {
    const name = METHOD_NAMES.find((n) => contract[n].input.safeParse({}).success) as MethodName;
    const { handlers } = recordingHandlers();
    (handlers as unknown as Record<string, () => Promise<never>>)[name] = async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const err = await errorOf(dispatch(handlers, name, {}, ctx));
    expect(err.code).toBe('DISK_FULL');
    expect(err.fix?.en).toMatch(/disk space/);
  });
});
