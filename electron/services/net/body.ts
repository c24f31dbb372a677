import type { IncomingMessage } from 'node:http';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';

/** Contract inputs are small settings documents; 1 MiB leaves room for CSV imports. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

function tooLarge(limit: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', text(`The request body is larger than ${limit} bytes.`, `请求体超过 ${limit} 字节。`), {
    fix: text('Send less data in one request.', '请减少单次请求的数据量。'),
    details: { limit },
  });
}

/**
 * Reads the whole body up to `limit` bytes. A declared Content-Length over the limit is refused before
 * reading anything; a body that grows past it stops being read (the caller then closes the connection).
 */
export function readBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    // 'close' before 'end': the client went away mid-body.
    const onClose = (): void => onError(new Error('request closed before its body ended'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses a JSON body; an empty body means "no input" (undefined). Malformed JSON or UTF-8 → BAD_INPUT. */
export function parseJsonBody(body: Buffer): unknown {
  let source: string;
  try {
    source = utf8.decode(body);
  } catch {
    throw new AppError('BAD_INPUT', text('The request body is not valid UTF-8.', '请求体不是有效的 UTF-8。'));
  }
  if (source.trim() === '') return undefined;
  try {
    return JSON.parse(source) as unknown;
  } catch {
    throw new AppError('BAD_INPUT', text('The request body is not valid JSON.', '请求体不是有效的 JSON。'), {
      fix: text('Send a JSON document with Content-Type: application/json.', '请以 Content-Type: application/json 发送 JSON 文档。'),
    });
  }
}

/** readBody + parseJsonBody: the body of a JSON POST, size-capped. */
export async function readJsonBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<unknown> {
  return parseJsonBody(await readBody(req, limit));
}
