import type { IncomingMessage, ServerResponse } from 'node:http';
import { SSE_CHANGE, SSE_READY, type ServiceEvent } from '../../../shared/contract/events.js';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import type { ServiceEvents } from '../events/service-events.js';
import { sendError } from '../net/respond.js';

export interface EventStreamOptions {
  readonly events: Pick<ServiceEvents, 'subscribe'>;
  /** Open streams at most (each holds a socket); further ones get 503. A UI tab needs one. */
  readonly maxStreams?: number;
  /** A comment line this often, so a client notices a hung server within its watchdog. */
  readonly heartbeatMs?: number;
}

export interface EventStreams {
  /** Answers `GET /events` (token, Host and Origin already checked by the caller). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  readonly open: number;
}

export const DEFAULT_MAX_EVENT_STREAMS = 16;
/** The renderer's watchdog (renderer/api/live.ts) gives up after 5 s without a byte. */
export const DEFAULT_HEARTBEAT_MS = 2_000;

const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const frame = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Server-Sent Events for the headless UI: one `change` message per coalesced batch of service events
 * (which kinds of data changed, never the data), a `ready` message on connect, and a heartbeat comment.
 * One heartbeat timer for all streams, running only while a stream is open.
 */
export function createEventStreams(opts: EventStreamOptions): EventStreams {
  const maxStreams = opts.maxStreams ?? DEFAULT_MAX_EVENT_STREAMS;
  const heartbeatMs = opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const streams = new Set<ServerResponse>();
  let heartbeat: NodeJS.Timeout | null = null;

  const beat = (): void => {
    for (const res of streams) res.write(': ping\n\n');
  };

  return {
    get open() {
      return streams.size;
    },
    handle(req, res) {
      if (req.method !== 'GET') {
        sendError(req, res, new AppError('METHOD_NOT_ALLOWED', text('The event stream is read with GET.', '事件流须使用 GET 读取。')), { Allow: 'GET' });
        return;
      }
      if (streams.size >= maxStreams) {
        sendError(
          req,
          res,
          new AppError('UNAVAILABLE', text(`Too many open event streams (${maxStreams}).`, `打开的事件流过多（${maxStreams} 个）。`), {
            fix: text('Close some Channel Desk tabs, then reload this one.', '请关闭部分 Channel Desk 标签页，然后刷新本页。'),
          }),
          { 'Retry-After': '5' },
        );
        return;
      }
      res.writeHead(200, SSE_HEADERS);
      // `retry`: the browser's own reconnect delay, if a client uses EventSource.
      res.write(`retry: 1000\n\n${frame(SSE_READY, {})}`);
      const send = (event: ServiceEvent): void => {
        res.write(frame(SSE_CHANGE, event));
      };
      const unsubscribe = opts.events.subscribe(send);
      streams.add(res);
      if (!heartbeat) {
        heartbeat = setInterval(beat, heartbeatMs);
        heartbeat.unref();
      }
      res.once('close', () => {
        unsubscribe();
        streams.delete(res);
        if (streams.size === 0 && heartbeat) {
          clearInterval(heartbeat);
          heartbeat = null;
        }
      });
    },
  };
}
