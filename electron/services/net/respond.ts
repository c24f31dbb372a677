import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';

/** Headers on every JSON answer: never cached, never sniffed; deliberately no CORS headers. */
const JSON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body === undefined ? null : body);
  res.writeHead(status, { ...JSON_HEADERS, ...headers, 'Content-Length': String(Buffer.byteLength(payload)) });
  res.end(payload);
}

const sentErrors = new WeakMap<ServerResponse, AppError>();

/** The error a response answered with, for the request log. */
export const errorSentOn = (res: ServerResponse): AppError | undefined => sentErrors.get(res);

/**
 * Answers with AppError.toBody() and its HTTP status. When the request body was not read to the end
 * (refused early, or over the size cap), the connection is closed instead of draining the rest.
 */
export function sendError(req: IncomingMessage, res: ServerResponse, err: AppError, headers: Record<string, string> = {}): void {
  sentErrors.set(res, err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, err.httpStatus, err.toBody(), req.complete ? headers : { ...headers, Connection: 'close' });
}

export const notFound = (): AppError => new AppError('NOT_FOUND', text('Not found.', '未找到。'));
