import { describe, expect, it } from 'vitest';
import { maxDmsTime, shiftDmsTime, toDmsTime } from './dms-time.js';
import { resolveEndpoint } from './endpoint.js';

describe('resolveEndpoint', () => {
  it('uses the region public endpoint when the override is empty', () => {
    expect(resolveEndpoint('cn-hangzhou', '')).toBe('https://dms-enterprise.cn-hangzhou.aliyuncs.com');
    expect(resolveEndpoint('ap-southeast-1', '  ')).toBe('https://dms-enterprise.ap-southeast-1.aliyuncs.com');
  });

  it('accepts a bare host or an https URL, and http only on loopback', () => {
    expect(resolveEndpoint('cn-hangzhou', 'dms-enterprise-vpc.cn-hangzhou.aliyuncs.com')).toBe('https://dms-enterprise-vpc.cn-hangzhou.aliyuncs.com');
    expect(resolveEndpoint('cn-hangzhou', 'https://example.test:8443/')).toBe('https://example.test:8443');
    expect(resolveEndpoint('cn-hangzhou', 'http://127.0.0.1:9000')).toBe('http://127.0.0.1:9000');
    expect(resolveEndpoint('cn-hangzhou', 'http://localhost:9000')).toBe('http://localhost:9000');
  });

  it.each([
    ['http://dms-enterprise.cn-hangzhou.aliyuncs.com', /plain http/],
    ['http://127.0.0.1.evil.test', /plain http/],
    ['https://user:pw@host.test', /only the host/],
    ['https://host.test/path', /only the host/],
    ['https://host.test/?a=1', /only the host/],
    ['ftp://host.test', /must be https/],
    ['https://', /not a valid/],
  ])('refuses %s', (override, why) => {
    expect(() => resolveEndpoint('cn-hangzhou', override)).toThrow(why);
  });

  it('refuses a malformed region when no override is given', () => {
    expect(() => resolveEndpoint('hangzhou; rm', '')).toThrow(/Unknown region/);
  });
});

describe('DMS time', () => {
  it('formats Beijing time and shifts zone-less times across day boundaries', () => {
    expect(toDmsTime(new Date('2026-11-27T16:30:05Z'))).toBe('2026-11-28 00:30:05');
    expect(shiftDmsTime('2026-03-01 00:05:00', -10)).toBe('2026-02-28 23:55:00');
    expect(maxDmsTime('2026-01-02 00:00:00', '2026-01-01 23:59:59')).toBe('2026-01-02 00:00:00');
    expect(() => shiftDmsTime('2026-03-01T00:05:00Z', 1)).toThrow();
  });
});
