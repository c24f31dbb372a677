import { parseArgs } from 'node:util';
import { channelDef } from '../../../shared/catalog/channels.js';
import type { HealthSummary } from '../../../shared/contract/health.js';
import { pick, text, type Language, type LocalizedText } from '../../../shared/i18n-text.js';
import { createAppServices } from '../../services/app.js';
import type { CliCommand, CliIO } from '../command.js';

const OVERALL: Record<HealthSummary['overall'], LocalizedText> = {
  ok: text('healthy', '正常'),
  degraded: text('degraded: something needs the admin', '降级：有问题需要管理员处理'),
  setup: text('not set up: no channel is enabled yet', '尚未设置：还没有启用任何渠道'),
};
const STATE: Record<HealthSummary['channels'][number]['state'], LocalizedText> = {
  ok: text('ok', '正常'),
  failing: text('FAILING', '失败'),
  idle: text('idle (nothing sent or looked up yet)', '空闲（尚未发送或查询）'),
  disabled: text('disabled', '已停用'),
};

/** The summary as lines an admin reads on a terminal (or in a systemd journal). */
export function formatHealth(h: HealthSummary, lang: Language): string[] {
  const p = (t: LocalizedText): string => pick(t, lang);
  const never = p(text('never', '从未'));
  const lines = [`Channel Desk: ${p(OVERALL[h.overall])}`];
  lines.push(
    `${p(text('Keychain', '密钥存储'))}: ${h.keychain.ok ? 'ok' : `${p(text('UNUSABLE', '不可用'))} — ${h.keychain.problem ? p(h.keychain.problem) : ''}`}`,
  );
  lines.push(`${p(text('Channels', '渠道'))}:`);
  for (const c of h.channels) {
    const parts = [`  ${p(channelDef(c.channel).name).padEnd(20)} ${p(STATE[c.state])}`];
    if (c.enabled || c.lastSuccessAt || c.lastError) {
      parts.push(`${p(text('last success', '最近成功'))} ${c.lastSuccessAt ?? never}`);
      if (c.queued > 0) parts.push(`${p(text('queued', '排队'))} ${c.queued}`);
      if (c.deadLetters > 0) parts.push(`${p(text('dead letters', '死信'))} ${c.deadLetters}`);
      if (c.recipientProblems > 0) parts.push(`${p(text('unreachable people/chats', '无法送达的人员/群聊'))} ${c.recipientProblems}`);
    }
    lines.push(parts.join(' · '));
    if (c.lastError)
      lines.push(
        `    ${p(c.state === 'failing' ? text('cause', '原因') : text('last error', '最近错误'))} ${c.lastError.at} [${c.lastError.code}] ${p(c.lastError.explanation)}`,
      );
  }
  const queue = [`${p(text('Queue', '队列'))}: ${h.queue.depth} ${p(text('waiting', '等待中'))}`, `${h.queue.deadLetters} ${p(text('dead letters', '死信'))}`];
  if (h.queue.paused) queue.push(p(text('sending is PAUSED', '发送已暂停')));
  lines.push(queue.join(' · '));
  const w = h.watcher;
  const watcherState = !w.enabled
    ? p(text('disabled', '已停用'))
    : w.running
      ? p(text('running', '运行中'))
      : p(text('enabled but not running in any process', '已启用，但没有进程在运行'));
  lines.push(`${p(text('DMS watcher', 'DMS 监听器'))}: ${watcherState} · ${p(text('last poll', '最近轮询'))} ${w.lastPollAt ?? never}`);
  if (w.lastError) lines.push(`    ${p(text('last error', '最近错误'))} ${w.lastError.at} ${p(w.lastError.explanation)}`);
  lines.push(
    `${p(text('Inbox', '收件箱'))}: ${p(text('last event', '最近事件'))} ${h.inbox.lastEventAt ? `${h.inbox.lastEventAt} (${h.inbox.lastEventSource})` : never}`,
  );
  return lines;
}

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'Health of this install: channels, queue, dead letters, DMS watcher, inbox; exit 0 healthy, 1 degraded',
  usage: 'channel-desk status [--json] [--data-dir D]',
  async run(args, global, io: CliIO): Promise<number> {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, strict: true, allowPositionals: false });
    const services = await createAppServices({ dataDir: global.dataDir, mode: 'cli' });
    try {
      const health = await services.health.get();
      if (values.json) io.out(JSON.stringify(health));
      else for (const line of formatHealth(health, io.lang)) io.out(line);
      return health.overall === 'degraded' ? 1 : 0;
    } finally {
      await services.close();
    }
  },
};
