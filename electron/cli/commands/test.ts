import { parseArgs } from 'node:util';
import { chatIdPrefix, isChatId } from '../../../shared/chats.js';
import { channelDef, CHANNEL_IDS, isChannelId } from '../../../shared/catalog/channels.js';
import { text } from '../../../shared/i18n-text.js';
import { createAppServices } from '../../services/app.js';
import type { CliCommand, CliIO } from '../command.js';
import { formatDiagnosticRun } from '../diagnostic-run.js';

export const testCommand: CliCommand = {
  name: 'test',
  summary: 'Credential test of a channel: config, host, token, permission, and optionally a real test message',
  usage: `channel-desk test <${CHANNEL_IDS.join('|')}> [--to <mobile|email> | --chat <chat id>] [--json] [--data-dir D]`,
  async run(args, global, io: CliIO): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: { to: { type: 'string' }, chat: { type: 'string' }, json: { type: 'boolean' } },
        strict: true,
        allowPositionals: true,
      });
    } catch (err) {
      io.err((err as Error).message);
      io.err(`Usage: ${testCommand.usage}`);
      return 2;
    }
    const [channel, ...rest] = parsed.positionals;
    if (!channel || rest.length > 0 || !isChannelId(channel)) {
      io.err(`Usage: ${testCommand.usage}`);
      return 2;
    }
    const { to, chat } = parsed.values;
    if (to !== undefined && chat !== undefined) {
      io.err('Give --to (a person) or --chat (a group chat), not both.');
      io.err(`Usage: ${testCommand.usage}`);
      return 2;
    }
    if (chat !== undefined && !isChatId(channel, chat)) {
      io.err(`A ${channelDef(channel).name.en} chat id starts with "${chatIdPrefix(channel)}" and has only letters, digits and _ - + / =.`);
      return 2;
    }
    const services = await createAppServices({ dataDir: global.dataDir, mode: 'cli' });
    try {
      // A chat id is a recipient the credential test recognises by its prefix (oc_… / cid…).
      const run = await services.credentialTests.run(channel, chat ?? to, undefined, io.signal);
      if (parsed.values.json) io.out(JSON.stringify(run));
      else {
        const name = channelDef(channel).name;
        const to = run.to ? ` → ${run.to}` : '';
        const heading = text(`Credential test: ${name.en}${to}`, `凭据测试: ${name.zh}${to}`);
        for (const line of formatDiagnosticRun(heading, run, io.lang)) io.out(line);
      }
      return run.state === 'passed' ? 0 : 1;
    } finally {
      await services.close();
    }
  },
};
