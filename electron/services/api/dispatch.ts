import type { z } from 'zod';
import type { MethodDef } from '../../../shared/contract/define.js';
import { contract, isMethodName, type Contract, type MethodName } from '../../../shared/contract/index.js';
import { AppError, parseOrThrow } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';

/** Who is calling: the transports fill this in; handlers may use it for audit or locale. */
export interface CallContext {
  readonly transport: 'ipc' | 'http' | 'cli';
}

export type Handler<M extends MethodName> = (
  input: z.output<Contract[M]['input']>,
  ctx: CallContext,
) => Promise<z.input<Contract[M]['output']>>;

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

/** Unknown errors become INTERNAL without their message, which could carry anything. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  if (errno === 'ENOSPC') {
    return new AppError('DISK_FULL', text('The disk is full; nothing was saved.', '磁盘已满，未保存任何内容。'), {
      fix: text('Free some disk space and try again.', '请释放磁盘空间后重试。'),
    });
  }
  if (errno === 'EACCES' || errno === 'EROFS' || errno === 'EPERM') {
    return new AppError('SETTINGS_UNWRITABLE', text('The data folder is not writable; nothing was saved.', '数据文件夹不可写，未保存任何内容。'), {
      fix: text('Check the permissions of the data folder.', '请检查数据文件夹的权限。'),
    });
  }
  return new AppError('INTERNAL', text('Unexpected internal error.', '意外的内部错误。'), { cause: err });
}
