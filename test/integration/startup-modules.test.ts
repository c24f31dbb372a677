import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The `node_modules` packages a fresh Node process has loaded once it has imported `entry` (a built module). */
function packagesLoadedBy(entry: string, thenImport?: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(${JSON.stringify(`${ROOT}/`)});
    await import(${JSON.stringify(path.join(ROOT, entry))});
    ${thenImport ? `await import(${JSON.stringify(thenImport)});` : ''}
    const names = Object.keys(require.cache).map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f)?.[1]).filter(Boolean);
    process.stdout.write(JSON.stringify([...new Set(names)]));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as string[];
}

describe('what every start of the CLI and the service loads', () => {
  it('leaves out the Feishu SDK (~270 ms of CPU): it loads with the first approve-from-chat long connection', () => {
    const cli = 'dist/electron/cli/main.js';
    expect(packagesLoadedBy(cli)).not.toContain('@larksuiteoapi/node-sdk');
    // The check sees the SDK once something loads it.
    expect(packagesLoadedBy(cli, '@larksuiteoapi/node-sdk')).toContain('@larksuiteoapi/node-sdk');
  });
});
