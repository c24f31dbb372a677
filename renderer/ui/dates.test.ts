import { describe, expect, it } from 'vitest';
import { dateFormat } from './dates';

const AT = '2026-11-27T10:05:09Z';

describe('dateFormat', () => {
  it('formats in the app language, whatever the browser locale', () => {
    const zh = dateFormat('zh-CN');
    const en = dateFormat('en-US');
    expect(zh.dateTime(AT)).toMatch(/^2026年11月27日 \d{2}:05:09$/);
    expect(en.dateTime(AT)).toMatch(/^Nov 27, 2026, \d{1,2}:05:09 (AM|PM)$/);
    expect(zh.dateTimeShort(AT)).not.toMatch(/AM|PM|Nov/);
    expect(en.hourMinute(AT)).toMatch(/^\d{2}:05 (AM|PM)$/);
    expect(zh.hourMinute(AT)).toMatch(/^\d{2}:05$/);
  });
});
