import { gzipSync } from 'node:zlib';
import { readStaticFile, type StaticFile } from './static-files.js';

/**
 * How a built UI file goes over the wire: caching by kind of file and, when the client accepts it,
 * a compressed body. Shared by the headless server and the Electron `app://` handler.
 */

/** Vite's content-hashed output (`assets/<name>-<8 chars>.<ext>`): a new build gets new names. */
const HASHED_ASSET = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Hashed assets forever; everything else (index.html, favicon) revalidated on each load. */
export const cacheControlFor = (pathname: string): string => (HASHED_ASSET.test(pathname) ? IMMUTABLE : 'no-cache');

const COMPRESSIBLE = /^(text\/|application\/json|image\/svg\+xml)/;

export type Encoding = 'br' | 'gzip';

/** The best encoding the client accepts (br before gzip); q=0 refuses one. */
export function negotiateEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (e: string) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/** gzip made on the fly for files the build did not precompress; kept while the file is unchanged. */
const gzipCache = new Map<string, { readonly version: string; readonly body: Buffer }>();

function onTheFlyGzip(file: StaticFile): Buffer {
  const version = `${file.mtimeMs}:${file.body.length}`;
  const hit = gzipCache.get(file.realPath);
  if (hit?.version === version) return hit.body;
  const body = gzipSync(file.body, { level: 6 });
  gzipCache.set(file.realPath, { version, body });
  return body;
}

export interface StaticReply {
  readonly body: Buffer;
  readonly headers: Record<string, string>;
}

/**
 * The reply for one pathname, or null when it is not served (same resolver and refusals as
 * readStaticFile). Precompressed siblings written by the build (`x.js.br`, `x.js.gz`) are preferred;
 * they go through the same resolver, so they cannot lead outside the UI folder either.
 */
export async function staticReply(root: string, pathname: string, acceptEncoding: string | undefined): Promise<StaticReply | null> {
  const file = await readStaticFile(root, pathname);
  if (!file) return null;
  const headers: Record<string, string> = {
    'Content-Type': file.contentType,
    'Cache-Control': cacheControlFor(pathname),
  };
  const encoding = COMPRESSIBLE.test(file.contentType) ? negotiateEncoding(acceptEncoding) : null;
  if (!encoding) return { body: file.body, headers };
  // Caches must keep the encodings apart.
  headers['Vary'] = 'Accept-Encoding';
  const pre = await readStaticFile(root, `${pathname === '/' ? '/index.html' : pathname}.${encoding === 'br' ? 'br' : 'gz'}`);
  if (pre && pre.mtimeMs >= file.mtimeMs) return { body: pre.body, headers: { ...headers, 'Content-Encoding': encoding } };
  return { body: onTheFlyGzip(file), headers: { ...headers, 'Content-Encoding': 'gzip' } };
}
