import { describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES, type MethodName } from '../../../shared/contract/index.js';
import { AppError } from '../../../shared/errors.js';
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
      // zod's zh-CN locale gives the field messages in Chinese too.
      expect(err.issues?.[0]?.message.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(calls).toEqual([]);
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
