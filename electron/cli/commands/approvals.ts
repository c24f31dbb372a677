import { parseArgs } from 'node:util';
import { channelDef } from '../../../shared/catalog/channels.js';
import { approvalsMethods, type ApprovalEntry } from '../../../shared/contract/approvals.js';
import { pick, text, type Language, type LocalizedText } from '../../../shared/i18n-text.js';
import { createHandlers } from '../../services/api/index.js';
import { dispatch } from '../../services/api/dispatch.js';
import { createAppServices } from '../../services/app.js';
import type { CliCommand, CliIO } from '../command.js';

const USAGE = 'channel-desk approvals list [--limit N] [--before ID] [--ticket ORDER_ID] [--json] [--data-dir D]';

const OUTCOME: Record<NonNullable<ApprovalEntry['outcome']> | 'pending', LocalizedText> = {
  approved: text('approved', '已同意'),
  rejected: text('rejected', '已拒绝'),
  refused: text('refused', '已拒绝执行'),
  failed: text('failed', '失败'),
  duplicate: text('duplicate', '重复'),
  pending: text('in progress with DMS', '正在向 DMS 提交'),
};

const ACTION: Record<ApprovalEntry['action'], LocalizedText> = { approve: text('approve', '同意'), reject: text('reject', '拒绝') };

/** One audit line: time, platform, presser → DMS user, ticket, action, comment, outcome (reason), RequestId. */
export function formatApproval(e: ApprovalEntry, lang: Language): string {
  const p = (t: LocalizedText): string => pick(t, lang);
  const platform = e.channel ? p(channelDef(e.channel).name) : e.platform;
  const dmsUser =
    e.dmsUid === null ? p(text('no DMS user', '无 DMS 用户')) : e.presserName && e.presserName !== e.dmsUid ? `${e.presserName} (${e.dmsUid})` : e.dmsUid;
  const why = e.message ? p(e.message) : e.reason;
  const outcome = `${p(OUTCOME[e.outcome ?? 'pending'])}${why ? `: ${why}` : ''}`;
  const parts = [
    `${String(e.id).padStart(6)}  ${e.pressedAt}`,
    platform,
    `${e.presserId} → ${dmsUser}`,
    `${p(text('ticket', '工单'))} ${e.orderId}`,
    p(ACTION[e.action]),
    ...(e.comment ? [JSON.stringify(e.comment)] : []),
    outcome,
    ...(e.requestId ? [`RequestId ${e.requestId}`] : []),
  ];
  return parts.join(' · ');
}

/** `channel-desk approvals list`: the audit of Approve / Reject presses on chat cards, as the Delivery log's Approvals tab shows it. */
export const approvalsCommand: CliCommand = {
  name: 'approvals',
  summary: 'List the Approve / Reject presses on chat cards (the audit): who pressed, as which DMS user, and what DMS answered',
  usage: USAGE,
  async run(args, global, io: CliIO): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      options: { limit: { type: 'string' }, before: { type: 'string' }, ticket: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length !== 1 || positionals[0] !== 'list') {
      io.err(`Usage: ${USAGE}`);
      return 2;
    }
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      io.err(`--limit must be a whole number from 1 to 500; got ${JSON.stringify(values.limit)}`);
      return 2;
    }
    const before = values.before === undefined ? undefined : Number(values.before);
    if (before !== undefined && (!Number.isInteger(before) || before < 1)) {
      io.err(`--before must be an entry id (a whole number from 1); got ${JSON.stringify(values.before)}`);
      return 2;
    }
    const services = await createAppServices({ dataDir: global.dataDir, mode: 'cli' });
    try {
      // The contract method itself (input and output validated), so the CLI and the Approvals tab cannot differ.
      const input = { limit, ...(before === undefined ? {} : { beforeId: before }), ...(values.ticket ? { orderId: values.ticket } : {}) };
      const page = approvalsMethods['approvals.list'].output.parse(await dispatch(createHandlers(services), 'approvals.list', input, { transport: 'cli' }));
      if (values.json) {
        io.out(JSON.stringify(page));
        return 0;
      }
      if (page.entries.length === 0) {
        io.out(
          pick(
            text(
              'No approvals yet. Presses of Approve / Reject on chat cards appear here once a channel has "Approve from chat" on.',
              '尚无审批记录。渠道开启“在聊天中审批”后，聊天卡片上的“同意 / 拒绝”操作会显示在这里。',
            ),
            io.lang,
          ),
        );
      }
      for (const e of page.entries) io.out(formatApproval(e, io.lang));
      const last = page.entries.at(-1);
      if (page.hasMore && last) io.out(pick(text(`More: --before ${last.id}`, `更多：--before ${last.id}`), io.lang));
      return 0;
    } finally {
      await services.close();
    }
  },
};
