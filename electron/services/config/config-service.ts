import { CHANNELS, type ChannelId, type CredentialFieldId } from '../../../shared/catalog/channels.js';
import {
  missingForEnable,
  movedSecretIssues,
  validateChannelDraft,
  type DraftIssue,
  type DraftLocation,
  type NormalizedDraft,
} from '../../../shared/channel-validation.js';
import { LINK_KEYS } from '../../../shared/dms-links.js';
import { ruleKeySchema } from '../../../shared/contract/rules.js';
import { ruleTemplatesSchema } from '../../../shared/template-variables.js';
import type { ImportSummary } from '../../../shared/config-import-summary.js';
import { CONFIG_FILE_VERSION, configFileSchema, type ConfigFile } from '../../../shared/config-file.js';
import { AppError, parseLocalized, type FieldIssue } from '../../../shared/errors.js';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';
import { applyDraft, effectiveBaseUrl, secretsSetFor, withStoredApproval } from '../channels/channels-service.js';
import { exportDmsSection, planDmsSection } from '../dms/config-section.js';
import { exportInboxSection, planInboxSection, type InboxPolicy } from '../delivery/index.js';
import { checkRuleKey, englishKey } from '../rules/rule-key-check.js';
import { normalizeTemplates } from '../rules/template/rule-templates.js';
import { normalizeRule, sameKey } from '../rules/rule-store.js';
import { settingsSchema, type Settings } from '../settings/schema.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { vaultKeys, type SecretStore } from '../vault/secret-store.js';
import type { Directory } from '../directory/directory.js';
import { vaultUnavailable } from '../vault/vault-errors.js';

export interface ConfigService {
  exportConfig(): ConfigFile;
  /** The file text: pretty JSON with a trailing newline. */
  exportText(): string;
  importConfig(raw: unknown): Promise<ImportSummary>;
  importText(text: string): Promise<ImportSummary>;
}

/** One channel's validated change, applied to whatever settings are current when it is written. */
interface ChannelPlan {
  readonly channel: ChannelId;
  readonly draft: NormalizedDraft;
  readonly enabled: boolean;
}

interface ImportPlan {
  readonly channels: ChannelPlan[];
  readonly users: Settings['users'] | undefined;
  readonly rules: Settings['rules'] | undefined;
  readonly dms: Settings['dms'] | undefined;
  /** Only the signature policy: the path token and served origin stay as they are. */
  readonly inbox: InboxPolicy | undefined;
  readonly reminderDefaults: Settings['reminderDefaults'] | undefined;
}

const applyPlan = (s: Settings, plan: ImportPlan): Settings => {
  let next = s;
  for (const c of plan.channels) next = applyDraft(next, c.channel, c.draft, c.enabled);
  return {
    ...next,
    ...(plan.rules ? { rules: plan.rules } : {}),
    ...(plan.dms ? { dms: plan.dms } : {}),
    ...(plan.inbox ? { inbox: { ...next.inbox, ...plan.inbox } } : {}),
    ...(plan.reminderDefaults ? { reminderDefaults: plan.reminderDefaults } : {}),
  };
};

/** File paths are flat: `channels.feishu.apiBaseUrl`, `channels.feishu.appSecret`. */
const filePath =
  (channel: ChannelId) =>
  (at: DraftLocation): string =>
    `channels.${channel}.${'key' in at ? at.key : at.kind}`;

/** The count, not the paths: the issues list each place in its own sentence. */
const invalidFile = (issues: FieldIssue[]): AppError =>
  new AppError(
    'BAD_INPUT',
    issues.length === 1
      ? text('The configuration file has 1 problem; nothing was changed.', '配置文件有 1 处问题，未做任何更改。')
      : text(`The configuration file has ${issues.length} problems; nothing was changed.`, `配置文件有 ${issues.length} 处问题，未做任何更改。`),
    { issues },
  );

/** How the file's issues name the whole file (an unknown top-level key). */
const THE_FILE = text('The file', '文件');

/**
 * The checks that name the value likely meant (a rule key close to a catalogue name, an unknown template
 * variable), run on the rules of a file the schema refused: they come in the same answer as the schema's
 * issues, so the admin fixes everything in one pass instead of meeting them after the next try.
 */
