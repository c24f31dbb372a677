import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageJson {
  readonly name?: unknown;
  readonly version?: unknown;
}

let found: { readonly root: string; readonly pkg: PackageJson } | undefined;

/**
 * Channel Desk's own package.json, found by walking up from this module: works from source
 * (electron/), from the build (dist/electron/) and inside the packaged app's asar.
 */
function ownPackage(): { readonly root: string; readonly pkg: PackageJson } {
  if (found) return found;
  const from = path.dirname(fileURLToPath(import.meta.url));
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as PackageJson;
      if (pkg.name === 'channel-desk') return (found = { root: dir, pkg });
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`channel-desk package.json not found above ${from}`);
    dir = parent;
  }
}

/** The package version (`channel-desk --version`, app.info). */
export function appVersion(): string {
  const { version } = ownPackage().pkg;
  return typeof version === 'string' ? version : '0.0.0';
}

/** The built UI (vite's output), under the package folder unless another root is given. */
export const builtUiDir = (root: string = ownPackage().root): string => path.join(root, 'dist', 'renderer');
