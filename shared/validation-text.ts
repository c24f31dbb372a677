import type { z } from 'zod';
import { editDistance } from './edit-distance.js';
import { text, type LocalizedText } from './i18n-text.js';

type RawIssue = z.core.$ZodRawIssue;

/**
 * What zod's built-in checks say, as the admin reads it: a predicate in English and Chinese ("must be
 * true or false"), to follow the name of the value it is about. zod's own texts ("Invalid input: expected
 * boolean, received string", zh-CN "无效输入：期望 boolean") are validator talk, never shown.
 */
export function describeIssue(iss: RawIssue): LocalizedText {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? text('is missing', '缺失，必须填写') : expectedType(iss.expected);
    case 'too_small':
      return tooSmall(iss.origin, Number(iss.minimum), iss.inclusive !== false, iss.exact === true);
    case 'too_big':
      return tooBig(iss.origin, Number(iss.maximum), iss.inclusive !== false, iss.exact === true);
    case 'invalid_format':
      return invalidFormat(iss);
    case 'not_multiple_of':
      return text(`must be a multiple of ${iss.divisor}`, `必须是 ${iss.divisor} 的倍数`);
    case 'unrecognized_keys':
      return unknownKeys(iss.keys, knownKeysOf(iss.inst));
    case 'invalid_value':
      return oneOf(iss.values);
    case 'invalid_union':
      return text('is not one of the allowed forms', '不是允许的格式之一');
    case 'invalid_key':
      return text('has a key that is not allowed', '含有不允许的键');
    case 'invalid_element':
      return text('has an entry that is not allowed', '含有不允许的项');
    default:
      return text('is not valid', '无效');
  }
}

function expectedType(expected: string): LocalizedText {
  switch (expected) {
    case 'boolean':
      return text('must be true or false', '必须是 true 或 false');
    case 'string':
      return text('must be text', '必须是文本');
    case 'number':
      return text('must be a number', '必须是数字');
    case 'int':
      return text('must be a whole number', '必须是整数');
    case 'array':
    case 'tuple':
    case 'set':
      return text('must be a list', '必须是列表');
    case 'object':
    case 'record':
    case 'map':
      return text('must be an object with named values', '必须是包含键和值的对象');
    case 'null':
      return text('must be empty (null)', '必须为空（null）');
    case 'undefined':
    case 'never':
    case 'void':
      return text('must not be given', '不应填写');
    case 'date':
      return text('must be a date', '必须是日期');
    default:
      return text('has the wrong kind of value', '值的类型不正确');
  }
}

const isCount = (origin: string): boolean => origin === 'array' || origin === 'set';

function tooSmall(origin: string, min: number, inclusive: boolean, exact: boolean): LocalizedText {
  if (origin === 'string') {
    if (exact) return text(`must be exactly ${min} characters long`, `必须正好是 ${min} 个字符`);
    return min <= 1 ? text('must not be empty', '不能为空') : text(`must be at least ${min} characters long`, `至少需要 ${min} 个字符`);
  }
  if (isCount(origin)) {
    if (exact) return text(`must have exactly ${min} entries`, `必须正好有 ${min} 项`);
    return min <= 1 ? text('must have at least one entry', '至少需要一项') : text(`must have at least ${min} entries`, `至少需要 ${min} 项`);
  }
  if (origin === 'date') return text(`must not be before ${new Date(min).toISOString()}`, `不能早于 ${new Date(min).toISOString()}`);
  return inclusive ? text(`must be at least ${min}`, `不能小于 ${min}`) : text(`must be greater than ${min}`, `必须大于 ${min}`);
}

function tooBig(origin: string, max: number, inclusive: boolean, exact: boolean): LocalizedText {
  if (origin === 'string') {
    if (exact) return text(`must be exactly ${max} characters long`, `必须正好是 ${max} 个字符`);
    return text(`must be at most ${max} characters long`, `最多 ${max} 个字符`);
  }
  if (isCount(origin))
    return exact ? text(`must have exactly ${max} entries`, `必须正好有 ${max} 项`) : text(`must have at most ${max} entries`, `最多 ${max} 项`);
  if (origin === 'date') return text(`must not be after ${new Date(max).toISOString()}`, `不能晚于 ${new Date(max).toISOString()}`);
  return inclusive ? text(`must be at most ${max}`, `不能大于 ${max}`) : text(`must be less than ${max}`, `必须小于 ${max}`);
}