function likelyMeantIssues(raw: unknown, reported: ReadonlySet<string>): FieldIssue[] {
  const rules = (raw as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((r: unknown, i) => {
    const prefix = `rules.${i}`;
    const key = ruleKeySchema.safeParse(r);
    const custom = (r as { custom?: unknown } | null)?.custom === true;
    const templates = ruleTemplatesSchema.safeParse((r as { templates?: unknown } | null)?.templates);
    return [
      ...(key.success ? checkRuleKey(key.data, custom, prefix) : []),
      ...(templates.success ? normalizeTemplates(templates.data, prefix).issues : []),
    ].filter((issue) => !reported.has(issue.path));
  });
}

/** Where JSON.parse stopped, in words in both languages (its own message is English parser talk). */
function jsonSyntaxText(message: string): LocalizedText {
  const at = /line (\d+) column (\d+)/.exec(message);
  return at
    ? text(
        `JSON syntax error near line ${at[1]}, column ${at[2]}: check the brackets, quotes and commas there.`,
        `第 ${at[1]} 行第 ${at[2]} 列附近有 JSON 语法错误：请检查那里的括号、引号和逗号。`,
      )
    : text('JSON syntax error: check the brackets, quotes and commas.', 'JSON 语法错误：请检查括号、引号和逗号。');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function createConfigService(deps: {
  settings: SettingsStore;
  vault: SecretStore;
  /** Users live in the users directory, not in settings. */
  directory: Pick<Directory, 'list' | 'replaceAll'>;
}): ConfigService {
  const { settings, vault, directory } = deps;

  const exportConfig = (): ConfigFile => {
    const s = settings.read();
    const channels: Record<string, Record<string, unknown>> = {};
    for (const def of CHANNELS) {
      const c = s.channels[def.id];
      const set = secretsSetFor(s, def.id);
      const entry: Record<string, unknown> = { enabled: c.enabled, region: c.region };
      // Secrets are never exported: always "", with `secretsSet` saying which ones are stored.
      for (const f of def.fields) entry[f.id] = f.secret ? '' : (c.values[f.id] ?? '');
      for (const b of def.baseUrls) entry[b.id] = effectiveBaseUrl(s, def.id, b.id);
      // Stored values, '' for the default (an exported region homepage would pin it when the region changes).
      entry.dmsHomepageUrl = c.links.dmsHomepageUrl ?? '';
      entry.ticketLinkPattern = c.links.ticketLinkPattern ?? '';
      if (def.protocol === 'dingtalk') entry.dingtalkOpen = c.links.dingtalkOpen ?? 'page-link';
      entry.approveFromChat = c.approveFromChat;
      if (def.protocol === 'dingtalk') entry.approvalCardTemplateId = c.approvalCardTemplateId;
      entry.secretsSet = def.fields.filter((f) => set.has(f.id)).map((f) => f.id);
      channels[def.id] = entry;
    }
    return configFileSchema.parse({
      version: CONFIG_FILE_VERSION,
      channels,
      users: directory.list().users.map((u) => ({ uid: u.uid, name: u.name, mobile: u.mobile, email: u.email })),
      // Rules are stored as catalogue ids; the file shows DMS's English names, as the README does.
      rules: s.rules.map((r) => ({ ...r, ...englishKey(r), custom: r.custom === true })),
      dms: exportDmsSection(s),
      inbox: exportInboxSection(s),
      // Only when set, so a file without reminder defaults round-trips unchanged.
      ...(Object.keys(s.reminderDefaults).length > 0 ? { reminders: s.reminderDefaults } : {}),
    });
  };

  /** Validates the whole file against the current settings; throws BAD_INPUT listing every problem. */
  const plan = (raw: unknown): { plan: ImportPlan; secrets: [string, string][] } => {
    const parsed = parseLocalized(configFileSchema, raw, '', THE_FILE);
    if (!parsed.success) throw invalidFile([...parsed.issues, ...likelyMeantIssues(raw, new Set(parsed.issues.map((i) => i.path)))]);
    const file = parsed.data;
    const current = settings.read();
    const issues: FieldIssue[] = [];
    const channels: ChannelPlan[] = [];
    const secrets: [string, string][] = [];

    for (const def of CHANNELS) {
      const entry = file.channels?.[def.id] as Record<string, unknown> | undefined;
      if (!entry) continue;
      const cur = current.channels[def.id];
      const values: Record<string, string> = { ...cur.values };
      const fileSecrets: Record<string, string> = {};
      const baseUrls: Record<string, string> = { ...cur.baseUrls };
      for (const f of def.fields) {
        const v = str(entry[f.id]);
        if (v === undefined) continue;
        if (f.secret) fileSecrets[f.id] = v;
        else values[f.id] = v;
      }
      for (const b of def.baseUrls) {
        const v = str(entry[b.id])?.trim();
        if (v === undefined) continue;
        // The default written out by export is not an override.
        baseUrls[b.id] = v.replace(/\/+$/, '') === b.defaultUrl ? '' : v;
      }
      const links: Record<string, string> = {};
      for (const key of LINK_KEYS) {
        const v = str(entry[key]) ?? cur.links[key];
        if (v !== undefined) links[key] = v;
      }
      const region = entry.region === undefined ? cur.region : (entry.region as string | null);
      const approval = withStoredApproval(current, def.id, {
        ...(typeof entry.approveFromChat === 'boolean' ? { approveFromChat: entry.approveFromChat } : {}),
        ...(str(entry.approvalCardTemplateId) !== undefined ? { approvalCardTemplateId: str(entry.approvalCardTemplateId) } : {}),
      });
      const result = validateChannelDraft(def.id, { region, values, secrets: fileSecrets, baseUrls, links, approval });
      const toIssues = (list: readonly DraftIssue[]) => list.map((i) => ({ path: filePath(def.id)(i.at), message: i.message }));
      if (!result.ok) {
        issues.push(...toIssues(result.issues));
        continue;
      }
      issues.push(
        ...toIssues(
          movedSecretIssues(def.id, {
            before: cur.baseUrls,
            after: result.draft.baseUrls,
            storedSecrets: secretsSetFor(current, def.id),
            newSecrets: result.draft.secrets,
          }),
        ),
      );
      const enabled = typeof entry.enabled === 'boolean' ? entry.enabled : cur.enabled;
      if (enabled) {
        const secretsSet = secretsSetFor(current, def.id);
        for (const k of Object.keys(result.draft.secrets)) secretsSet.add(k as CredentialFieldId);
        const missing = missingForEnable(def.id, { region: result.draft.region, values: result.draft.values, secretsSet });
        issues.push(...toIssues(missing));
      }
      channels.push({ channel: def.id, draft: result.draft, enabled });
      for (const [field, value] of Object.entries(result.draft.secrets)) secrets.push([vaultKeys.channel(def.id, field), value]);
    }

    const uids = new Map<string, number>();
    file.users?.forEach((u, i) => {
      const first = uids.get(u.uid);
      if (first !== undefined) {
        issues.push({ path: `users.${i}.uid`, message: text(`Duplicate uid (also users.${first}.uid)`, `uid 重复（与 users.${first}.uid 相同）`) });
      } else uids.set(u.uid, i);
    });

    // The rules service's normaliser: names in either language → catalogue ids; unknown values named.
    let rules: Settings['rules'] | undefined;
    if (file.rules) {
      rules = [];
      const at: number[] = [];
      for (const [i, raw] of file.rules.entries()) {
        const { rule, issues: ruleIssues } = normalizeRule(raw, `rules.${i}`);
        issues.push(...ruleIssues);
        if (!rule) continue;
        const dup = rules.findIndex((r) => sameKey(r, rule));
        const first = at[dup];
        if (first !== undefined) {
          issues.push({
            path: `rules.${i}`,
            message: text(`Duplicate rule: same module, business type and status as rules.${first}`, `规则重复：模块、业务类型和状态与 rules.${first} 相同`),
          });
        }
        rules.push(rule);
        at.push(i);
      }
    }

    let dms: Settings['dms'] | undefined;
    if (file.dms) {
      const d = planDmsSection(file.dms, current.dms, current.secretsMeta[vaultKeys.dmsAccessKeySecret] !== undefined);
      issues.push(...d.issues);
      if (d.secret) secrets.push([...d.secret]);
      dms = d.next;
    }

    let inbox: InboxPolicy | undefined;
    if (file.inbox) {
      const i = planInboxSection(file.inbox, current);
      issues.push(...i.issues);
      if (i.secret) secrets.push([...i.secret]);
      inbox = i.policy;
    }

    const result: ImportPlan = { channels, users: file.users, rules, dms, inbox, reminderDefaults: file.reminders };
    // The final document must pass the settings schema too; its paths are the file's paths.
    const check = parseLocalized(settingsSchema, applyPlan(current, result), '', THE_FILE);
    if (!check.success) issues.push(...check.issues);
    if (issues.length > 0) throw invalidFile(issues);
    return { plan: result, secrets };
  };

  const importConfig = async (raw: unknown): Promise<ImportSummary> => {
    const { plan: p, secrets } = plan(raw);
    if (secrets.length > 0) {
      // Check before writing anything, so an unusable vault cannot leave a half import.
      const status = await vault.status();
      if (!status.available && status.problem) throw vaultUnavailable(status.problem);
    }
    for (const [key, value] of secrets) await vault.set(key, value);
    const next = settings.update((s) => applyPlan(s, p));
    // Also starts a background lookup of users who are new or whose mobile/e-mail changed.
    const users = p.users ? directory.replaceAll(p.users) : null;
    return {
      channels: p.channels.map((c) => c.channel),
      users,
      rules: p.rules ? next.rules.length : null,
      secretsStored: secrets.length,
    };
  };

  return {
    exportConfig,
    exportText: () => `${JSON.stringify(exportConfig(), null, 2)}\n`,
    importConfig,
    async importText(raw) {
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch (err) {
        throw new AppError('BAD_INPUT', text('The configuration file is not valid JSON; nothing was changed.', '配置文件不是有效的 JSON，未做任何更改。'), {
          issues: [{ path: '', message: jsonSyntaxText((err as Error).message) }],
        });
      }
      return importConfig(json);
    },
  };
}

export const CONFIG_EXPORT_FILE_NAME = 'channel-desk-config.json';
