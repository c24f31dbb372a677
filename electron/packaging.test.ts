import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_ID, PRODUCT_NAME } from './app-identity.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// js-yaml ships with electron-builder, which reads this same file.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(source: string): unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string };
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  win: { target: Array<{ target: string }>; icon: string };
  mac: { target: Array<{ target: string }>; icon: string };
  linux: { target: string[]; category: string; icon: string };
}

const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { productName: string; main: string };

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it('uses the app identity the main process uses', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(pkg.productName).toBe(PRODUCT_NAME);
    expect(config.directories.output).toBe('release');
  });

  it('ships the build output and the main entry', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json', 'node_modules/**/*']));
    expect(pkg.main).toBe('dist/electron/main.js');
  });

  it('unpacks native modules from the asar', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', '**/node_modules/keytar/**', '**/node_modules/better-sqlite3/**']));
  });

  it('flips the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('targets NSIS, DMG, AppImage and deb', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Utility');
  });

  it('points at real icons of the right sizes', () => {
    expect(pngSize(path.join(root, config.win.icon))).toEqual([512, 512]);
    expect(pngSize(path.join(root, config.mac.icon))).toEqual([512, 512]);
    for (const size of [256, 512]) expect(pngSize(path.join(root, config.linux.icon, `${size}x${size}.png`))).toEqual([size, size]);
    for (const state of ['ok', 'sending', 'failures', 'paused']) {
      expect(pngSize(path.join(root, 'build', `tray-${state}.png`))).toEqual([16, 16]);
      expect(existsSync(path.join(root, 'build', `tray-${state}@2x.png`))).toBe(true);
    }
  });
});
