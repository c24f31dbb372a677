import { parseArgs } from 'node:util';
import { text } from '../../../shared/i18n-text.js';
import { createAppServices } from '../../services/app.js';
import type { CliCommand, CliIO } from '../command.js';
import { formatDiagnosticRun } from '../diagnostic-run.js';

export const dmsCommand: CliCommand = {
  name: 'dms',
  summary: 'DMS OpenAPI connection: `dms test` checks endpoint, AccessKey, RAM permission and tenant',
  usage: 'channel-desk dms test [--json] [--data-dir D]',
  async run(args, global, io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true, allowPositionals: true });
    if (positionals.length !== 1 || positionals[0] !== 'test') {
      io.err(`Usage: ${dmsCommand.usage}`);
      return 2;
    }
    const services = await createAppServices({ dataDir: global.dataDir, mode: 'cli' });
    try {
      const run = await services.dms.tests.run(io.signal);
      if (values.json) io.out(JSON.stringify(run));
      else {
        const heading = text(`DMS connection test: ${run.endpoint ?? ''}`, `DMS 连接测试: ${run.endpoint ?? ''}`);
        for (const line of formatDiagnosticRun(heading, run, io.lang)) io.out(line);
      }
      return run.state === 'passed' ? 0 : 1;
    } finally {
      await services.close();
    }
  },
};
