import { request, type IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../electron/services/api/dispatch.js';
import { createAppServices, type AppServices } from '../../electron/services/app.js';
import { createServiceEvents, type ServiceEvents } from '../../electron/services/events/service-events.js';
import { createHttpServer, type RunningHttpServer } from '../../electron/services/http/index.js';
import { serviceEventSchema, type ServiceEventType } from '../../shared/contract/events.js';
import { errorBodySchema } from '../../shared/errors.js';
import { dmsBody, waitFor } from './delivery-harness.js';

const TOKEN = 'event-stream-token-0123456789';
const MAX_STREAMS = 2;

interface Stream {
  readonly status: number;
  readonly contentType: string | undefined;
  /** Raw text received so far. */
  text: string;
  /** `event:` name and `data:` of every complete message so far (comments skipped). */
  messages(): { event: string; data: string }[];
  close(): void;
}

let events: ServiceEvents;
let server: RunningHttpServer;
const open: Stream[] = [];

/** Opens `GET /events` and keeps reading; resolves once the status line is in. */
function openStream(headers: Record<string, string>, method = 'GET'): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path: '/events', headers, agent: false }, (res: IncomingMessage) => {
      const stream: Stream = {
        status: res.statusCode ?? 0,
        contentType: res.headers['content-type'],
        text: '',
        messages() {
          return this.text
            .split('\n\n')
            .slice(0, -1)
            .map((block) => {
              const lines = block.split('\n');
              return {
                event: lines.find((l) => l.startsWith('event: '))?.slice(7) ?? '',
                data: lines.find((l) => l.startsWith('data: '))?.slice(6) ?? '',
              };
            })
            .filter((m) => m.event !== '');
        },
        close: () => req.destroy(),
      };
      res.setEncoding('utf8').on('data', (chunk: string) => (stream.text += chunk));
      res.on('error', () => undefined);
      open.push(stream);
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}

const changes = (s: Stream): ServiceEventType[][] =>
  s
    .messages()
    .filter((m) => m.event === 'change')
    .map((m) => serviceEventSchema.parse(JSON.parse(m.data)).types);

const withToken = { Host: '', Authorization: `Bearer ${TOKEN}` };
const host = (): string => `127.0.0.1:${server.port}`;

beforeAll(async () => {
  events = createServiceEvents({ coalesceMs: 20 });
  server = await createHttpServer({ handlers: {} as Handlers, token: TOKEN, events, maxEventStreams: MAX_STREAMS, eventHeartbeatMs: 100 });
});

afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

afterAll(async () => {
  await server.close();
  events.close();
});

describe('GET /events (Server-Sent Events of the headless server)', () => {
  it('refuses a request without the API token, or with a wrong one, with 401', async () => {
    const refused: Record<string, string>[] = [{ Host: host() }, { Host: host(), Authorization: 'Bearer wrong-token-0123456789' }];
    for (const headers of refused) {
      const s = await openStream(headers);
      await waitFor(() => s.text.length > 0, 'the error body');
      expect(s.status).toBe(401);
      expect(errorBodySchema.parse(JSON.parse(s.text)).error.code).toBe('UNAUTHORIZED');
    }
  });

  it('refuses a foreign Host or Origin like the API does', async () => {
    const rebinding = await openStream({ ...withToken, Host: `evil.example:${server.port}` });
    expect(rebinding.status).toBe(403);
    const foreign = await openStream({ ...withToken, Host: host(), Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
  });

  it('sends ready on connect, then each burst of changes as one message', async () => {
    const s = await openStream({ ...withToken, Host: host() });
    expect(s.status).toBe(200);
    expect(s.contentType).toMatch(/^text\/event-stream/);
    await waitFor(() => s.messages().some((m) => m.event === 'ready'), 'the ready message');

    events.emit('outbox.changed');
    events.emit('outbox.changed');
    events.emit('directory.changed');
    await waitFor(() => changes(s).length > 0, 'a change message');
    expect(changes(s)).toEqual([['outbox.changed', 'directory.changed']]);

    events.emit('settings.saved');
    await waitFor(() => changes(s).length > 1, 'the next change message');
    expect(changes(s)[1]).toEqual(['settings.saved']);
  });

  it('sends a heartbeat while nothing changes', async () => {
    const s = await openStream({ ...withToken, Host: host() });
    await waitFor(() => s.text.includes(': ping\n\n'), 'a heartbeat comment');
  });

  it('keeps to its connection limit and frees a slot when a stream closes', async () => {
    const first = await openStream({ ...withToken, Host: host() });
    await openStream({ ...withToken, Host: host() });
    const over = await openStream({ ...withToken, Host: host() });
    expect(over.status).toBe(503);
    first.close();
    // The slot frees when the server sees the socket close: retry until a new stream is accepted.
    await expect
      .poll(async () => {
        const again = await openStream({ ...withToken, Host: host() });
        again.close();
        return again.status;
      })
      .toBe(200);
  });

  it('answers other methods with 405', async () => {
    const s = await openStream({ ...withToken, Host: host() }, 'POST');
    expect(s.status).toBe(405);
  });
});

describe('the services emit change events', () => {
  let dataDir: string;
  let services: AppServices;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cd-events-'));
    services = await createAppServices({
      dataDir,
      mode: 'headless',
      env: { CHANNEL_DESK_VAULT: 'file', CHANNEL_DESK_VAULT_PASSPHRASE: 'event-stream-test-passphrase' },
    });
  });

  afterAll(async () => {
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('for a queued delivery, a user edit and a settings save', async () => {
    const seen = new Set<ServiceEventType>();
    const stop = services.events.subscribe((e) => e.types.forEach((t) => seen.add(t)));
    services.directory.upsert({ uid: '3001', name: 'Alice', mobile: '', email: 'alice@example.com' });
    await waitFor(() => seen.has('directory.changed'), 'directory.changed');
    services.settings.update((s) => ({ ...s, retention: { ...s.retention } }));
    await waitFor(() => seen.has('settings.saved'), 'settings.saved');
    // No rule matches: the event is still stored (the Delivery log says why nobody was told).
    services.delivery.intake.accept(dmsBody(), { source: 'webhook' });
    await waitFor(() => seen.has('outbox.changed'), 'outbox.changed');
    stop();
  });
});
