import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The built UI (dist/renderer) as files: one resolver shared by the headless HTTP server and the
 * Electron `app://` protocol, so both refuse the same paths.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const contentTypeFor = (file: string): string => CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

/**
 * Maps a URL pathname to a file under root, or null when it must not be served: undecodable, NUL or
 * backslash, `.`/`..`/dot-file segments, a directory path, or anything resolving outside root.
 */
export function staticPathFor(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded === '/') decoded = '/index.html';
  if (decoded.endsWith('/')) return null;
  const segments = decoded.slice(1).split('/');
  if (segments.some((s) => s === '' || s.startsWith('.'))) return null;
  const full = path.resolve(root, ...segments);
  const rel = path.relative(path.resolve(root), full);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return full;
}

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
  /** The resolved file (symlinks followed) and its modification time: keys for derived copies. */
  readonly realPath: string;
  readonly mtimeMs: number;
}

/** Reads the file a pathname names, or null (not found, not a file, or a symlink leaving root). */
export async function readStaticFile(root: string, pathname: string): Promise<StaticFile | null> {
  const file = staticPathFor(root, pathname);
  if (!file) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    const rel = path.relative(realRoot, realFile);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
    const info = await stat(realFile);
    if (!info.isFile()) return null;
    return { body: await readFile(realFile), contentType: contentTypeFor(realFile), realPath: realFile, mtimeMs: info.mtimeMs };
  } catch {
    return null;
  }
}
