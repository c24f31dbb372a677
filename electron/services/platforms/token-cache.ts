export interface IssuedToken {
  readonly token: string;
  /** Lifetime in seconds as the platform reported it. */
  readonly expiresInSec: number;
  readonly serverDate: string | null;
}

interface Entry {
  readonly token: string;
  readonly expiresAt: number;
  readonly refreshAt: number;
}

export interface TokenCacheOptions {
  readonly now?: () => number;
  /** Refresh this long before expiry, capped at a tenth of the lifetime (short test TTLs). */
  readonly refreshMarginMs?: number;
}

/**
 * App access tokens by key (base URL + app id + secret fingerprint). Concurrent callers share one
 * request; a rejected token is dropped only if it is still the cached one, so a refresh by another
 * caller is never thrown away.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<{ entry: Entry; serverDate: string | null }>>();
  private readonly now: () => number;
  private readonly marginMs: number;

  constructor(opts: TokenCacheOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.marginMs = opts.refreshMarginMs ?? 5 * 60_000;
  }

  async get(
    key: string,
    fetch: () => Promise<IssuedToken>,
    force = false,
  ): Promise<{ token: string; expiresAt: number; serverDate: string | null; fresh: boolean }> {
    const cached = this.entries.get(key);
    if (!force && cached && this.now() < cached.refreshAt) {
      return { token: cached.token, expiresAt: cached.expiresAt, serverDate: null, fresh: false };
    }
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.fetchInto(key, fetch);
      this.inflight.set(key, pending);
    }
    const { entry, serverDate } = await pending;
    return { token: entry.token, expiresAt: entry.expiresAt, serverDate, fresh: true };
  }

  invalidate(key: string, token?: string): void {
    const cached = this.entries.get(key);
    if (cached && (token === undefined || cached.token === token)) this.entries.delete(key);
  }

  private async fetchInto(key: string, fetch: () => Promise<IssuedToken>): Promise<{ entry: Entry; serverDate: string | null }> {
    try {
      const issued = await fetch();
      const lifeMs = Math.max(0, issued.expiresInSec * 1000);
      const now = this.now();
      const entry: Entry = {
        token: issued.token,
        expiresAt: now + lifeMs,
        refreshAt: now + lifeMs - Math.min(this.marginMs, lifeMs / 10),
      };
      this.entries.set(key, entry);
      return { entry, serverDate: issued.serverDate };
    } finally {
      this.inflight.delete(key);
    }
  }
}
