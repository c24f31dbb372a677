import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/errors.js';
import type { DmsEventInput } from '../../../shared/events/dms-event.js';
import { text } from '../../../shared/i18n-text.js';
import { createAppServices } from '../../services/app.js';
import type { CliCommand, CliIO } from '../command.js';

/** `uid` or `uid:name` → a DMS person. */
const person = (v: string): { uid: string; name: string } => {
  const at = v.indexOf(':');
  return at < 0 ? { uid: v, name: '' } : { uid: v.slice(0, at), name: v.slice(at + 1) };
};

function readEventFile(file: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new AppError('NOT_FOUND', text(`Cannot read ${file}: ${(err as Error).message}`, `无法读取 ${file}：${(err as Error).message}`));
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new AppError('BAD_INPUT', text(`${file} is not valid JSON.`, `${file} 不是有效的 JSON。`), {
      fix: text('Pass a DMS custom-webhook body (the JSON DMS posts).', '请传入 DMS 自定义 Webhook 的请求体（DMS 发送的 JSON）。'),
    });
  }
}

/**
 * `channel-desk notify`: puts one DMS event into the outbox through the same intake as the webhook
 * (validated, idempotent). The sender of a running `serve` or desktop app delivers it.
 */
export const notifyCommand: CliCommand = {
  name: 'notify',
  summary: 'Queue a DMS event for delivery (from a webhook body file, or from flags)',
  usage:
    'channel-desk notify --file event.json|- [--idempotency-key K] [--json]\n' +
    '       channel-desk notify --category Ticket --module "Data Exporting" --event "Pending Approval" --task-id 123 ' +
    '[--task-name N] [--submitter uid[:name]] [--target uid[:name]]... [--receiver uid[:name]]... [--message M] [--time T]',
  async run(args, global, io: CliIO): Promise<number> {
    const { values } = parseArgs({
      args,
      options: {
        file: { type: 'string' },
        'idempotency-key': { type: 'string' },
        json: { type: 'boolean' },
        category: { type: 'string' },
        module: { type: 'string' },
        event: { type: 'string' },
        'task-id': { type: 'string' },
        'task-name': { type: 'string' },
        submitter: { type: 'string' },
        target: { type: 'string', multiple: true },
        receiver: { type: 'string', multiple: true },
        message: { type: 'string' },
        time: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    let body: unknown;
    if (values.file !== undefined) {
      body = readEventFile(values.file);
    } else if (values.category && values.module && values.event && values['task-id']) {
      const submitter = person(values.submitter ?? '');
      const flags: DmsEventInput = {
        submitterUid: submitter.uid,
        submitterName: submitter.name,
        category: values.category,
        module: values.module,
        event: values.event,
        taskId: values['task-id'],
        taskName: values['task-name'] ?? '',
        eventTime: values.time ?? new Date().toISOString(),
        message: values.message ?? '',
        targetUsers: (values.target ?? []).map(person),
        receivers: (values.receiver ?? []).map(person),
      };
      body = flags;
    } else {
      io.err(`Usage: ${notifyCommand.usage}`);
      return 2;
    }
    const services = await createAppServices({ dataDir: global.dataDir, mode: 'cli' });
    try {
      const key = values['idempotency-key'];
      const result = services.delivery.intake.accept(body, { source: 'cli', ...(key ? { idempotencyKey: key } : {}) });
      if (values.json) io.out(JSON.stringify(result));
      else if (io.lang === 'zh-CN') io.out(`${result.duplicate ? '重复事件，已忽略' : '事件已进入发件箱'}：${result.eventId}（${result.deliveries} 条投递）`);
      else io.out(`${result.duplicate ? 'Duplicate, already accepted' : 'Queued'}: ${result.eventId} (${result.deliveries} deliveries)`);
      return 0;
    } finally {
      await services.close();
    }
  },
};
