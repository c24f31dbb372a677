import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type Rollup } from 'vite';
import { CSP_DIRECTIVES } from '../electron/services/csp.js';

/** Browsers ignore these in a <meta> CSP (and warn); the server sends them as headers. */
const HEADER_ONLY_DIRECTIVES = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/** The page carries the same CSP as the server's header (electron/csp.ts is the one source). */
function cspMeta(): Plugin {
  const policy = CSP_DIRECTIVES.filter(([d]) => !HEADER_ONLY_DIRECTIVES.has(d))
    .map(([d, s]) => `${d} ${s}`)
    .join('; ');
  return {
    name: 'channel-desk-csp-meta',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' }],
  };
}

/**
 * Writes `x.br` and `x.gz` beside every text file of the build, so the headless server sends them
 * without compressing on each request (electron/services/http/static-delivery.ts).
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'channel-desk-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.(js|css|html|svg|json)$/.test(entry.name)) continue;
        const file = path.join(entry.parentPath, entry.name);
        const body = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }));
      }
    },
  };
}

/**
 * `<link rel="modulepreload">` for the app's start chunk and everything it imports: main.tsx imports
 * start-app only after the boot screen's first frame (so that frame is not held back), but the
 * browser can fetch and parse those files meanwhile instead of starting then. Every other chunk (the
 * pages) gets `<link rel="prefetch">`: downloaded at idle priority once the page has loaded, run only
 * when visited, so a first visit does not wait for the network and the shell does not wait for pages.
 */
function preloadChunks(): Plugin {
  return {
    name: 'channel-desk-preload-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((c): c is Rollup.OutputChunk => c.type === 'chunk');
        const start = chunks.find((c) => c.facadeModuleId?.endsWith('/renderer/start-app.tsx'));
        if (!start) return [];
        const files = new Set<string>();
        const visit = (file: string): void => {
          if (files.has(file)) return;
          const chunk = chunks.find((c) => c.fileName === file);
          if (!chunk || chunk.isEntry) return;
          files.add(file);
          chunk.imports.forEach(visit);
        };
        visit(start.fileName);
        const link = (rel: string, file: string) => ({ tag: 'link', attrs: { rel, crossorigin: '', href: `./${file}` }, injectTo: 'head' as const });
        const later = chunks.filter((c) => !c.isEntry && !files.has(c.fileName)).map((c) => c.fileName);
        return [...[...files].map((f) => link('modulepreload', f)), ...later.map((f) => link('prefetch', f))];
      },
    },
  };
}

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Relative asset URLs: Electron loads the same build from its app:// / file:// origin.
  base: './',
  plugins: [react(), cspMeta(), preloadChunks(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Pages are lazy chunks (renderer/app/pages.tsx); the first-paint budget is checked by `npm run bench`.
    chunkSizeWarningLimit: 700,
    sourcemap: false,
    // .vite/manifest.json: the chunk graph, from which `npm run bench` and the e2e suite know the initial JS.
    manifest: true,
  },
});
