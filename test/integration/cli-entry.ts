// `channel-desk` from the sources (run with `node --import tsx`), for tests that must SIGKILL a real
// process without a build: `serve` gets the UI folder from CHANNEL_DESK_TEST_UI_DIR.
import os from 'node:os';
import { COMMANDS } from '../../electron/cli/commands.js';
import { createServeCommand } from '../../electron/cli/commands/serve.js';
import { runCli } from '../../electron/cli/main.js';

const controller = new AbortController();
process.on('SIGTERM', () => controller.abort('SIGTERM'));
const uiDir = process.env.CHANNEL_DESK_TEST_UI_DIR;
const code = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  platform: process.platform,
  home: os.homedir(),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  signal: controller.signal,
  commands: [createServeCommand({ ...(uiDir ? { uiDir } : {}), stdoutIsTTY: () => false }), ...COMMANDS.filter((c) => c.name !== 'serve')],
});
process.exit(code);
