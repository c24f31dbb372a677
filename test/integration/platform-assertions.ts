import { inspect } from 'node:util';
import { expect } from 'vitest';
import { isPlatformError, type PlatformError } from '../../electron/services/platforms/errors.js';

/** Awaits `p` and returns the PlatformError it rejects with; anything else fails the test. */
export async function expectPlatformError(p: Promise<unknown>): Promise<PlatformError> {
  try {
    await p;
  } catch (err) {
    if (isPlatformError(err)) return err;
    throw err;
  }
  throw new Error('expected a PlatformError');
}

/** The secret must appear nowhere a log or the UI could pick it up. */
export function expectNoSecret(err: unknown, ...secrets: string[]): void {
  const e = err as Error;
  const dumps = [JSON.stringify(err), JSON.stringify((err as PlatformError).toBody?.()), inspect(err, { depth: 10 }), String(e.stack), e.message];
  for (const s of secrets) for (const d of dumps) expect(d).not.toContain(s);
}
