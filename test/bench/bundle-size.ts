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
 * The JavaScript files the app starts with, from the build's chunk graph (.vite/manifest.json): the entry,
 * what the entry itself imports dynamically to start the app and its first page (after the static shell's
 * first frame), and every static import of those. The other pages' chunks, loaded later, are not counted, nor
 * the contract's schema groups the entry can load (renderer/api/method-schemas.ts): each comes with a first call.
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
    // The app's own modules (`start-app.tsx`, `pages/home/HomePage.tsx`); the contract's groups are shared code
    // (`../shared/contract/…`, or `_name-hash.js` when pages import them too).
    for (const dyn of manifest[e]!.dynamicImports ?? []) if (!dyn.startsWith('_') && !dyn.startsWith('../')) visit(dyn);
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

/** What index.html makes the browser run before it can paint (and so before the static shell): its classic scripts without async or defer, as sent (brotli). */
export function blockingScripts(uiDir: string): number {
  const html = readFileSync(path.join(uiDir, 'index.html'), 'utf8');
  return [...html.matchAll(/<script\b([^>]*)>/g)]
    .map((m) => m[1] ?? '')
    .filter((attrs) => !/\btype="module"|\basync\b|\bdefer\b/.test(attrs))
    .flatMap((attrs) => /\bsrc="\.?\/?([^"]+)"/.exec(attrs)?.[1] ?? [])
    .reduce((sum, file) => sum + brotliSize(uiDir, file, readFileSync(path.join(uiDir, file))), 0);
}
