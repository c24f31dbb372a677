import { UI_SECURITY_HEADERS } from './services/csp.js';
import { readStaticFile } from './services/http/static-files.js';
import { APP_SCHEME, isAppUrl } from './window.js';

/**
 * Answers one `app://channel-desk/...` request from the built UI, with the same file resolver and
 * security headers as the headless server. Web-standard Request/Response only, so it runs in tests.
 */
export async function serveAppRequest(request: Request, uiDir: string): Promise<Response> {
  if (!isAppUrl(request.url) || (request.method !== 'GET' && request.method !== 'HEAD')) {
    return new Response('Not found', { status: 404, headers: UI_SECURITY_HEADERS });
  }
  const file = await readStaticFile(uiDir, new URL(request.url).pathname);
  if (!file) return new Response('Not found', { status: 404, headers: UI_SECURITY_HEADERS });
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
    status: 200,
    headers: { ...UI_SECURITY_HEADERS, 'Content-Type': file.contentType, 'Cache-Control': 'no-cache' },
  });
}

/** Must be registered before app 'ready': a standard, secure scheme behaves like https for the page. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false },
} as const;
