#!/usr/bin/env node
// `npm start` / scripts/run.sh after the build: the Electron window where Electron can run here,
// otherwise headless mode (`channel-desk serve`) with one line saying why. Arguments go to the app,
// e.g. `node scripts/start.js --port 4870 --data-dir ./data`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/**
 * The Electron binary's path, or the reason there is none. Reads electron's path.txt itself instead of
 * `require('electron')`, which would try to download the binary when it is missing.
 */
function findElectron() {
  let pkgDir;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return { reason: 'the Electron binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD)' };
  const rel = readFileSync(pathFile, 'utf8').trim();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? path.join(override, rel || 'electron') : path.join(pkgDir, 'dist', rel);
  if (!existsSync(binary)) return { reason: `the Electron binary is missing at ${binary}` };
  return { binary };
}

function displayProblem() {
  if (process.env.CHANNEL_DESK_HEADLESS === '1') return 'CHANNEL_DESK_HEADLESS=1';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display: DISPLAY and WAYLAND_DISPLAY are unset';
  return null;
}

async function runHeadless() {
  const entry = path.join(root, 'dist', 'electron', 'cli', 'main.js');
  if (!existsSync(entry)) {
    process.stderr.write(`Channel Desk is not built yet (${entry} is missing).\nFix: run \`npm run build\`, then try again.\n`);
    process.exit(1);
  }
  // In-process, so Ctrl+C reaches `serve` exactly once and it shuts down cleanly.
  const { main } = await import(pathToFileURL(entry).href);
  process.exit(await main(['serve', ...args]));
}

function runElectron(binary) {
  // ELECTRON_RUN_AS_NODE would turn the app into a plain Node process.
  const { ELECTRON_RUN_AS_NODE: _runAsNode, ...env } = process.env;
  const child = spawn(binary, [root, ...args], { stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('error', (err) => {
    process.stderr.write(`Electron could not start (${err.message}): starting headless mode\n`);
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    void runHeadless();
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = findElectron();
const problem = electron.binary ? displayProblem() : electron.reason;
if (problem) {
  process.stderr.write(`Electron is not available here (${problem}): starting headless mode\n`);
  await runHeadless();
} else {
  runElectron(electron.binary);
}
