import { parseArgs } from 'node:util';
import { CHANNEL_IDS, channelDef, type ChannelId } from '../../../shared/catalog/channels.js';
import type { UserView } from '../../../shared/contract/users.js';
import { DMS_USER_ROLES, type DmsImportReport } from '../../../shared/contract/users-dms.js';
import { AppError } from '../../../shared/errors.js';
import { pick, text, type Language } from '../../../shared/i18n-text.js';
import { createAppServices } from '../../services/app.js';
import { importUsersFromDms } from '../../services/dms/user-import.js';
import type { CliCommand, CliIO } from '../command.js';

const USAGE = [
  'channel-desk users list [--json]',
  'channel-desk users resolve [uid ...] [--channel C ...] [--json]',
  'channel-desk users import-dms [--role R ...] [--overwrite] [--json]   [--data-dir D]',
].join(' | ');

const usageError = (en: string, zh: string): AppError => new AppError('BAD_INPUT', text(en, zh), { fix: text(`Usage: ${USAGE}`, `用法：${USAGE}`) });

const STATUS_TEXT = {
  found: text('found', '已找到'),
  not_found: text('no such person', '无此人'),
  outside_availability: text('outside availability', '不在可用范围'),
  error: text('lookup failed', '查找失败'),
} as const;

/** One cell per channel: the lookup status, "stale" when the mobile/e-mail changed since, "-" when never looked up. */
function statusCell(u: UserView, channel: ChannelId, lang: Language): string {
  const r = u.resolutions[channel];
  if (!r) return '-';
  return `${pick(STATUS_TEXT[r.status], lang)}${r.stale ? (lang === 'zh-CN' ? '（已过期）' : ' (stale)') : ''}`;
}

/** Characters, not UTF-16 units: a name outside the BMP still lines up. */
const width = (s: string): number => Array.from(s).length;

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  return rows.map((r) =>
    r
      .map((c, i) => c + ' '.repeat(widths[i]! - width(c)))
      .join('  ')
      .trimEnd(),
  );
}

function printUsers(users: readonly UserView[], channels: readonly ChannelId[], io: CliIO): void {
  const zh = io.lang === 'zh-CN';
  const head = ['uid', zh ? '姓名' : 'name', zh ? '手机号' : 'mobile', zh ? '邮箱' : 'e-mail', ...channels.map((c) => pick(channelDef(c).name, io.lang))];
  for (const line of table([head, ...users.map((u) => [u.uid, u.name, u.mobile, u.email, ...channels.map((c) => statusCell(u, c, io.lang))])])) io.out(line);
  io.out(zh ? `共 ${users.length} 个用户。` : `${users.length} user(s).`);
}

function printChannelErrors(errors: DmsImportReport['channelErrors'], io: CliIO): void {
  for (const e of errors) {
    io.err(`${pick(channelDef(e.channel).name, io.lang)}: ${pick(e.message, io.lang)}`);
    if (e.fix) io.err(`  ${io.lang === 'zh-CN' ? '解决方法：' : 'Fix: '}${pick(e.fix, io.lang)}`);
  }
}

function printImport(r: DmsImportReport, io: CliIO): void {
  const zh = io.lang === 'zh-CN';
  io.out(
    zh
      ? `已从 DMS 导入：列出 ${r.listed} · 新增 ${r.added} · 更新 ${r.updated} · 未变 ${r.unchanged} · 保留手工修改 ${r.keptEdits}`
      : `Imported from DMS: listed ${r.listed} · added ${r.added} · updated ${r.updated} · unchanged ${r.unchanged} · kept hand edits ${r.keptEdits}`,
  );
  for (const l of r.lookups) {
    const name = pick(channelDef(l.channel).name, io.lang);
    io.out(
      zh
        ? `已查找（${name}）：找到 ${l.found} · 无此人 ${l.notFound} · 失败 ${l.failed}`
        : `Looked up (${name}): found ${l.found} · not found ${l.notFound} · failed ${l.failed}`,
    );
  }
  if (r.lookups.length === 0) io.out(zh ? '已查找：没有启用的渠道。' : 'Looked up: no channel is enabled.');
  for (const u of r.gone) io.out(zh ? `已不在 DMS 中（保留，未删除）：${u.uid} ${u.name}` : `No longer in DMS (kept, not deleted): ${u.uid} ${u.name}`);
  for (const u of r.skippedNoContact)
    io.out(zh ? `未导入（DMS 中没有手机号和邮箱）：${u.uid} ${u.name}` : `Not imported (no mobile or e-mail in DMS): ${u.uid} ${u.name}`);
  for (const u of r.skippedInvalid) {
    const why = u.problems.map((p) => pick(p, io.lang)).join(zh ? '；' : '; ');
    io.out(zh ? `未导入（DMS 中的数据无效：${why}）：${u.uid} ${u.name}` : `Not imported (invalid in DMS: ${why}): ${u.uid} ${u.name}`);
  }
}

