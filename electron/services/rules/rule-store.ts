import type { RuleChat } from '../../../shared/chats.js';
import { ANY, describeKey, matchBusinessType, matchModule, matchStatus } from '../../../shared/catalog/dms-events.js';
import type { RuleInput, RuleKey, RuleView } from '../../../shared/contract/rules.js';
import { ruleInputSchema } from '../../../shared/contract/rules.js';
import { AppError, parseLocalized, type FieldIssue } from '../../../shared/errors.js';
import { text } from '../../../shared/i18n-text.js';
import type { Rule, Settings } from '../settings/schema.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { checkRuleKey } from './rule-key-check.js';
import { normalizeTemplates } from './template/rule-templates.js';

/** Catalogue ids for known names in either language ("数据导出" → data-export); `*` and unknown text kept. */
export function normalizeKey(key: RuleKey): RuleKey {
  const module = key.module === ANY ? ANY : matchModule(key.module).id;
  return {
    module,
    businessType: key.businessType === ANY ? ANY : matchBusinessType(module, key.businessType).id,
    status: key.status === ANY ? ANY : matchStatus(key.status).id,
  };
}

/**
 * A rule as written by anyone (UI, contract, config file) → the stored rule: key normalised to catalogue
 * ids, lists de-duplicated; `issues` names every unknown key value (`prefix.businessType`, …).
 */
export function normalizeRule(input: RuleInput, prefix: string): { rule: Rule | null; issues: FieldIssue[] } {
  const checked = parseLocalized(ruleInputSchema, input, prefix);
  if (!checked.success) return { rule: null, issues: checked.issues };
  const { chats, templates: written, ...parsed } = checked.data;
  const templates = normalizeTemplates(written, prefix);
  const rule: Rule = {
    ...parsed,
    ...normalizeKey(parsed),
    additionalUsers: [...new Set(parsed.additionalUsers)],
    channels: [...new Set(parsed.channels)],
    ...chatsOf(chats),
    ...(templates.templates ? { templates: templates.templates } : {}),
  };
  return { rule, issues: [...checkRuleKey(parsed, parsed.custom, prefix), ...templates.issues] };
}

/** Chats de-duplicated by (channel, id); an empty list is stored as absent, so files without chats export unchanged. */
function chatsOf(chats: RuleChat[] | undefined): { chats?: RuleChat[] } {
  const unique = [...new Map((chats ?? []).map((c) => [`${c.channel}/${c.chatId}`, c])).values()];
  return unique.length > 0 ? { chats: unique } : {};
}

export const sameKey = (a: RuleKey, b: RuleKey): boolean => a.module === b.module && a.businessType === b.businessType && a.status === b.status;

export function viewOf(rule: Rule): RuleView {
  return {
    ...rule,
    custom: rule.custom === true,
    names: {
      module: describeKey('module', rule.module),
      businessType: describeKey('businessType', rule.businessType, rule.module),
      status: describeKey('status', rule.status),
    },
  };
}

const notFound = (key: RuleKey): AppError =>
  new AppError(
    'NOT_FOUND',
    text(`No rule for ${key.module} > ${key.businessType} > ${key.status}`, `没有 ${key.module} > ${key.businessType} > ${key.status} 的规则`),
  );

/** Stage 3 rules, kept in settings.rules; one rule per (module, business type, status). */
export class RuleStore {
  constructor(private readonly settings: SettingsStore) {}

  /** Approval-reminder defaults: what a rule's `reminders` fields left out take. */
  reminderDefaults(): Settings['reminderDefaults'] {
    return this.settings.read().reminderDefaults;
  }

  saveReminderDefaults(defaults: Settings['reminderDefaults']): Settings['reminderDefaults'] {
    return this.settings.update((cur) => ({ ...cur, reminderDefaults: defaults })).reminderDefaults;
  }

  list(): Rule[] {
    return this.settings.read().rules;
  }

  views(): RuleView[] {
    return this.list().map(viewOf);
  }

  /** Adds or replaces by key; with `previous`, the rule at that key is replaced (key change). */
  save(input: RuleInput, previous?: RuleKey): Rule {
    const { rule, issues } = normalizeRule(input, 'rule');
    if (!rule || issues.length > 0) {
      // The count, not the paths: each issue names its field in its own sentence.
      const n = issues.length;
      throw new AppError('BAD_INPUT', text(`The rule is invalid: ${n === 1 ? '1 problem' : `${n} problems`}.`, `规则无效：${n} 处问题。`), { issues });
    }
    const prevKey = previous ? normalizeKey(previous) : rule;
    this.settings.update((s) => {
      const others = s.rules.filter((r) => !sameKey(r, prevKey) && !sameKey(r, rule));
      const at = s.rules.findIndex((r) => sameKey(r, prevKey));
      const next = [...others];
      next.splice(at < 0 ? next.length : Math.min(at, next.length), 0, rule);
      return { ...s, rules: next };
    });
    return rule;
  }

  delete(key: RuleKey): void {
    const k = normalizeKey(key);
    if (!this.list().some((r) => sameKey(r, k))) throw notFound(k);
    this.settings.update((s) => ({ ...s, rules: s.rules.filter((r) => !sameKey(r, k)) }));
  }

  setEnabled(key: RuleKey, enabled: boolean): void {
    const k = normalizeKey(key);
    if (!this.list().some((r) => sameKey(r, k))) throw notFound(k);
    this.settings.update((s) => ({ ...s, rules: s.rules.map((r) => (sameKey(r, k) ? { ...r, enabled } : r)) }));
  }
}
