import type { Language } from '../../shared/i18n-text.js';

/** Where a command writes; tests pass buffers, the real CLI passes the process streams. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  readonly lang: Language;
  /** Set on SIGINT/SIGTERM: long-running commands stop and clean up. */
  readonly signal: AbortSignal;
}

export interface GlobalOptions {
  /** --data-dir, else CHANNEL_DESK_DATA_DIR, else the per-user default. */
  readonly dataDir: string;
}

/**
 * One `channel-desk <name> ...` command. `run` parses its own arguments (node:util parseArgs) and
 * returns the exit code: 0 success, 1 failure the admin must act on, 2 bad usage.
 */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: string[], global: GlobalOptions, io: CliIO): Promise<number>;
}
