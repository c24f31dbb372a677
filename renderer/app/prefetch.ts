import { PREFETCH_META } from './prefetch-meta';

/**
 * Downloads the other pages' chunks (listed by the build in a meta tag; the dev server has none) once the
 * shell is idle, at idle priority, without running them: a first visit then does not wait for the network,
 * and the shell and Home do not share the machine with ~30 downloads.
 */
export function prefetchPagesWhenIdle(): void {
  const files = document.querySelector<HTMLMetaElement>(`meta[name="${PREFETCH_META}"]`)?.content.split(' ').filter(Boolean) ?? [];
  if (files.length === 0) return;
  const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 200));
  idle(
    () => {
      // One insertion for all (the profile showed ~14 ms for the links one by one).
      const links = files.map((href) => {
        const link = document.createElement('link');
        link.rel = 'prefetch';
        link.crossOrigin = '';
        link.href = href;
        return link;
      });
      document.head.append(...links);
    },
    { timeout: 2_000 },
  );
}
