import { parseArgs } from 'node:util';
import type { DmsTestRun } from '../../../shared/contract/dms.js';
import { pick, type Language } from '../../../shared/i18n-text.js';
import { createAppServices } from '../../services/app.js';
import type { CliCommand, CliIO } from '../command.js';

const MARK: Record<DmsTestRun['steps'][number]['status'], string> = {
  pending: '·',
  running: '…',
  pass: '✓',
  fail: '✗',
  skipped: '-',
};

/** The test run as lines: one per step, with diagnosis and fix under a failed one. */
export function formatDmsTestRun(run: DmsTestRun, lang: Language): string[] {
  const zh = lang === 'zh-CN';
  const lines = [`${zh ? 'DMS 连接测试' : 'DMS connection test'}: ${run.endpoint ?? ''}`];
  for (const s of run.steps) {
    const ms = s.durationMs === null ? '' : ` (${s.durationMs} ms)`;
    const detail = s.detail ? ` — ${pick(s.detail, lang)}` : '';
    lines.push(`  ${MARK[s.status]} ${pick(s.title, lang)}${ms}${detail}`);
    if (s.diagnosis) lines.push(`      ${pick(s.diagnosis, lang)}${s.code ? ` [${s.code}]` : ''}${s.requestId ? ` RequestId ${s.requestId}` : ''}`);
    if (s.fix) lines.push(`      ${zh ? '解决方法：' : 'Fix: '}${pick(s.fix, lang)}`);
  }
  lines.push(run.state === 'passed' ? (zh ? '通过。' : 'Passed.') : run.state === 'cancelled' ? (zh ? '已取消。' : 'Cancelled.') : zh ? '失败。' : 'Failed.');
  return lines;
}

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
      else for (const line of formatDmsTestRun(run, io.lang)) io.out(line);
      return run.state === 'passed' ? 0 : 1;
    } finally {
      await services.close();
    }
  },
};
