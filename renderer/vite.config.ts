import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type Rollup } from 'vite';
import { CSP_DIRECTIVES } from '../electron/services/csp.js';
import { staticShell, type MenuLocales } from './app/shell/static-shell.js';
import { antdModulesOf, appAntdImports, keepComponentCss, reachableStylePaths } from './build/antd-css.js';
import channels from './i18n/locales/channels.js';
import deliveries from './i18n/locales/deliveries.js';
import dms from './i18n/locales/dms.js';
import guide from './i18n/locales/guide.js';
import home from './i18n/locales/home.js';
import rules from './i18n/locales/rules.js';
import settings from './i18n/locales/settings.js';
import shell from './i18n/locales/shell.js';
import users from './i18n/locales/users.js';

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

/** The namespaces of the menu's labels (renderer/app/shell/nav.tsx). */
const MENU_LOCALES: MenuLocales = { channels, deliveries, dms, guide, home, rules, settings, shell, users };

/**
 * The app's shell as static HTML in index.html with its stylesheet inlined (renderer/app/shell/): the menu is on
 * screen with the first paint, before any script runs.
 */
function staticShellHtml(): Plugin {
  return {
    name: 'channel-desk-static-shell',
    transformIndexHtml(html) {
      const { html: shellHtml, css } = staticShell(MENU_LOCALES);
      const shellCss = readFileSync(fileURLToPath(new URL('./app/shell/shell.css', import.meta.url)), 'utf8');
      if (!html.includes('<!--static-shell-->')) throw new Error('index.html has no <!--static-shell--> placeholder');
      return {
        html: html.replace('<!--static-shell-->', shellHtml),
        tags: [{ tag: 'style', children: `${shellCss}\n${css}`, injectTo: 'head' }],
      };
    },
  };
}

/**
 * antd's prebuilt stylesheet reduced to the components the app's sources use (renderer/build/antd-css.ts): a
 * quarter less CSS for the browser to parse and match on the first render.
 */
function antdUsedCss(): Plugin {
  const antdDir = path.dirname(fileURLToPath(import.meta.resolve('antd/package.json')));
  return {
    name: 'channel-desk-antd-used-css',
    enforce: 'pre',
    load(id) {
      if (path.resolve(id) !== path.join(antdDir, 'dist', 'antd.css')) return null;
      const sources = readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.parentPath.includes(`${path.sep}build`))
        .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'));
      const { names, deep } = appAntdImports(sources);
      const entries = [...antdModulesOf(path.join(antdDir, 'es'), names), ...[...deep].map((d) => path.join(antdDir, d, 'index.js'))];
      const { css } = keepComponentCss(readFileSync(id, 'utf8'), reachableStylePaths(entries));
      return css;
    },
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
 * `<link rel="modulepreload">` for the app's start chunk and everything it imports (and a preload of their
 * CSS): main.tsx imports start-app only after the static shell's first frame (so that frame is not held
 * back), but the browser can fetch and parse those files meanwhile instead of starting then. Home's chunks are
 * not listed (main.tsx asks for them after the first paint: listed here, they held that paint back by ~100 ms on
 * 2 cores), nor the other pages' (the app loads them once it is idle, renderer/app/preload-pages.ts).
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
        /** `roots` and their static imports, except the entry. */
        const graph = (roots: readonly string[]): Set<string> => {
          const files = new Set<string>();
          const visit = (file: string): void => {
            if (files.has(file)) return;
            const chunk = chunks.find((c) => c.fileName === file);
            if (!chunk || chunk.isEntry) return;
            files.add(file);
            chunk.imports.forEach(visit);
          };
          roots.forEach(visit);
          return files;
        };
        const shell = graph([start.fileName]);
        // antd's stylesheet (start-app.tsx): fetched with the scripts; the app's import waits for it anyway.
        const shellCss = [...shell].flatMap((f) => [...(chunks.find((c) => c.fileName === f)?.viteMetadata?.importedCss ?? [])]);
        const link = (rel: string, file: string) => ({ tag: 'link', attrs: { rel, crossorigin: '', href: `./${file}` }, injectTo: 'head' as const });
        return [
          ...shellCss.map((f) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: '', href: `./${f}` }, injectTo: 'head' as const })),
          ...[...shell].map((f) => link('modulepreload', f)),
        ];
      },
    },
  };
}

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Relative asset URLs: Electron loads the same build from its app:// / file:// origin.
  base: './',
  plugins: [react(), cspMeta(), staticShellHtml(), antdUsedCss(), preloadChunks(), precompress()],
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
