import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
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
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy }, injectTo: 'head-prepend' },
    ],
  };
}

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // Relative asset URLs: Electron loads the same build from its app:// / file:// origin.
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Ant Design is large; one vendor chunk is fine for a local app.
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
});
