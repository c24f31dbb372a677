import { describe, expect, it } from 'vitest';
import { isChatId, ruleChatSchema } from './chats.js';

describe('group chat ids', () => {
  it('accept the platforms’ id alphabet only: a ; or a quote after the prefix is refused', () => {
    expect(isChatId('dingtalk', 'cid6KeBBLoveMJOGXoYKF5x7EeiodoA==')).toBe(true);
    expect(isChatId('dingtalk-enterprise', 'cidAb+c/d_e-f=')).toBe(true);
    expect(isChatId('feishu', 'oc_a0553eda9014c201e6969b478895c230')).toBe(true);
    for (const bad of ['cid123;drop', 'cid"x', 'cid 1', 'cid\n1', 'cidney@example.com', 'oc_1']) expect(isChatId('dingtalk', bad), bad).toBe(false);
    expect(isChatId('lark', 'oc_1;x')).toBe(false);

    const parsed = ruleChatSchema.safeParse({ channel: 'dingtalk', chatId: 'cidAbc;rm', name: 'DBA' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['chatId'], message: expect.stringContaining('starts with "cid" and has only letters, digits') });
  });
});
