import { EVENTS_PATH, serviceEventSchema, SSE_CHANGE, SSE_READY, type ServiceEventType } from '../../shared/contract/events';
import { connection } from './connection';
import { invalidateFor } from './query-client';

declare global {
  interface Window {
    /** Set by electron/preload.cts: the service events over IPC. */
    channelDeskEvents?: { subscribe(listener: (event: unknown) => void): () => void };
  }
}

/** No byte (event or heartbeat, sent every 2 s) for this long: the service is taken as gone. */
const WATCHDOG_MS = 4_000;
/** While the service is away, the stream is tried again this often (loopback: cheap). */
const RETRY_MS = 1_000;

function onPayload(payload: unknown): void {
  const parsed = serviceEventSchema.safeParse(payload);
  // A newer service may send kinds this page does not know: refetch everything shown, to be safe.
  invalidateFor(parsed.success ? parsed.data.types : (['settings.saved'] satisfies ServiceEventType[]));
}

/** Splits an SSE text stream into messages (`event:` + `data:`); comments (heartbeats) are skipped. */
export function sseMessages(buffer: string): { messages: { event: string; data: string }[]; rest: string } {
  const blocks = buffer.split('\n\n');
  const rest = blocks.pop() ?? '';
  const messages = blocks.flatMap((block) => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    return data.length > 0 ? [{ event, data: data.join('\n') }] : [];
  });
  return { messages, rest };
}

/** Reads one connection of the headless event stream until it ends, fails or goes silent. */
async function readStream(token: string | null): Promise<void> {
  const abort = new AbortController();
  let watchdog = setTimeout(() => abort.abort(), WATCHDOG_MS);
  try {
    const res = await fetch(EVENTS_PATH, {
      headers: { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      cache: 'no-store',
      signal: abort.signal,
    });
    if (!res.ok || !res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      clearTimeout(watchdog);
      watchdog = setTimeout(() => abort.abort(), WATCHDOG_MS);
      const parsed = sseMessages(buffer + value);
      buffer = parsed.rest;
      for (const m of parsed.messages) {
        if (m.event === SSE_READY) connection.set('live');
        else if (m.event === SSE_CHANGE) onPayload(JSON.parse(m.data) as unknown);
      }
    }
  } catch {
    // Refused, reset or silent: reported below like an end of stream.
  } finally {
    clearTimeout(watchdog);
    abort.abort();
  }
}

let started = false;

/**
 * Follows the service events for the life of the page: the IPC channel in Electron, otherwise the
 * headless `GET /events` stream, reconnected whenever it drops (the page says the service cannot be
 * reached meanwhile, and refetches everything once it is back).
 */
export function startLiveUpdates(token: string | null): void {
  if (started) return;
  started = true;
  if (window.channelDeskEvents) {
    window.channelDeskEvents.subscribe(onPayload);
    connection.set('live');
    return;
  }
  void (async () => {
    for (;;) {
      await readStream(token);
      connection.set('unreachable');
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  })();
}
