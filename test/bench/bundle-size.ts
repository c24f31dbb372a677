import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface InitialBundle {
  readonly files: readonly { readonly file: string; readonly bytes: number; readonly gzip: number }[];
  readonly bytes: number;
  readonly gzip: number;
}

/**
 * The JavaScript a first visit must fetch before the app can paint: the entry script and every
 * `modulepreload` that the build wrote into index.html (Vite lists all static imports of the entry
 * there). Lazy page chunks are not counted. Sizes as built, gzip at level 9 (what the server sends).
 */
export function initialBundle(uiDir: string): InitialBundle {
  const html = readFileSync(path.join(uiDir, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) {
    const ref = m[1] ?? m[2];
    if (ref) refs.add(ref);
  }
  const files = [...refs].map((ref) => {
    const body = readFileSync(path.join(uiDir, ref));
    return { file: ref.replace(/^\.\//, ''), bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
  });
  return {
    files,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    gzip: files.reduce((s, f) => s + f.gzip, 0),
  };
}
