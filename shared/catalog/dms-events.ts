import { text, type LocalizedText } from '../i18n-text.js';

/**
 * DMS notification catalogue: modules, business types and statuses with DMS's own names (console
 * O&M > Notification, "Module/Business Type" filter). The custom webhook sends these as display
 * strings in either language (`category` = module, `module` = business type, `event` = status);
 * the OpenAPI uses codes (PluginType, StatusCode). Both map onto the ids below; anything unknown is
 * kept as its raw text so a new DMS event is delivered rather than dropped.
 */
export interface CatalogEntry {
  readonly id: string;
  readonly name: LocalizedText;
  /** Other spellings seen in webhook bodies or OpenAPI codes (matched case-insensitively). */
  readonly aliases: readonly string[];
}

export interface ModuleEntry extends CatalogEntry {
  readonly businessTypes: readonly CatalogEntry[];
}

const entry = (id: string, en: string, zh: string, aliases: string[] = []): CatalogEntry => ({
  id,
  name: text(en, zh),
  aliases,
});

export const DMS_MODULES: readonly ModuleEntry[] = [
  {
    ...entry('ticket', 'Ticket', '工单', ['Tickets', 'order', 'orders']),
    businessTypes: [
      entry('data-export', 'Data Exporting', '数据导出', ['Data Export', 'DATA_EXPORT']),
      entry('data-change', 'Data Change', '数据变更', [
        'Normal Data Modify',
        '普通数据变更',
        'DATA_CORRECT',
        'DC_COMMON',
        'DC_CHUNK',
        'DC_CRON_CLEAR',
        'DC_PROC',
        'DC_BIG_FILE',
        'Lock-free Data Change',
        '无锁数据变更',
      ]),
      entry('permission-apply', 'Permission Application', '权限申请', ['Permission Apply', 'PERM_APPLY', 'OWNER_APPLY', 'PROXY_APPLY']),
      entry('schema-design', 'Schema Design', '结构设计', ['NDDL']),
      entry('schema-sync', 'Schema Synchronization', '结构同步', ['Table Sync', 'TABLE_SYNC']),
      entry('database-export', 'Database Export', '数据库导出', ['DB_EXPORT']),
      entry('data-archive', 'Data Archiving', '数据归档', ['Data Archive', 'DATA_ARCHIVE']),
      entry('data-tracking', 'Data Tracking', '数据追踪', ['Data Track', 'DATA_TRACK']),
      entry('database-clone', 'Database Cloning', '数据库克隆', ['Database Clone', 'DATABASE_CLONE']),
      entry('sql-review', 'SQL Review', 'SQL审核', ['SQLReview', 'SQL 审核']),
      entry('sensitive-data', 'Sensitive Data Change', '敏感数据变更', ['SENSITIVITY']),
    ],
  },
  {
    ...entry('task-orchestration', 'Task Orchestration', '任务编排', ['Task Flow', '任务流']),
    businessTypes: [entry('task-flow', 'Task Flow', '任务流', ['Task Orchestration Flow']), entry('task-node', 'Task Node', '任务节点')],
  },
  {
    ...entry('data-warehouse', 'Data Warehouse Development', '数仓开发', ['Data Warehouse', '数据仓库开发', 'DATA_WAREHOUSE']),
    businessTypes: [entry('dw-publish', 'Publishing', '发布', ['Publish', 'DF_PUBLISH', '发布上线']), entry('dw-task-flow', 'Task Flow', '任务流')],
  },
];

export const DMS_STATUSES: readonly CatalogEntry[] = [
  entry('pending-approval', 'Pending Approval', '待审批', ['toaudit', 'AUDITING', 'Waiting for Approval', '等待审批']),
  entry('approved', 'Approved', '审批通过', ['APPROVED', '已审批', '审批已通过']),
  entry('rejected', 'Rejected', '审批拒绝', ['reject', 'REJECT', '已拒绝', '审批不通过']),
  entry('succeeded', 'Succeeded', '执行成功', ['success', 'Execution Succeeded', '成功']),
  entry('failed', 'Failed', '执行失败', ['fail', 'Execution Failed', '失败']),
  entry('cancelled', 'Revoked', '已撤回', ['cancel', 'CANCEL', 'Cancelled', 'Canceled', '已撤销', '撤回']),
  entry('closed', 'Closed', '已关闭', ['close', '关闭']),
  entry('processing', 'Processing', '执行中', ['running', '处理中']),
  entry('timeout', 'Timed Out', '执行超时', ['Timeout', '超时']),
];

/** A value from an event resolved against the catalogue; `id` is the raw text when unknown. */
export interface CatalogMatch {
  readonly id: string;
  readonly known: boolean;
  readonly name: LocalizedText;
  readonly raw: string;
}

/** Case, width of spaces and separators do not matter: "Data Exporting", "data_exporting", "数据导出". */
export const foldName = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-/>.·]+/g, '');

function matchIn(entries: readonly CatalogEntry[], raw: string): CatalogMatch {
  const trimmed = raw.trim();
  const key = foldName(trimmed);
  const hit = entries.find((e) => [e.id, e.name.en, e.name.zh, ...e.aliases].some((n) => foldName(n) === key));
  return hit ? { id: hit.id, known: true, name: hit.name, raw: trimmed } : { id: trimmed, known: false, name: text(trimmed, trimmed), raw: trimmed };
}

export function matchModule(raw: string): CatalogMatch {
  return matchIn(DMS_MODULES, raw);
}

/** Business types are looked up under the module first, then anywhere (DMS reuses names). */
export function matchBusinessType(moduleId: string, raw: string): CatalogMatch {
  const mod = DMS_MODULES.find((m) => m.id === moduleId);
  const inModule = mod ? matchIn(mod.businessTypes, raw) : undefined;
  if (inModule?.known) return inModule;
  return matchIn(
    DMS_MODULES.flatMap((m) => m.businessTypes),
    raw,
  );
}

export function matchStatus(raw: string): CatalogMatch {
  return matchIn(DMS_STATUSES, raw);
}

export interface EventKind {
  readonly module: CatalogMatch;
  readonly businessType: CatalogMatch;
  readonly status: CatalogMatch;
}

/** DMS webhook `category` / `module` / `event` → our module / business type / status. */
export function classifyEvent(category: string, module: string, event: string): EventKind {
  const mod = matchModule(category);
  return { module: mod, businessType: matchBusinessType(mod.id, module), status: matchStatus(event) };
}

/** Rules may use this instead of a business type or status to mean "any". */
export const ANY = '*';

export const ANY_TEXT = text('Any', '任意');

/** Display name of a rule key (catalogue id, raw text or ANY) in either language. */
export function describeKey(kind: 'module' | 'businessType' | 'status', id: string, moduleId = ''): LocalizedText {
  if (id === ANY) return ANY_TEXT;
  const m = kind === 'module' ? matchModule(id) : kind === 'status' ? matchStatus(id) : matchBusinessType(moduleId, id);
  return m.name;
}
