import type { IncomingMessage, ServerResponse } from 'node:http';
import { loggableError, scrubSecrets } from '../log/loggable-error.js';
import { errorSentOn } from './respond.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Refused (4xx) and failed (5xx) requests, for serve's log, without letting a flood flood the log. */
export interface RequestLog {
  /** Wraps a request listener so each answered request is seen. */
  observe(listener: Listener): Listener;
  /** Writes the repeats counted so far (the timer does this once per window) and starts a new window. */
  flush(): void;
  /** Flushes and stops the timer. */
  close(): void;
}

export const REQUEST_LOG_WINDOW_MS = 60_000;

/** The inbox path token is a credential: never in a log line. */
const redactPath = (url: string | undefined): string => scrubSecrets((url ?? '/').split('?', 1)[0]!.replace(/^\/hooks\/dms\/.*/, '/hooks/dms/…')).slice(0, 100);

/**
 * The first request of each kind (status + error code) in a window is logged in full (method, path,
 * client, reason; for a 5xx the scrubbed cause chain, e.g. the SQLite code); repeats are only counted
 * and summarised once per window.
 */
export function createRequestLog(opts: { write: (line: string) => void; windowMs?: number }): RequestLog {
  const windowMs = opts.windowMs ?? REQUEST_LOG_WINDOW_MS;
  const repeats = new Map<string, number>();
  const flush = (): void => {
    const counted = [...repeats].filter(([, n]) => n > 0);
    repeats.clear();
    if (counted.length > 0) {
      opts.write(`refused/failed requests repeated in the last ${Math.round(windowMs / 1000)} s: ${counted.map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    }
  };
  const timer = setInterval(flush, windowMs);
  timer.unref();

  const seen = (req: IncomingMessage, res: ServerResponse): void => {
    const status = res.statusCode;
    if (status < 400) return;
    const err = errorSentOn(res);
    const kind = `${status} ${err?.code ?? ''}`.trim();
    const count = repeats.get(kind);
    if (count !== undefined) {
      repeats.set(kind, count + 1);
      return;
    }
    repeats.set(kind, 0);
    const where = `${req.method ?? '?'} ${redactPath(req.url)} from ${req.socket.remoteAddress ?? '?'}`;
    const reason = err === undefined ? '' : status >= 500 ? loggableError(err.cause ?? err) : scrubSecrets(err.text.en).slice(0, 200);
    opts.write(`${status >= 500 ? 'failed' : 'refused'} ${kind} ${where}: ${reason} (repeats are counted for ${Math.round(windowMs / 1000)} s)`);
  };

  return {
    observe: (listener) => (req, res) => {
      res.once('finish', () => seen(req, res));
      listener(req, res);
    },
    flush,
    close() {
      clearInterval(timer);
      flush();
    },
  };
}
