import type { Shell } from 'electron';
import { checkExternalLink } from '../shared/external-links.js';
import type { ExternalOpener } from './window.js';

/**
 * The only place that may call shell.openExternal (a unit test greps electron/ for others): links go to
 * the system browser only when the allowlist accepts them, and then in their normalised form.
 */
export function createExternalOpener(shell: Pick<Shell, 'openExternal'>, onDenied: (url: string) => void = () => undefined): ExternalOpener {
  return (raw) => {
    const check = checkExternalLink(raw);
    if (!check.allowed) {
      onDenied(raw);
      return;
    }
    shell.openExternal(check.url).catch(() => onDenied(raw));
  };
}
