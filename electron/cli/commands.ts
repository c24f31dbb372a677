import type { CliCommand } from './command.js';
import { approvalsCommand } from './commands/approvals.js';
import { configCommand } from './commands/config.js';
import { deliveriesCommand } from './commands/deliveries.js';
import { dmsCommand } from './commands/dms.js';
import { inboxUrlCommand } from './commands/inbox-url.js';
import { notifyCommand } from './commands/notify.js';
import { serveCommand } from './commands/serve.js';
import { statusCommand } from './commands/status.js';
import { testCommand } from './commands/test.js';
import { usersCommand } from './commands/users.js';
import { watchCommand } from './commands/watch.js';

/** Every CLI command; each lives in its own module under electron/cli/commands/. */
export const COMMANDS: readonly CliCommand[] = [
  serveCommand,
  dmsCommand,
  watchCommand,
  notifyCommand,
  inboxUrlCommand,
  testCommand,
  configCommand,
  usersCommand,
  statusCommand,
  deliveriesCommand,
  approvalsCommand,
];
