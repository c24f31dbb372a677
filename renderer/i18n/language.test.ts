import { describe, expect, it } from 'vitest';
import { languageFromNavigator } from './language';

describe('languageFromNavigator', () => {
  it('maps every Chinese variant to zh-CN and everything else to en-US', () => {
    expect(languageFromNavigator(['zh-TW', 'en'])).toBe('zh-CN');
    expect(languageFromNavigator(['zh'])).toBe('zh-CN');
    expect(languageFromNavigator(['de-DE', 'zh-CN'])).toBe('en-US');
    expect(languageFromNavigator(['', 'en-GB'])).toBe('en-US');
    expect(languageFromNavigator([])).toBe('en-US');
  });
});
