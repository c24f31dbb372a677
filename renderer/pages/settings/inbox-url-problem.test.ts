import { describe, expect, it } from 'vitest';
import { inboxUrlProblem } from './inbox-url-problem';

describe('inboxUrlProblem', () => {
  it.each([
    ['http://127.0.0.1:4871/hooks/dms/t', 'loopback'],
    ['http://localhost:4871/hooks/dms/t', 'loopback'],
    ['http://[::1]:4871/hooks/dms/t', 'loopback'],
    ['http://0.0.0.0:4871/hooks/dms/t', 'wildcard'],
    ['https://0.0.0.0:4871/hooks/dms/t', 'wildcard'],
    ['http://10.1.2.3:4871/hooks/dms/t', 'plaintext'],
    ['http://inbox.example.com/hooks/dms/t', 'plaintext'],
  ])('%s → %s', (url, kind) => {
    expect(inboxUrlProblem(url)?.kind).toBe(kind);
  });

  it('an HTTPS URL DMS can reach has no problem', () => {
    expect(inboxUrlProblem('https://10.1.2.3:4871/hooks/dms/t')).toBeNull();
    expect(inboxUrlProblem('https://inbox.example.com/hooks/dms/t')).toBeNull();
  });
});
