import dns from 'node:dns/promises';
import net from 'node:net';
import tls from 'node:tls';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';

export interface ReachResult {
  readonly ok: boolean;
  /** What was checked (host, address, TLS, proxy). */
  readonly detail: LocalizedText;
  /** Transport code (ENOTFOUND, ECONNREFUSED, timeout, tls) when not ok. */
  readonly code: string | null;
}

/** The proxy an https call to `host` goes through (HTTPS_PROXY, minus NO_PROXY), like axios does. */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv): URL | null {
  const raw = url.protocol === 'https:' ? (env.HTTPS_PROXY ?? env.https_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  if (!raw) return null;
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const host = url.hostname.toLowerCase();
  if (['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) return null;
  if (noProxy.some((n) => n === '*' || host === n.replace(/^\./, '') || host.endsWith(n.startsWith('.') ? n : `.${n}`))) return null;
  try {
    return new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    return null;
  }
}

const portOf = (u: URL): number => (u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80);

function withSignal<T>(signal: AbortSignal, start: (done: (err: Error | null, value?: T) => void) => () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(Object.assign(new Error('aborted'), { code: 'ETIMEDOUT' }));
    const cleanup = start((err, value) => {
      signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(value as T);
    });
    const onAbort = (): void => {
      cleanup();
      reject(Object.assign(new Error('aborted'), { code: 'ETIMEDOUT' }));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const tcp = (host: string, port: number, signal: AbortSignal) =>
  withSignal<void>(signal, (done) => {
    const s = net.connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      done(null);
    });
    s.once('error', (e: Error) => done(e));
    return () => s.destroy();
  });

const tlsHandshake = (host: string, port: number, signal: AbortSignal) =>
  withSignal<string>(signal, (done) => {
    const s = tls.connect({ host, port, servername: host });
    s.once('secureConnect', () => {
      const protocol = s.getProtocol() ?? 'TLS';
      s.destroy();
      done(null, protocol);
    });
    s.once('error', (e: Error) => done(e));
    return () => s.destroy();
  });

function codeOf(err: unknown): string {
  const c = (err as { code?: string }).code ?? '';
  if (c === 'ENOTFOUND' || c === 'EAI_AGAIN') return 'ENOTFOUND';
  if (c === 'ECONNREFUSED' || c === 'ECONNRESET') return c;
  if (c === 'ETIMEDOUT') return 'timeout';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(c) || /certificate|ssl|tls/i.test((err as Error).message ?? '')) return 'tls';
  return 'network';
}

/**
 * DNS → TCP → TLS (https only) for one base URL; through the proxy's host when HTTPS_PROXY applies
 * (the proxy then reaches the platform, which the token step proves).
 */
export async function checkReachable(baseUrl: string, signal: AbortSignal, env: NodeJS.ProcessEnv = process.env): Promise<ReachResult> {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { ok: false, code: 'badResponse', detail: text(`${baseUrl} is not a valid URL.`, `${baseUrl} 不是有效的 URL。`) };
  }
  const proxy = proxyFor(url, env);
  const target = proxy ?? url;
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = portOf(target);
  const steps: string[] = [];
  try {
    const { address } = net.isIP(host) ? { address: host } : await dns.lookup(host);
    steps.push(`DNS ${host} → ${address}`);
    await tcp(address, port, signal);
    steps.push(`TCP ${port}`);
    if (!proxy && url.protocol === 'https:') steps.push(await tlsHandshake(host, port, signal));
    const via = proxy ? ` (via proxy ${proxy.host})` : '';
    const viaZh = proxy ? `（经代理 ${proxy.host}）` : '';
    return { ok: true, code: null, detail: text(`${url.host}: ${steps.join(', ')}${via}`, `${url.host}：${steps.join('，')}${viaZh}`) };
  } catch (err) {
    const code = codeOf(err);
    const done = steps.length > 0 ? steps.join(', ') : 'none';
    return {
      ok: false,
      code,
      detail: text(`${target.host}${proxy ? ' (proxy)' : ''}: failed after [${done}]`, `${target.host}${proxy ? '（代理）' : ''}：在 [${done}] 之后失败`),
    };
  }
}
