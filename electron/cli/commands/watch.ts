import { parseArgs } from 'node:util';
import { pick } from '../../../shared/i18n-text.js';
import { createAppServices } from '../../services/app.js';
import type { PollSummary } from '../../services/dms/watcher.js';
import type { CliCommand, CliIO } from '../command.js';

function report(summary: PollSummary, io: CliIO): void {
  const zh = io.lang === 'zh-CN';
  if (summary.baseline) {
    io.out(
      zh
        ? `首次轮询：已记录 ${summary.ordersSeen} 个现有工单状态（不发送通知）；之后的变化将被报告。`
        : `First poll: recorded ${summary.ordersSeen} existing ticket states (no notifications); later changes are reported.`,
    );
  } else {
    io.out(
      zh
        ? `已检查 ${summary.ordersSeen} 个工单状态，新事件 ${summary.emitted} 个${summary.duplicates ? `，重复 ${summary.duplicates} 个` : ''}。`
        : `Checked ${summary.ordersSeen} ticket states: ${summary.emitted} new events${summary.duplicates ? `, ${summary.duplicates} duplicates` : ''}.`,
    );
  }
  for (const e of summary.events) {
    io.out(`  #${e.orderId} ${e.module} > ${e.businessType} > ${e.status}${e.known ? '' : ` (${e.pluginType}/${e.statusCode})`}`);
  }
  for (const w of summary.warnings) io.err(`${zh ? '警告' : 'Warning'}: ${pick(w.text, io.lang)}${w.fix ? ` ${pick(w.fix, io.lang)}` : ''}`);
  if (summary.emitted > 0) {
    io.out(zh ? '事件已进入发件箱；发送器（serve 或桌面应用）会投递它们。' : 'Events are in the outbox; the sender (serve or the desktop app) delivers them.');
  }
}

export const watchCommand: CliCommand = {
  name: 'watch',
  summary: 'Poll DMS tickets with the OpenAPI and queue their status changes (--once: one poll, then exit)',
  usage: 'channel-desk watch --once [--json] [--data-dir D]',
  async run(args, global, io: CliIO): Promise<number> {
    const { values } = parseArgs({ args, options: { once: { type: 'boolean' }, json: { type: 'boolean' } }, strict: true, allowPositionals: false });
    if (!values.once) {
      // The continuous watcher runs inside `serve` and the app, next to the sender that delivers.
      io.err(`Usage: ${watchCommand.usage}  (for continuous watching run \`channel-desk serve\` with the watcher enabled)`);
      return 2;
    }
    const services = await createAppServices({ dataDir: global.dataDir, mode: 'cli' });
    try {
      const summary = await services.dms.watcher.pollOnce();
      if (values.json) {
        io.out(JSON.stringify({ ...summary, warnings: summary.warnings.map((w) => ({ code: w.code, message: w.text, details: w.details ?? {} })) }));
      } else report(summary, io);
      return 0;
    } finally {
      await services.close();
    }
  },
};
