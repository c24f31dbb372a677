import { Spin } from 'antd';
import { lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';
import { prefetchQueries, type QueryDef } from '../api';

/** What a lazy chunk gives: the component, and the queries it reads first (to load them ahead). */
export interface LazyModule {
  readonly component: ComponentType;
  readonly firstQueries?: readonly QueryDef[];
}

/** A component in its own chunk, loadable ahead of its first render. */
export type LazyComponent = ComponentType & {
  /** Loads and runs the chunk. */
  readonly preload: () => Promise<void>;
  /** Also loads the queries it reads first into the shared cache. */
  readonly prefetch: () => Promise<void>;
};

/**
 * A component loaded on first render or ahead of it (its own chunk). Mounted after `preload()`, it renders at
 * once: no Suspense fallback and no extra commit. Mounted before, it shows `fallback` until the chunk is there.
 */
export function lazyComponent(load: () => Promise<LazyModule>, fallback: ReactNode): LazyComponent {
  let loaded: LazyModule | undefined;
  let loading: Promise<LazyModule> | undefined;
  const start = (): Promise<LazyModule> =>
    (loading ??= load().then(
      (mod) => (loaded = mod),
      (err: unknown) => {
        loading = undefined; // A failed download is tried again on the next visit.
        throw err;
      },
    ));
  const Lazy = lazy(async () => ({ default: (await start()).component }));
  function LazyComponent() {
    // Decided once per mount: switching between the two trees later would remount the component.
    const [Loaded] = useState(() => loaded?.component);
    if (Loaded) return <Loaded />;
    return (
      <Suspense fallback={fallback}>
        <Lazy />
      </Suspense>
    );
  }
  return Object.assign(LazyComponent, {
    preload: () => start().then(() => undefined),
    prefetch: () => start().then((mod) => prefetchQueries(mod.firstQueries ?? [])),
  });
}

/** A page: `lazyPage(() => import('../pages/x/XPage').then((m) => ({ component: m.XPage, firstQueries: m.firstQueries })))`. */
export function lazyPage(load: () => Promise<LazyModule>): LazyComponent {
  return lazyComponent(load, <Spin data-testid="page-loading" style={{ display: 'block', marginTop: 48 }} />);
}
