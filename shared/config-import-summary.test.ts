import { describe, expect, it } from 'vitest';
import { importSummaryText } from './config-import-summary.js';

describe('the config import summary reads as a sentence', () => {
  it.each([
    [
      { channels: ['feishu'] as const, users: 1, rules: 14, secretsStored: 1 },
      'Imported the Feishu channel, 1 user and 14 rules. 1 secret was stored in the keychain.',
      '已导入飞书渠道、1 个用户和 14 条规则。1 个密钥已存入钥匙串。',
    ],
    [
      { channels: ['dingtalk', 'lark'] as const, users: null, rules: null, secretsStored: 0 },
      'Imported the DingTalk and Lark channels. The file has no users or rules, so the stored ones stay as they were.',
      '已导入钉钉和 Lark 渠道。文件中没有用户和规则，已有的保持不变。',
    ],
    [
      { channels: [] as const, users: 62, rules: null, secretsStored: 2 },
      'Imported 62 users. 2 secrets were stored in the keychain. The file has no rules, so the stored rules stay as they were.',
      '已导入 62 个用户。2 个密钥已存入钥匙串。文件中没有规则，已有的规则保持不变。',
    ],
  ])('%j', (summary, en, zh) => {
    expect(importSummaryText({ ...summary, channels: [...summary.channels] })).toEqual({ en, zh });
  });
});
