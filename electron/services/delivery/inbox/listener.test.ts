import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { advertisedHost } from './listener.js';

const iface = (address: string, family: 'IPv4' | 'IPv6', internal: boolean): NetworkInterfaceInfo =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo;

describe('advertisedHost', () => {
  const interfaces = {
    lo: [iface('127.0.0.1', 'IPv4', true)],
    eth0: [iface('fe80::1', 'IPv6', false), iface('10.1.2.3', 'IPv4', false)],
  };

  it('replaces a wildcard bind with the first external IPv4 address', () => {
    expect(advertisedHost('0.0.0.0', interfaces)).toBe('10.1.2.3');
    expect(advertisedHost('::', interfaces)).toBe('10.1.2.3');
  });

  it('keeps a specific bind address', () => {
    expect(advertisedHost('127.0.0.1', interfaces)).toBe('127.0.0.1');
    expect(advertisedHost('192.0.2.7', interfaces)).toBe('192.0.2.7');
  });

  it('keeps the wildcard when the machine has no external address', () => {
    expect(advertisedHost('0.0.0.0', { lo: interfaces.lo })).toBe('0.0.0.0');
  });
});
