import os from 'node:os';
import { AppError } from '../../shared/errors.js';
import { pick, text, type Language } from '../../shared/i18n-text.js';
import { appVersion } from '../services/package-root.js';
import { loggableError } from '../services/log/loggable-error.js';
import { languageFromEnv, parseLanguage, resolveDataDir, type PlatformInfo } from '../data-dir.js';
import { formatError, splitGlobalOptions } from '../global-options.js';
import type { CliCommand, CliIO } from './command.js';
import { COMMANDS } from './commands.js';
import { promptVaultPassphrase } from './vault-prompt.js';

/** Exit codes: 0 success, 1 a failure the admin must act on, 2 bad usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export interface CliRuntime {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly platform: NodeJS.Platform;
  readonly home: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly signal: AbortSignal;
  readonly commands?: readonly CliCommand[];
  readonly version?: string;
}

function helpText(commands: readonly CliCommand[], lang: Language): string[] {
  const zh = lang === 'zh-CN';
  const width = Math.max(0, ...commands.map((c) => c.name.length));
  return [
    zh ? '用法：channel-desk [全局选项] <命令> [参数]' : 'Usage: channel-desk [global options] <command> [arguments]',
    '',
    zh ? '命令：' : 'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    zh ? '全局选项：' : 'Global options:',
    zh
      ? '  --data-dir <目录>  数据文件夹（也可用环境变量 CHANNEL_DESK_DATA_DIR；默认为每用户数据文件夹）'
      : '  --data-dir <dir>   data folder (or CHANNEL_DESK_DATA_DIR; default: the per-user data folder)',
    zh ? '  --lang en|zh       输出语言（默认取自 LC_ALL / LANG）' : '  --lang en|zh       output language (default from LC_ALL / LANG)',
    zh ? '  --help, -h         显示帮助' : '  --help, -h         show help',
    zh ? '  --version          显示版本' : '  --version          show the version',
    '',
    zh ? '查看某个命令的帮助：channel-desk help <命令>' : 'Help for one command: channel-desk help <command>',
  ];
}

const commandHelp = (c: CliCommand): string[] => [`Usage: ${c.usage}`, '', c.summary];

const isHelpFlag = (a: string): boolean => a === '--help' || a === '-h';

/** Runs one CLI invocation and returns its exit code; everything it touches comes from `rt`. */
export async function runCli(rt: CliRuntime): Promise<number> {
  const commands = rt.commands ?? COMMANDS;
  const global = splitGlobalOptions(rt.argv);
  let lang = languageFromEnv(rt.env);
  if (global.lang !== undefined) {
    const parsed = parseLanguage(global.lang);
    if (!parsed) {
      rt.err(`--lang must be en or zh (got ${JSON.stringify(global.lang)})`);
      return EXIT.usage;
    }
    lang = parsed;
  }
  if (global.problem) {
    rt.err(global.problem);
    return EXIT.usage;
  }

  const [name, ...args] = global.rest;
  if (name === undefined || isHelpFlag(name) || (name === 'help' && args.length === 0)) {
    helpText(commands, lang).forEach((l) => rt.out(l));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version') {
    rt.out(rt.version ?? 'unknown');
    return EXIT.ok;
  }
  const target = name === 'help' ? args[0] : name;
  const command = commands.find((c) => c.name === target);
  if (!command) {
    rt.err(
      lang === 'zh-CN' ? `未知命令：${target}。运行 channel-desk --help 查看命令列表。` : `Unknown command: ${target}. Run channel-desk --help for the list.`,
    );
    return EXIT.usage;
  }
  if (name === 'help' || args.some(isHelpFlag)) {
    commandHelp(command).forEach((l) => rt.out(l));
    return EXIT.ok;
  }

  const info: PlatformInfo = { platform: rt.platform, env: rt.env, home: rt.home };
  const io: CliIO = { out: rt.out, err: rt.err, lang, signal: rt.signal };
  try {
    return await command.run(args, { dataDir: resolveDataDir(global.dataDir, info, rt.cwd) }, io);
  } catch (err) {
    if (err instanceof AppError) {
      formatError(err, lang).forEach((l) => rt.err(l));
      return EXIT.failure;
    }
    // node:util parseArgs rejects unknown or malformed options: bad usage, not a bug.
    if (String((err as NodeJS.ErrnoException | undefined)?.code).startsWith('ERR_PARSE_ARGS')) {
      rt.err((err as Error).message);
      rt.err(`Usage: ${command.usage}`);
      return EXIT.usage;
    }
    // A bug, not an expected failure: the stack helps the report (scrubbed, never the raw object).
    rt.err(pick(text('Unexpected internal error:', '意外的内部错误：'), lang));
    rt.err(loggableError(err, { stack: true }));
    return EXIT.failure;
  }
}

/**
 * The process edge: real argv, env and streams. SIGINT/SIGTERM abort the command's signal so it can
 * clean up; a second signal exits at once.
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await promptVaultPassphrase(process.env, process.stdin, process.stderr);
    return await runCli({
      argv,
      env: process.env,
      cwd: process.cwd(),
      platform: process.platform,
      home: os.homedir(),
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      signal: controller.signal,
      version: appVersion(),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
