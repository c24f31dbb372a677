import { UI_SECURITY_HEADERS } from './services/csp.js';
import { staticReply } from './services/http/static-delivery.js';
import { APP_SCHEME, isAppUrl } from './window.js';

/**
 * Answers one `app://channel-desk/...` request from the built UI, with the same file resolver and
 * security headers as the headless server. Web-standard Request/Response only, so it runs in tests.
 */
export async function serveAppRequest(request: Request, uiDir: string): Promise<Response> {
  if (!isAppUrl(request.url) || (request.method !== 'GET' && request.method !== 'HEAD')) {
    return new Response('Not found', { status: 404, headers: UI_SECURITY_HEADERS });
  }
  // Same files and caching as the headless server, uncompressed: the bytes never leave the process,
  // and a custom scheme's response is handed to the page as is.
  const reply = await staticReply(uiDir, new URL(request.url).pathname, undefined);
  if (!reply) return new Response('Not found', { status: 404, headers: UI_SECURITY_HEADERS });
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(reply.body), {
    status: 200,
    headers: { ...UI_SECURITY_HEADERS, ...reply.headers },
  });
}

/** Must be registered before app 'ready': a standard, secure scheme behaves like https for the page. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false },
} as const;
