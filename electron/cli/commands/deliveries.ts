import { parseArgs } from 'node:util';
import { channelDef } from '../../../shared/catalog/channels.js';
import { DELIVERY_STATES, type DeliveryState } from '../../../shared/contract/sender.js';
import { pick, text, type LocalizedText } from '../../../shared/i18n-text.js';
import { createAppServices } from '../../services/app.js';
import { lookUpAgain } from '../../services/directory/retry-lookups.js';
import { listDeliveries, retryDeliveries, type NotRetried } from '../../services/delivery/index.js';
import type { CliCommand, CliIO } from '../command.js';

const USAGE = 'channel-desk deliveries list [--state S]... [--limit N] [--json] | deliveries retry <id>... | deliveries retry --all-dead';

const REASON: Record<NotRetried['reason'], LocalizedText> = {
  'not-found': text('no such delivery', '没有此投递'),
  'not-dead': text('not a dead letter (only dead or discarded deliveries are retried)', '不是死信（只能重试死信或已丢弃的投递）'),
};

const isState = (s: string): s is DeliveryState => (DELIVERY_STATES as readonly string[]).includes(s);

export const deliveriesCommand: CliCommand = {
  name: 'deliveries',
  summary: 'List deliveries (e.g. dead letters) and retry them, as the delivery log does',
  usage: USAGE,
  async run(args, global, io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      options: { state: { type: 'string', multiple: true }, limit: { type: 'string' }, json: { type: 'boolean' }, 'all-dead': { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
    const [action, ...rest] = positionals;
    const p = (t: LocalizedText): string => pick(t, io.lang);

    if (action === 'list' && rest.length === 0 && values['all-dead'] === undefined) {
      const states = values.state ?? [];
      const bad = states.find((s) => !isState(s));
      if (bad !== undefined) {
        io.err(`--state must be one of ${DELIVERY_STATES.join(', ')}; got ${JSON.stringify(bad)}`);
        return 2;
      }
      const limit = values.limit === undefined ? 100 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) {
        io.err(`--limit must be a whole number from 1 to 100000; got ${JSON.stringify(values.limit)}`);
        return 2;
      }
      const services = await createAppServices({ dataDir: global.dataDir, mode: 'cli' });
      try {
        const list = listDeliveries(services.delivery.outbox.facts, states.filter(isState), limit);
        if (values.json) {
          io.out(JSON.stringify(list));
          return 0;
        }
        if (list.length === 0) io.out(p(text('No deliveries.', '没有投递。')));
        for (const d of list) {
          const when = new Date(d.finishedAt ?? d.updatedAt).toISOString();
          const error = d.lastError && d.state !== 'sent' ? ` [${d.lastError.code}] ${p(d.lastError.message)}` : '';
          io.out(
            `${String(d.id).padStart(6)}  ${d.state.padEnd(9)} ${p(channelDef(d.channel).name).padEnd(20)} ${d.recipientUid} · #${d.taskId} ${d.taskName} · ${p(d.attempts === 1 ? text('1 attempt', '1 次尝试') : text(`${d.attempts} attempts`, `${d.attempts} 次尝试`))} · ${when}${error}`,
          );
        }
        return 0;
      } finally {
        await services.close();
      }
    }

    if (action === 'retry' && values.state === undefined && values.limit === undefined && values.json === undefined) {
      const allDead = values['all-dead'] === true;
      const ids = rest.map(Number);
      if (allDead === rest.length > 0 || ids.some((n) => !Number.isInteger(n) || n < 1)) {
        io.err(`Usage: ${USAGE}`);
        return 2;
      }
      const services = await createAppServices({ dataDir: global.dataDir, mode: 'cli' });
      try {
        const { directory, outbox } = services.delivery;
        // As the delivery log's Retry: "no such person" / "outside availability" are looked up again first.
        await lookUpAgain(services.directory, outbox.admin.deadRecipients(allDead ? 'all-dead' : ids));
        const result = retryDeliveries(outbox, allDead ? 'all-dead' : ids, Date.now(), (uid, c) => directory.platformId(uid, c));
        io.out(
          p(
            text(
              `Queued again: ${result.queued}. A running Channel Desk sends them within seconds.`,
              `已重新排队：${result.queued} 条。正在运行的 Channel Desk 会在几秒内发送。`,
            ),
          ),
        );
        for (const n of result.notRetried) io.err(`${n.id}: ${p(REASON[n.reason])}`);
        return result.notRetried.length === 0 ? 0 : 1;
      } finally {
        await services.close();
      }
    }

    io.err(`Usage: ${USAGE}`);
    return 2;
  },
};
