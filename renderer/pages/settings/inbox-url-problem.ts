export type InboxUrlProblem = { kind: 'loopback' | 'wildcard' | 'plaintext'; host: string };

/**
 * What keeps an inbox URL from being pasted into DMS as is: only this machine can reach it, it names
 * "any address", or it is plain HTTP beyond this machine (bodies and the URL token travel in clear).
 */
export function inboxUrlProblem(url: string): InboxUrlProblem | null {
  const { hostname: host, protocol } = new URL(url);
  if (host === 'localhost' || host === '[::1]' || host.startsWith('127.')) return { kind: 'loopback', host };
  if (host === '0.0.0.0' || host === '[::]') return { kind: 'wildcard', host };
  if (protocol === 'http:') return { kind: 'plaintext', host };
  return null;
}
