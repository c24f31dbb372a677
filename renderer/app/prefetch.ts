import { PREFETCH_META } from './prefetch-meta';

/**
 * Downloads the other pages' chunks (listed by the build in a meta tag; the dev server has none) once the shell is idle, at idle
 * priority, without running them: a first visit then does not wait for the network, and the shell and
 * Home did not wait for 50 downloads.
 */
export function prefetchPagesWhenIdle(): void {
  const files = document.querySelector<HTMLMetaElement>(`meta[name="${PREFETCH_META}"]`)?.content.split(' ').filter(Boolean) ?? [];
  if (files.length === 0) return;
  const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 200));
  idle(
    () => {
      for (const href of files) {
        const link = document.createElement('link');
        link.rel = 'prefetch';
        link.crossOrigin = '';
        link.href = href;
        document.head.append(link);
      }
    },
    { timeout: 2_000 },
  );
}
