import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { METHOD_NAMES } from '../shared/contract/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles electron/preload.cts into one CommonJS file (a sandboxed preload may only require
 * 'electron'). The contract's method names are baked in here, at build time, so the preload needs
 * neither zod nor the schemas at run time.
 */
export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  define: { __CHANNEL_DESK_METHODS__: JSON.stringify(METHOD_NAMES) },
  build: {
    outDir: path.join(root, 'dist', 'electron'),
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: path.join(root, 'electron', 'preload.cts'),
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rolldownOptions: { external: ['electron'] },
  },
});
