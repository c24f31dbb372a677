import axios, { type AxiosRequestConfig, type AxiosResponse } from 'axios';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const client = axios.create();

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
    ...(LOOPBACK.has(host) ? { proxy: false as const } : {}),
  });
}
