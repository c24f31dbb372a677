import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VALIDATOR_TEXT } from '../test/fixtures/validator-text.js';
import { configFileSchema } from './config-file.js';
import { parseLocalized } from './errors.js';
import { text } from './i18n-text.js';
import { withoutPlace } from './validation-text.js';

const issuesOf = (schema: z.ZodType, data: unknown) => {
  const r = parseLocalized(schema, data, '', text('The file', '文件'));
  if (r.success) throw new Error('expected issues');
  return r.issues;
};

describe('zod issues in words (parseLocalized)', () => {
  it('names the value and says what it must be, in English and Chinese', () => {
    const issues = issuesOf(configFileSchema, { version: 1, channels: { feishu: { enabled: 'yes' } } });
    expect(issues).toEqual([
      {
        path: 'channels.feishu.enabled',
        message: { en: '`channels.feishu.enabled` must be true or false.', zh: '`channels.feishu.enabled` 必须是 true 或 false。' },
      },
    ]);
  });

  it.each([
    ['missing', z.object({ a: z.string() }), {}, '`a` is missing.', '`a` 缺失，必须填写。'],
    ['empty text', z.object({ a: z.string().min(1) }), { a: '' }, '`a` must not be empty.', '`a` 不能为空。'],
    ['too long', z.object({ a: z.string().max(200) }), { a: 'x'.repeat(201) }, '`a` must be at most 200 characters long.', '`a` 最多 200 个字符。'],
    ['too small a number', z.object({ a: z.number().int().min(1) }), { a: 0 }, '`a` must be at least 1.', '`a` 不能小于 1。'],
    ['not positive', z.object({ a: z.number().positive() }), { a: 0 }, '`a` must be greater than 0.', '`a` 必须大于 0。'],
    ['past 2^53', z.object({ a: z.number().int() }), { a: 2 ** 53 + 2 }, '`a` must be at most 9007199254740991.', '`a` 不能大于 9007199254740991。'],
    ['fractional', z.object({ a: z.number().int() }), { a: 1.5 }, '`a` must be a whole number.', '`a` 必须是整数。'],
    ['a number as text', z.object({ a: z.number() }), { a: '5' }, '`a` must be a number.', '`a` 必须是数字。'],
    ['not a list', z.object({ a: z.array(z.string()) }), { a: 'x' }, '`a` must be a list.', '`a` 必须是列表。'],
    ['too many', z.object({ a: z.array(z.string()).max(2) }), { a: ['1', '2', '3'] }, '`a` must have at most 2 entries.', '`a` 最多 2 项。'],
    ['not an option', z.object({ a: z.enum(['x', 'y']) }), { a: 'z' }, '`a` must be one of "x", "y".', '`a` 必须是 "x"、"y" 之一。'],
    [
      'not an e-mail',
      z.object({ a: z.email() }),
      { a: 'nope' },
      '`a` must be an e-mail address, such as name@example.com.',
      '`a` 必须是邮箱地址，例如 name@example.com。',
    ],
    ['a pattern', z.object({ a: z.string().regex(/^\d+$/) }), { a: 'x' }, '`a` is not written in the expected form.', '`a` 格式不正确。'],
  ])('%s', (_, schema, data, en, zh) => {
    expect(issuesOf(schema, data)).toEqual([{ path: 'a', message: { en, zh } }]);
  });

  it('suggests the known key an unknown one was likely meant to be', () => {
    const issues = issuesOf(configFileSchema, { version: 1, channels: { feishu: { appSecert: 'x' } }, users: [{ uid: '1', nmae: 'A' }], extra: 1 });
    expect(issues.map((i) => i.message.en)).toEqual([
      '`channels.feishu` has an unknown key "appSecert" (did you mean "appSecret"?).',
      '`users.0` has an unknown key "nmae" (did you mean "name"?).',
      'The file has an unknown key "extra".',
    ]);
    expect(issues[0]!.message.zh).toBe('`channels.feishu` 含有未知的键 "appSecert"（是否应为 "appSecret"？）。');
    expect(issues[2]!.message.zh).toBe('文件含有未知的键 "extra"。');
  });

  it("keeps a schema's own message, with its Chinese text", () => {
    const schema = z.object({ a: z.string().refine((s) => s === 'ok', { error: 'Say ok', params: { zh: '请写 ok' } }) });
    expect(issuesOf(schema, { a: 'no' })).toEqual([{ path: 'a', message: { en: 'Say ok', zh: '请写 ok' } }]);
  });

  it('never passes on validator text', () => {
    const issues = issuesOf(configFileSchema, {
      version: 2,
      channels: [],
      users: {},
      rules: [{ module: 1, enabled: 'no', channels: ['fax'] }],
      dms: { tid: 'x' },
    });
    for (const i of issues) {
      expect(i.message.en).not.toMatch(VALIDATOR_TEXT);
      expect(i.message.zh).not.toMatch(VALIDATOR_TEXT);
      expect(i.message.zh).toMatch(/\p{Script=Han}/u);
    }
  });

  it('under its own form field, a sentence drops its place', () => {
    const [issue] = issuesOf(z.object({ user: z.object({ name: z.string().max(200) }) }), { user: { name: 'N'.repeat(201) } });
    expect(withoutPlace(issue!)).toEqual({ en: 'Must be at most 200 characters long.', zh: '最多 200 个字符。' });
    expect(withoutPlace({ path: 'rule.status', message: text('Pick a status', '请选择状态') })).toEqual(text('Pick a status', '请选择状态'));
  });
});
