import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : tsFiles(p);
    return /\.c?ts$/.test(e.name) ? [p] : [];
  });
}

/** Module specifiers of static imports, re-exports, dynamic imports and require() calls. */
function specifiers(source: string): string[] {
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
  return [...source.matchAll(re)].map((m) => m[1] ?? '');
}

/** Modules that load Electron: plain-Node code must not touch them. */
const ELECTRON_ONLY = /^(electron|electron-store)(\/|$)/;

describe('process boundaries', () => {
  it('the specifier scanner sees every import form', () => {
    expect(
      specifiers(
        `import { app } from 'electron';\nimport type X from "electron/main";\nconst s = await import('electron-store');\nrequire('electron');\nimport 'side-effect';`,
      ),
    ).toEqual(['electron', 'electron/main', 'electron-store', 'electron', 'side-effect']);
  });

  it('electron/services/** never imports electron (it runs headless, in the CLI and in tests)', () => {
    const offenders = tsFiles(path.join(here, 'services')).flatMap((f) =>
      specifiers(readFileSync(f, 'utf8'))
        .filter((s) => ELECTRON_ONLY.test(s))
        .map((s) => `${path.relative(here, f)}: ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the shell modules that services and the CLI share import no Electron at all', () => {
    for (const file of [
      'services/csp.ts',
      'data-dir.ts',
      'services/package-root.ts',
      'tray-model.ts',
      'lifecycle.ts',
      'ipc-channel.ts',
      'cli/main.ts',
      'cli/commands/serve.ts',
    ]) {
      const imports = specifiers(readFileSync(path.join(here, file), 'utf8'));
      expect(
        imports.filter((s) => ELECTRON_ONLY.test(s)),
        file,
      ).toEqual([]);
    }
  });

  it('window.ts and ipc.ts use Electron for types only (pure, unit-tested)', () => {
    for (const file of ['window.ts', 'ipc.ts', 'open-external.ts']) {
      const source = readFileSync(path.join(here, file), 'utf8');
      const valueImports = [...source.matchAll(/^import\s+(?!type\b)[^;]*from\s+['"](electron[^'"]*)['"]/gm)].map((m) => m[1]);
      expect(valueImports, file).toEqual([]);
    }
  });
});
