import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Channel Desk's package.json, found by walking up from this module: works from
 * source (electron/), from the build (dist/electron/) and inside the packaged app's asar.
 */
export function packageRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown };
      if (pkg.name === 'channel-desk') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`channel-desk package.json not found above ${from}`);
    dir = parent;
  }
}

/** The built UI (vite's output). */
export const builtUiDir = (root: string = packageRoot()): string => path.join(root, 'dist', 'renderer');
