import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { z } from 'zod';

export interface InitialBundle {
  readonly files: readonly { readonly file: string; readonly bytes: number; readonly gzip: number; readonly brotli: number }[];
  readonly bytes: number;
  readonly gzip: number;
  /** As sent to a browser: the precompressed `.br` files the server answers with (Accept-Encoding: br). */
  readonly brotli: number;
}

const manifestSchema = z.record(
  z.string(),
  z.object({ file: z.string(), isEntry: z.boolean().optional(), imports: z.array(z.string()).optional(), dynamicImports: z.array(z.string()).optional() }),
);

/**
 * The JavaScript files a first visit runs before the app can paint its shell, from the build's chunk
 * graph (.vite/manifest.json): the entry, what the entry itself imports dynamically to start the app
 * (it waits for the static shell's first frame), and every static import of those. The lazy page chunks,
 * imported by the router, are not counted.
 */
export function initialFiles(uiDir: string): string[] {
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(path.join(uiDir, '.vite', 'manifest.json'), 'utf8')));
  const entries = Object.keys(manifest).filter((k) => manifest[k]!.isEntry);
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of manifest[key]?.imports ?? []) visit(dep);
  };
  for (const e of entries) {
    visit(e);
    for (const dyn of manifest[e]!.dynamicImports ?? []) visit(dyn);
  }
  return [...seen].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
}

/** The `.br` file the build wrote beside `file`, else the same compression done here. */
function brotliSize(uiDir: string, file: string, body: Buffer): number {
  try {
    return readFileSync(path.join(uiDir, `${file}.br`)).length;
  } catch {
    return brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
}

/** Sizes of the initial files as built: raw, gzip at level 9 (a client without brotli) and brotli (as sent). */
export function initialBundle(uiDir: string): InitialBundle {
  const files = initialFiles(uiDir).map((file) => {
    const body = readFileSync(path.join(uiDir, file));
    return { file, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length, brotli: brotliSize(uiDir, file, body) };
  });
  return {
    files,
    bytes: files.reduce((s, f) => s + f.bytes, 0),
    gzip: files.reduce((s, f) => s + f.gzip, 0),
    brotli: files.reduce((s, f) => s + f.brotli, 0),
  };
}

/** Brotli size of a built file (the `.br` beside it). */
function sentSize(uiDir: string, file: string): number {
  return brotliSize(uiDir, file, readFileSync(path.join(uiDir, file)));
}

/**
 * What index.html makes the browser run or load before it can paint, and before the app's first render:
 * `blocking` are the classic scripts without async/defer (they hold back the first paint, and with it the static
 * shell); `preloaded` the module entry and every `<link rel="modulepreload">` (the app's start and first screen).
 * Sizes as sent (brotli).
 */
export function htmlScripts(uiDir: string): { blocking: number; preloaded: number; preloadedFiles: number } {
  const html = readFileSync(path.join(uiDir, 'index.html'), 'utf8');
  const local = (src: string) => src.replace(/^\.\//, '');
  const tags = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
  const blocking = tags
    .filter((a) => !/\btype="module"|\basync\b|\bdefer\b/.test(a))
    .flatMap((a) => /\bsrc="([^"]+)"/.exec(a)?.[1] ?? [])
    .map(local);
  const modules = tags.filter((a) => /\btype="module"/.test(a)).flatMap((a) => /\bsrc="([^"]+)"/.exec(a)?.[1] ?? []);
  const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1] ?? '');
  const preloaded = [...new Set([...modules, ...preloads].map(local))];
  return {
    blocking: blocking.reduce((sum, f) => sum + sentSize(uiDir, f), 0),
    preloaded: preloaded.reduce((sum, f) => sum + sentSize(uiDir, f), 0),
    preloadedFiles: preloaded.length,
  };
}
