import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/errors.js';
import { importSummaryText } from '../../../shared/config-import-summary.js';
import { pick, text } from '../../../shared/i18n-text.js';
import { createAppServices } from '../../services/app.js';
import type { CliCommand } from '../command.js';

const USAGE = 'channel-desk config import <file> | channel-desk config export [file]  [--data-dir D]';

const usageError = (why: string): AppError => new AppError('BAD_INPUT', text(why, why), { fix: text(`Usage: ${USAGE}`, `用法：${USAGE}`) });

/** Writes via a temporary file and rename, so an interrupted export never leaves half a file. */
function writeFileAtomic(file: string, data: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * `channel-desk config import <file>` / `config export [file]`: the configuration as a file, for
 * scripts and for moving a setup. Export goes to stdout without a file; it never contains a secret.
 */
export const configCommand: CliCommand = {
  name: 'config',
  summary: 'Import or export the configuration file (channels, users, rules; secrets are never exported)',
  usage: USAGE,
  async run(args, global, io) {
    const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
    const [action, file, ...extra] = positionals;
    if (extra.length > 0) throw usageError(`Unexpected argument: ${extra[0]}`);
    if (action !== 'import' && action !== 'export') throw usageError('Choose "config import <file>" or "config export [file]".');
    if (action === 'import' && !file) throw usageError('config import needs the file to read.');

    let input: string | undefined;
    if (action === 'import' && file) {
      try {
        input = fs.readFileSync(file, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'error';
        throw new AppError('NOT_FOUND', text(`Cannot read ${file} (${code}).`, `无法读取 ${file}（${code}）。`));
      }
    }

    const services = await createAppServices({ dataDir: global.dataDir, mode: 'cli' });
    try {
      if (input !== undefined) {
        const r = await services.config.importText(input);
        io.out(pick(importSummaryText(r), io.lang));
        return 0;
      }
      const out = services.config.exportText();
      if (file) {
        writeFileAtomic(file, out);
        io.out(io.lang === 'zh-CN' ? `已导出到 ${file}（不含任何密钥）。` : `Exported to ${file} (contains no secrets).`);
      } else {
        io.out(out.trimEnd());
      }
      return 0;
    } finally {
      await services.close();
    }
  },
};
