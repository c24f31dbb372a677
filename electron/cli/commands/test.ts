import { parseArgs } from 'node:util';
import { channelDef, CHANNEL_IDS, isChannelId } from '../../../shared/catalog/channels.js';
import type { CredtestRun, StepStatus } from '../../../shared/contract/credtest.js';
import { pick, type Language } from '../../../shared/i18n-text.js';
import { createAppServices } from '../../services/app.js';
import { STEP_NAMES } from '../../services/credential-test/credential-test.js';
import type { CliCommand, CliIO } from '../command.js';

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const MARK: Record<StepStatus, string> = { pending: '·', running: '…', pass: '✓', fail: '✗', skipped: '-' };


/** One line per step, with diagnosis, fix and console page under a failed one; warnings; result. */
export function formatCredtestRun(run: CredtestRun, lang: Language): string[] {
  const zh = lang === 'zh-CN';
  const def = channelDef(run.channel);
  const lines = [`${zh ? '凭据测试' : 'Credential test'}: ${pick(def.name, lang)}${run.to ? ` → ${run.to}` : ''}`];
  for (const s of run.steps) {
    const ms = s.durationMs === null ? '' : ` (${s.durationMs} ms)`;
    const detail = s.detail ? ` — ${pick(s.detail, lang)}` : '';
    lines.push(`  ${MARK[s.status]} ${capitalize(pick(STEP_NAMES[s.id], lang))}${ms}${detail}`);
    if (s.diagnosis) lines.push(`      ${pick(s.diagnosis, lang)}${s.code ? ` [${s.code}]` : ''}`);
    if (s.fix) lines.push(`      ${zh ? '解决方法：' : 'Fix: '}${pick(s.fix, lang)}`);
    if (s.consoleUrl && s.status === 'fail') lines.push(`      ${zh ? '打开：' : 'Open: '}${s.consoleUrl}`);
  }
  for (const w of run.warnings) {
    lines.push(`  ! ${pick(w.message, lang)}`);
    if (w.fix) lines.push(`      ${pick(w.fix, lang)}`);
  }
  lines.push(run.ok ? (zh ? '通过。' : 'Passed.') : run.cancelled ? (zh ? '已取消。' : 'Cancelled.') : zh ? '失败。' : 'Failed.');
  return lines;
}

export const testCommand: CliCommand = {
  name: 'test',
  summary: 'Credential test of a channel: config, host, token, permission, and optionally a real test message',
  usage: `channel-desk test <${CHANNEL_IDS.join('|')}> [--to <mobile|email>] [--json] [--data-dir D]`,
  async run(args, global, io: CliIO): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({ args, options: { to: { type: 'string' }, json: { type: 'boolean' } }, strict: true, allowPositionals: true });
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
    const services = await createAppServices({ dataDir: global.dataDir, mode: 'cli' });
    try {
      const run = await services.credentialTests.run(channel, parsed.values.to, undefined, io.signal);
      if (parsed.values.json) io.out(JSON.stringify(run));
      else for (const line of formatCredtestRun(run, io.lang)) io.out(line);
      return run.ok ? 0 : 1;
    } finally {
      await services.close();
    }
  },
};
