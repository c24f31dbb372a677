import type { IncomingMessage, ServerResponse } from 'node:http';
import { toAppError } from '../errors.js';
import { notFound, sendError } from './respond.js';

/**
 * An extra endpoint mounted beside the API (e.g. `POST /hooks/dms/<token>`). Routes are matched first
 * and do their own authentication: neither the API token nor the Host check applies to them, so the
 * same route list can also serve a second, non-loopback listener.
 */
export interface HttpRoute {
  /** Path prefix, e.g. `/hooks/dms/`; may not overlap `/api/`. */
  readonly prefix: string;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export const pathOf = (req: IncomingMessage): string => (req.url ?? '/').split('?', 1)[0] ?? '/';

/** Routes only, 404 for the rest: the request listener for a listener that serves nothing else. */
export function createRoutesListener(routes: readonly HttpRoute[]): RequestListener {
  return (req, res) => {
    if (!handleRoute(routes, req, res)) sendError(req, res, notFound());
  };
}

/** Hands the request to the first route whose prefix matches; false when none does. */
export function handleRoute(routes: readonly HttpRoute[], req: IncomingMessage, res: ServerResponse): boolean {
  const pathname = pathOf(req);
  const route = routes.find((r) => pathname.startsWith(r.prefix));
  if (!route) return false;
  Promise.resolve()
    .then(() => route.handle(req, res))
    .catch((err: unknown) => sendError(req, res, toAppError(err)));
  return true;
}
