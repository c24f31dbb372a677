import type { Shell } from 'electron';
import { checkExternalLink } from '../shared/external-links.js';
import type { Handlers } from './services/api/dispatch.js';
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

type OpenExternalHandler = Handlers['app.openExternal'];

/**
 * The services' `app.openExternal` only checks the link (headless mode opens it in the browser tab);
 * in Electron the renderer cannot open anything itself, so the main process wraps the handler to hand
 * an allowed link to the opener (which checks the allowlist again).
 */
export function withExternalOpener<H extends { 'app.openExternal': OpenExternalHandler }>(handlers: H, open: ExternalOpener): H {
  const check = handlers['app.openExternal'];
  return {
    ...handlers,
    'app.openExternal': (async (input, ctx) => {
      const result = await check(input, ctx);
      if (result.allowed) open(result.url);
      return result;
    }) satisfies OpenExternalHandler,
  };
}
