#!/usr/bin/env node
// The `channel-desk` command: runs the CLI from the build output (npm run build:main → dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../dist/electron/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write(`Channel Desk is not built yet (${entry} is missing).\n` + 'Fix: run `npm run build` in the Channel Desk folder, then try again.\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
// Exit explicitly: a command has closed what it opened; a stray timer must not keep the process alive.
process.exit(await main(process.argv.slice(2)));