function invalidFormat(iss: Extract<RawIssue, { code: 'invalid_format' }>): LocalizedText {
  const str = (key: string): string => String((iss as Record<string, unknown>)[key] ?? '');
  switch (iss.format) {
    case 'email':
      return text('must be an e-mail address, such as name@example.com', '必须是邮箱地址，例如 name@example.com');
    case 'url':
      return text('must be a web address, such as https://example.com', '必须是网址，例如 https://example.com');
    case 'datetime':
      return text('must be a date and time, such as 2026-01-31T09:30:00Z', '必须是日期和时间，例如 2026-01-31T09:30:00Z');
    case 'date':
      return text('must be a date, such as 2026-01-31', '必须是日期，例如 2026-01-31');
    case 'time':
      return text('must be a time, such as 09:30', '必须是时间，例如 09:30');
    case 'starts_with':
      return text(`must start with "${str('prefix')}"`, `必须以“${str('prefix')}”开头`);
    case 'ends_with':
      return text(`must end with "${str('suffix')}"`, `必须以“${str('suffix')}”结尾`);
    case 'includes':
      return text(`must contain "${str('includes')}"`, `必须包含“${str('includes')}”`);
    default:
      // A regex or an id format: the pattern itself means nothing to the admin.
      return text('is not written in the expected form', '格式不正确');
  }
}

const quote = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : String(v));

function oneOf(values: readonly unknown[]): LocalizedText {
  if (values.length === 1) return text(`must be ${quote(values[0])}`, `必须是 ${quote(values[0])}`);
  const list = values.map(quote);
  return text(`must be one of ${list.join(', ')}`, `必须是 ${list.join('、')} 之一`);
}

/** The keys an object schema knows, for "did you mean" (none when the issue did not come from an object). */
function knownKeysOf(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: unknown } } } | undefined)?._zod?.def?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

/** The known key a typo most likely meant: another case, or a few letters edited (two, or a third of a long key). */
export function closestKey(wanted: string, known: readonly string[]): string | undefined {
  const folded = wanted.toLowerCase();
  let best: { key: string; d: number } | undefined;
  for (const key of known) {
    const d = editDistance(folded, key.toLowerCase());
    const limit = Math.max(wanted.length <= 3 ? 1 : 2, Math.floor(Math.max(wanted.length, key.length) / 3));
    if (d <= limit && (!best || d < best.d)) best = { key, d };
  }
  return best?.key;
}

function unknownKeys(keys: readonly string[], known: readonly string[]): LocalizedText {
  const parts = keys.map((k) => ({ key: k, near: closestKey(k, known) }));
  const en = parts.map((p) => (p.near ? `"${p.key}" (did you mean "${p.near}"?)` : `"${p.key}"`)).join(', ');
  const zh = parts.map((p) => (p.near ? `"${p.key}"（是否应为 "${p.near}"？）` : `"${p.key}"`)).join('、');
  return keys.length === 1 ? text(`has an unknown key ${en}`, `含有未知的键 ${zh}`) : text(`has unknown keys ${en}`, `含有未知的键 ${zh}`);
}

/** `channels.feishu.enabled` must be true or false; `root` names an issue at the top (empty path). */
export function issueSentence(path: string, predicate: LocalizedText, root: LocalizedText): LocalizedText {
  const en = path ? `\`${path}\` ${predicate.en}` : `${root.en} ${predicate.en}`;
  const zh = path ? `\`${path}\` ${predicate.zh}` : `${root.zh}${predicate.zh}`;
  return text(`${en}.`, `${zh}。`);
}

/** True when the issue's sentence already starts with its place, so a list need not name the place again. */
export const namesItsPlace = (issue: { path: string; message: LocalizedText }): boolean =>
  issue.path !== '' && issue.message.en.startsWith(`\`${issue.path}\` `);

/** The sentence without its place, for showing under the field it is about: "`user.name` must be …" → "Must be …". */
export function withoutPlace(issue: { path: string; message: LocalizedText }): LocalizedText {
  if (!namesItsPlace(issue)) return issue.message;
  const rest = (s: string): string => s.slice(issue.path.length + 3);
  const en = rest(issue.message.en);
  return text(en.charAt(0).toUpperCase() + en.slice(1), rest(issue.message.zh));
}
