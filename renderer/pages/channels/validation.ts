import type { CredentialField } from '../../../shared/catalog/channels';
import { isLoopbackHost } from '../../../shared/secret-target';

/**
 * A base URL override is a bare http(s) origin — the platform clients append the API paths
 * themselves, so a path, query or embedded credentials would only be a paste mistake. Empty means
 * the platform default and is not checked here.
 */
export function isValidBaseUrl(value: string): boolean {
  if (!/^https?:\/\/[^/?#@\s]+\/?$/i.test(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}

/** The catalog's loose format check on a non-empty value (empty is handled by "required"). */
export const matchesFormat = (field: CredentialField, value: string): boolean => field.pattern.test(value);

/** Plain http only reaches loopback hosts: a secret must not cross a network unencrypted. */
export function isPlainHttpToRemote(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}
