import type { AppError } from '../shared/errors.js';
import { pick, type Language } from '../shared/i18n-text.js';
import { namesItsPlace } from '../shared/validation-text.js';

// What both entries (the Electron main process and the CLI) need from the command line and for
// showing an error; here so that the Electron entry does not depend on the CLI entry.

export interface GlobalArgs {
  dataDir?: string;
  lang?: string;
  rest: string[];
  problem?: string;
}

const GLOBAL_VALUE_OPTIONS = { '--data-dir': 'dataDir', '--lang': 'lang' } as const;

/**
 * Pulls --data-dir and --lang (either `--x v` or `--x=v`) from anywhere before `--`, so they work on
 * both sides of the command name (`channel-desk serve --data-dir D` and `channel-desk --data-dir D serve`).
 */
export function splitGlobalOptions(argv: readonly string[]): GlobalArgs {
  const out: GlobalArgs = { rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      out.rest.push(...argv.slice(i));
      break;
    }
    const [flag, inline] = arg.startsWith('--') ? splitOnce(arg, '=') : [arg, undefined];
    const key = (GLOBAL_VALUE_OPTIONS as Record<string, 'dataDir' | 'lang' | undefined>)[flag];
    if (!key) {
      out.rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      out.problem = `${flag} needs a value`;
      break;
    }
    out[key] = value;
  }
  return out;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const at = s.indexOf(sep);
  return at < 0 ? [s, undefined] : [s.slice(0, at), s.slice(at + 1)];
}

/** An AppError as the admin reads it: message, field issues, and the fix. Never a stack trace. */
export function formatError(err: AppError, lang: Language): string[] {
  const zh = lang === 'zh-CN';
  const lines = [`${zh ? '错误' : 'Error'} [${err.code}]${zh ? '：' : ': '}${pick(err.text, lang)}`];
  for (const issue of err.issues ?? []) {
    lines.push(namesItsPlace(issue) ? `  ${pick(issue.message, lang)}` : `  ${issue.path || '(input)'}: ${pick(issue.message, lang)}`);
  }
  if (err.fix) lines.push(`${zh ? '解决方法：' : 'Fix: '}${pick(err.fix, lang)}`);
  return lines;
}
