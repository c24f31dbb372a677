import {
  ANY,
  DMS_MODULES,
  DMS_STATUSES,
  describeKey,
  foldName,
  matchBusinessType,
  matchModule,
  matchStatus,
  type CatalogEntry,
} from '../../../shared/catalog/dms-events.js';
import type { RuleKey } from '../../../shared/contract/rules.js';
import type { FieldIssue } from '../../../shared/errors.js';
import { text, type LocalizedText } from '../../../shared/i18n-text.js';
import { nearest } from './nearest.js';

type Part = keyof RuleKey;

const PART_NAME: Record<Part, LocalizedText> = {
  module: text('module', '模块'),
  businessType: text('business type', '业务类型'),
  status: text('status', '状态'),
};

const hasCjk = (s: string): boolean => /[\u3400-\u9fff]/.test(s);

/** The catalogue entries a value of this part may name (business types: the module's, else all). */
function candidates(part: Part, moduleId: string): readonly CatalogEntry[] {
  if (part === 'module') return DMS_MODULES;
  if (part === 'status') return DMS_STATUSES;
  const mod = DMS_MODULES.find((m) => m.id === moduleId);
  return mod ? mod.businessTypes : DMS_MODULES.flatMap((m) => m.businessTypes);
}

/** `"Data Exportin" — did you mean "Data Exporting"?`, in the language the value was written in. */
function unknownValue(part: Part, raw: string, moduleId: string): LocalizedText {
  const entries = candidates(part, moduleId);
  const zhInput = hasCjk(raw);
  const shown = (e: CatalogEntry): string => (zhInput ? e.name.zh : e.name.en);
  const spellings = entries.flatMap((e) => [e.name.en, e.name.zh, e.id, ...e.aliases].map((s) => ({ key: foldName(s), entry: e })));
  const close = nearest(foldName(raw), spellings, (s) => s.key)
    .map((s) => shown(s.entry))
    .filter((v, i, all) => all.indexOf(v) === i)
    .slice(0, 3);
  const list = (close.length > 0 ? close : entries.map(shown)).map((v) => `"${v}"`);
  const en = `"${raw}" is not a DMS ${PART_NAME[part].en}`;
  const zh = `"${raw}" 不是 DMS 的${PART_NAME[part].zh}`;
  const hintEn = 'or set "custom": true on this rule to match a value DMS sends that the catalogue lacks';
  const hintZh = '如果这是 DMS 发送的、目录中没有的值，请为此规则设置 "custom": true';
  return close.length > 0
    ? text(`${en} — did you mean ${list.join(' or ')}? (${hintEn})`, `${zh}——您是否要输入 ${list.join(' 或 ')}？（${hintZh}）`)
    : text(`${en}; use one of ${list.join(', ')} (${hintEn})`, `${zh}；请使用 ${list.join('、')} 之一（${hintZh}）`);
}

/**
 * Every part of a rule key that names no catalogue value (by id, English or Chinese name, any case and
 * spacing), unless the rule is custom. `prefix` is where the key sits in the input, e.g. `rules.0`.
 */
export function checkRuleKey(key: RuleKey, custom: boolean, prefix: string): FieldIssue[] {
  if (custom) return [];
  const issues: FieldIssue[] = [];
  const mod = key.module === ANY ? null : matchModule(key.module);
  const at = (part: Part) => (prefix ? `${prefix}.${part}` : part);
  if (mod && !mod.known) issues.push({ path: at('module'), message: unknownValue('module', key.module.trim(), '') });
  const moduleId = mod?.id ?? '';
  if (key.businessType !== ANY && !matchBusinessType(moduleId, key.businessType).known) {
    issues.push({ path: at('businessType'), message: unknownValue('businessType', key.businessType.trim(), moduleId) });
  }
  if (key.status !== ANY && !matchStatus(key.status).known) {
    issues.push({ path: at('status'), message: unknownValue('status', key.status.trim(), moduleId) });
  }
  return issues;
}

/** A stored key (catalogue ids) as the README and the export write it: English names, `*`, custom text as is. */
export function englishKey(key: RuleKey): RuleKey {
  const name = (part: Part, id: string): string => (id === ANY ? ANY : describeKey(part, id, key.module).en);
  return { module: name('module', key.module), businessType: name('businessType', key.businessType), status: name('status', key.status) };
}
