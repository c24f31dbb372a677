/**
 * Loads and runs the other pages' chunks once the shell is idle, one per idle period, so a first visit does
 * not wait for the network or for the chunk's evaluation (it renders at once, lazy-page.tsx). Started after
 * Home: on a 2-core machine ~30 downloads at load competed with the shell's own.
 */
export function preloadPagesWhenIdle(preloads: readonly (() => Promise<void>)[]): () => void {
  const idle = (run: () => void): (() => void) => {
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(run, { timeout: 2_000 });
      return () => window.cancelIdleCallback(id);
    }
    const id = window.setTimeout(run, 200);
    return () => window.clearTimeout(id);
  };
  let cancel = (): void => undefined;
  let stopped = false;
  const next = (i: number): void => {
    const preload = preloads[i];
    if (stopped || !preload) return;
    cancel = idle(() => {
      // A chunk that fails to load is loaded again on its first visit (with its spinner); go on with the others.
      void preload()
        .catch(() => undefined)
        .then(() => next(i + 1));
    });
  };
  next(0);
  return () => {
    stopped = true;
    cancel();
  };
}