/**
 * `channel-desk users list | resolve | import-dms`: the users directory from the command line. Exit 0
 * only when everything asked for was done (every channel could be asked, the DMS import read to the end).
 */
export const usersCommand: CliCommand = {
  name: 'users',
  summary: 'Users directory: `users list`, `users resolve` (look up platform ids), `users import-dms` (from DMS ListUsers)',
  usage: USAGE,
  async run(args, global, io) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        json: { type: 'boolean' },
        channel: { type: 'string', multiple: true },
        role: { type: 'string', multiple: true },
        overwrite: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    });
    const [action, ...rest] = positionals;
    if (action !== 'list' && action !== 'resolve' && action !== 'import-dms') {
      throw usageError('Choose "users list", "users resolve" or "users import-dms".', '请选择 "users list"、"users resolve" 或 "users import-dms"。');
    }
    if (action !== 'resolve' && rest.length > 0) throw usageError(`Unexpected argument: ${rest[0]}`, `多余的参数：${rest[0]}`);
    if (action !== 'resolve' && values.channel) throw usageError('--channel belongs to "users resolve".', '--channel 仅用于 "users resolve"。');
    if (action !== 'import-dms' && (values.role || values.overwrite)) {
      throw usageError('--role and --overwrite belong to "users import-dms".', '--role 和 --overwrite 仅用于 "users import-dms"。');
    }
    const channels = (values.channel ?? []).map((c) => {
      if (!(CHANNEL_IDS as readonly string[]).includes(c))
        throw usageError(`Unknown channel ${c} (one of ${CHANNEL_IDS.join(', ')}).`, `未知渠道 ${c}（可选：${CHANNEL_IDS.join(', ')}）。`);
      return c as ChannelId;
    });
    const roles = (values.role ?? []).map((r) => {
      const role = DMS_USER_ROLES.find((x) => x === r.toUpperCase());
      if (!role) throw usageError(`Unknown DMS role ${r} (one of ${DMS_USER_ROLES.join(', ')}).`, `未知 DMS 角色 ${r}（可选：${DMS_USER_ROLES.join(', ')}）。`);
      return role;
    });

    const services = await createAppServices({ dataDir: global.dataDir, mode: 'cli' });
    try {
      if (action === 'list') {
        const l = services.directory.list();
        if (values.json) io.out(JSON.stringify(l));
        else printUsers(l.users, l.channels, io);
        return 0;
      }
      if (action === 'resolve') {
        const known = new Set(services.directory.list().users.map((u) => u.uid));
        const unknown = rest.filter((uid) => !known.has(uid));
        if (unknown.length > 0) throw new AppError('NOT_FOUND', text(`Not in Users: ${unknown.join(', ')}.`, `不在用户列表中：${unknown.join(', ')}。`));
        const report = await services.directory.resolve({
          ...(rest.length > 0 ? { uids: rest } : {}),
          ...(channels.length > 0 ? { channels } : {}),
          signal: io.signal,
        });
        if (values.json) io.out(JSON.stringify(report));
        else printUsers(report.users, channels.length > 0 ? channels : services.directory.list().channels, io);
        printChannelErrors(report.channelErrors, io);
        return report.channelErrors.length === 0 ? 0 : 1;
      }
      const report = await importUsersFromDms(
        { settings: services.settings, vault: services.vault, directory: services.directory },
        { roles, overwrite: values.overwrite ?? false, signal: io.signal },
      );
      if (values.json) io.out(JSON.stringify(report));
      else printImport(report, io);
      printChannelErrors(report.channelErrors, io);
      return report.channelErrors.length === 0 ? 0 : 1;
    } finally {
      await services.close();
    }
  },
};
