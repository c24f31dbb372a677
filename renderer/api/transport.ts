import { ApiError } from './api-error';
import type { ErrorBody } from '../../shared/errors';
import { consumeTokenFromLocation } from './token';
import { connection } from './connection';
import { takeEarlyCall } from './early';

/** Sends one contract call and returns the raw (not yet validated) output, or throws ApiError. */
export interface Transport {
  readonly kind: 'electron' | 'http';
  call(method: string, input: unknown): Promise<unknown>;
}

/** The Electron preload's answer for every call: never a rejected promise for an AppError. */
export type Envelope = { ok: true; value: unknown } | ({ ok: false } & ErrorBody);

type PreloadBridge = Record<string, (input: unknown) => Promise<Envelope>>;

declare global {
  interface Window {
    /** Set by electron/preload.ts: one named function per contract method. */
    channelDesk?: PreloadBridge;
  }
}

function electronTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'electron',
    async call(method, input) {
      const fn = bridge[method];
      if (typeof fn !== 'function') throw ApiError.unreachable(method);
      let envelope: Envelope;
      try {
        envelope = ((await takeEarlyCall(method, input)) as Envelope | undefined) ?? (await fn(input));
      } catch {
        connection.set('unreachable');
        throw ApiError.unreachable(method);
      }
      // No stream to tell: in Electron, an answer is what shows the service is back.
      connection.set('live');
      if (envelope.ok) return envelope.value;
      throw ApiError.fromResponse(method, envelope);
    },
  };
}

function httpTransport(token: string | null): Transport {
  return {
    kind: 'http',
    async call(method, input) {
      let res: Response;
      try {
        res =
          ((await takeEarlyCall(method, input)) as Response | undefined) ??
          (await fetch(`/api/${encodeURIComponent(method)}`, {
            method: 'POST',
            headers: {
              ...(token ? { Authorization: `Bearer ${token}` } : {}),
              'Content-Type': 'application/json',
            },
            body: JSON.stringify(input ?? {}),
          }));
      } catch {
        // The event stream says when it is back (renderer/api/live.ts).
        connection.set('unreachable');
        throw ApiError.unreachable(method);
      }
      let body: unknown = undefined;
      try {
        body = await res.json();
      } catch {
        // A non-JSON body is reported below as an unexpected answer.
      }
      if (!res.ok) throw ApiError.fromResponse(method, body, res.status >= 500 ? 'UNAVAILABLE' : 'INTERNAL');
      return body;
    },
  };
}

/** Electron when the preload bridge is there, otherwise the headless HTTP API of the page's origin. */
export function pickTransport(): Transport {
  if (window.channelDesk) return electronTransport(window.channelDesk);
  return httpTransport(consumeTokenFromLocation());
}
