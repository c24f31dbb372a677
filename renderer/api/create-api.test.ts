import { describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES } from '../../shared/contract/index';
import { ApiError } from './api-error';
import { createApi } from './create-api';
import { methodDef } from './method-schemas';
import type { Transport } from './transport';

const answering = (answer: unknown): Transport & { calls: string[] } => {
  const calls: string[] = [];
  return { kind: 'http', calls, call: async (method) => (calls.push(method), answer) };
};

describe('the contract schemas the client loads per group', () => {
  it('find every method of the contract, as the services define it', async () => {
    for (const name of METHOD_NAMES) expect(await methodDef(name), name).toBe(contract[name]);
  });

  it('know nothing of a name that is not a method', async () => {
    expect(await methodDef('home.nothing')).toBeUndefined();
    expect(await methodDef('nowhere.list')).toBeUndefined();
  });
});

describe('createApi', () => {
  it('returns the answer validated by the method’s own schema', async () => {
    const answer = { steps: [], done: 0, total: 6, next: 'guide' };
    const api = createApi(answering(answer));
    await expect(api['home.checklist']({})).resolves.toEqual(answer);
    expect(api['home.checklist']).toBe(api['home.checklist']);
  });

  it('refuses an answer that does not match the contract, naming the method', async () => {
    const api = createApi(answering({ steps: 'no' }));
    const err = await api['home.checklist']({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toContain('home.checklist');
  });

  it('is not a thenable and has no functions for names that are not methods', async () => {
    const api = createApi(answering({}));
    expect((api as unknown as Record<string, unknown>)['then']).toBeUndefined();
    await expect(Promise.resolve(api)).resolves.toBe(api);
  });
});
