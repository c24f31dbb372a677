import { describe, expect, it } from 'vitest';
import { outTrackIdAlreadyExists } from './dingtalk-card-duplicate.js';

const answer = (status: number, data: unknown) => ({ status, data, headers: {} });

describe('outTrackIdAlreadyExists', () => {
  it('recognises a 4xx naming the outTrackId as existing or duplicate', () => {
    expect(outTrackIdAlreadyExists(answer(400, { code: 'param.outTrackIdExisted', message: 'outTrackId 已存在' }))).toBe(true);
    expect(outTrackIdAlreadyExists(answer(400, { code: 'invalidParameter', message: 'outTrackId duplicated' }))).toBe(true);
    expect(outTrackIdAlreadyExists(answer(409, { code: 'card.outTraceIdExist' }))).toBe(true);
  });

  it('leaves every other answer to the normal checks', () => {
    expect(outTrackIdAlreadyExists(answer(400, { code: 'param.outTrackIdEmpty', message: 'outTrackId 不能为空' }))).toBe(false);
    expect(outTrackIdAlreadyExists(answer(400, { code: 'param.userIdNotExist' }))).toBe(false);
    expect(outTrackIdAlreadyExists(answer(500, { code: 'outTrackId exists' }))).toBe(false);
    expect(outTrackIdAlreadyExists(answer(200, { success: true }))).toBe(false);
    expect(outTrackIdAlreadyExists(answer(400, '<html>'))).toBe(false);
  });
});
