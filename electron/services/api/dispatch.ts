import type { z } from 'zod';
import type { MethodDef } from '../../../shared/contract/define.js';
import { contract, isMethodName, type Contract, type MethodName } from '../../../shared/contract/index.js';
import { AppError, parseOrThrow } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { toAppError } from '../errors.js';

/** Who is calling: the transports fill this in; handlers may use it for audit or locale. */
export interface CallContext {
  readonly transport: 'ipc' | 'http' | 'cli';
}

export type Handler<M extends MethodName> = (input: z.output<Contract[M]['input']>, ctx: CallContext) => Promise<z.input<Contract[M]['output']>>;

export type Handlers = { [M in MethodName]: Handler<M> };

/**
 * Validates the input, runs the handler and validates its output, so neither transport can
 * let a malformed value through in either direction. Every failure is an AppError.
 */
export async function dispatch(handlers: Handlers, name: string, rawInput: unknown, ctx: CallContext): Promise<unknown> {
  if (!isMethodName(name)) {
    throw new AppError('NOT_FOUND', text(`Unknown method: ${name}`, `未知方法：${name}`));
  }
  const def: MethodDef = (contract as Record<MethodName, MethodDef>)[name];
  const input = parseOrThrow(def.input, rawInput ?? {});
  const handler = handlers[name] as (input: unknown, ctx: CallContext) => Promise<unknown>;
  let result: unknown;
  try {
    result = await handler(input, ctx);
  } catch (err) {
    throw toAppError(err);
  }
  const out = def.output.safeParse(result);
  if (!out.success) {
    throw new AppError('INTERNAL', text(`The service returned an invalid answer for ${name}`, `服务对 ${name} 返回了无效结果`), {
      details: { issues: out.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
    });
  }
  return out.data;
}
