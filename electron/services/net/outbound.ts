import axios, { type AxiosRequestConfig, type AxiosResponse } from 'axios';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const client = axios.create();

/** Platform and DMS answers are JSON of a few KB (a 100-user page is well under 1 MB): a larger one is cut off, never buffered whole. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** What the app sends is smaller still (a message is at most ~30 KB). */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/**
 * The one way out to the internet, for the platform clients and the DMS OpenAPI client alike: every
 * status is returned to the caller's own checks, redirects are never followed (a redirect could carry
 * a signed request elsewhere), and the environment's HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply (axios
 * tunnels https through the proxy with CONNECT, so the proxy never sees a request). Loopback targets
 * (local fakes, an SSH tunnel) are always reached directly.
 */
export function outboundRequest<T = unknown>(config: AxiosRequestConfig & { url: string }): Promise<AxiosResponse<T>> {
  const host = new URL(config.url).hostname;
  return client.request<T>({
    ...config,
    validateStatus: () => true,
    maxRedirects: 0,
    maxContentLength: MAX_RESPONSE_BYTES,
    maxBodyLength: MAX_REQUEST_BYTES,
    ...(LOOPBACK.has(host) ? { proxy: false as const } : {}),
  });
}
