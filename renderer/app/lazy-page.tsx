import { Spin } from 'antd';
import { lazy, Suspense, type ComponentType } from 'react';

const loaders: (() => Promise<ComponentType>)[] = [];

/**
 * A page loaded on first visit (its own chunk), so the first paint only waits for the shell.
 * `load` picks the named export: `lazyPage(() => import('../pages/x/XPage').then((m) => m.XPage))`.
 */
export function lazyPage(load: () => Promise<ComponentType>): ComponentType {
  let loading: Promise<ComponentType> | undefined;
  // One download shared by the preload and the route; a failed one is tried again on the next ask.
  const once = (): Promise<ComponentType> =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
  loaders.push(once);
  const Page = lazy(async () => ({ default: await once() }));
  return function LazyPage() {
    return (
      <Suspense fallback={<Spin data-testid="page-loading" style={{ display: 'block', marginTop: 48 }} />}>
        <Page />
      </Suspense>
    );
  };
}

/** Loads every page's chunk (once the shell is idle), so a first visit does not wait for the network. */
export function preloadPages(): void {
  for (const load of loaders) {
    // A chunk that fails now is asked again, with its error shown, when its page is visited.
    load().catch(() => undefined);
  }
}
