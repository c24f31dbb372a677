import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import { createAppServices } from '../../services/app.js';
import { knownInboxUrl } from '../../services/delivery/index.js';
import type { CliCommand, CliIO } from '../command.js';

/** `channel-desk inbox-url`: the URL to paste into DMS's custom-webhook setting. */
export const inboxUrlCommand: CliCommand = {
  name: 'inbox-url',
  summary: 'Print the DMS webhook URL of this install (POST /hooks/dms/<token>)',
  usage: 'channel-desk inbox-url [--origin http://host:port] [--data-dir D]',
  async run(args, global, io: CliIO): Promise<number> {
    const { values } = parseArgs({ args, options: { origin: { type: 'string' } }, strict: true, allowPositionals: false });
    const services = await createAppServices({ dataDir: global.dataDir, mode: 'cli' });
    try {
      const url = knownInboxUrl(services.settings, values.origin);
      if (url === null) {
        throw new AppError('NOT_FOUND', text('No inbox address is known yet.', '尚不知道收件箱的地址。'), {
          fix: text(
            'Start `channel-desk serve` (with --inbox-host/--inbox-port for DMS to reach it) once, or pass --origin http://host:port.',
            '请先运行一次 `channel-desk serve`（如需 DMS 访问，请加 --inbox-host/--inbox-port），或传入 --origin http://host:port。',
          ),
        });
      }
      io.out(url);
      return 0;
    } finally {
      await services.close();
    }
  },
};
