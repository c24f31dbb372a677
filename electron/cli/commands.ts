import type { CliCommand } from './command.js';

/** Every CLI command; each lives in its own module under electron/cli/commands/. */
export const COMMANDS: readonly CliCommand[] = [];
