import { Spin } from 'antd';
import { lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';

/** A component in its own chunk; `preload()` loads and runs the chunk ahead of its first render. */
export type LazyComponent = ComponentType & { readonly preload: () => Promise<void> };

/**
 * A component loaded on first render or ahead of it (its own chunk). Mounted after `preload()`, it renders at
 * once: no Suspense fallback and no extra commit. Mounted before, it shows `fallback` until the chunk is there.
 */
export function lazyComponent(load: () => Promise<ComponentType>, fallback: ReactNode): LazyComponent {
  let loaded: ComponentType | undefined;
  let loading: Promise<ComponentType> | undefined;
  const start = (): Promise<ComponentType> =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (err: unknown) => {
        loading = undefined; // A failed download is tried again on the next visit.
        throw err;
      },
    ));
  const Lazy = lazy(async () => ({ default: await start() }));
  function LazyComponent() {
    // Decided once per mount: switching between the two trees later would remount the component.
    const [Loaded] = useState(() => loaded);
    if (Loaded) return <Loaded />;
    return (
      <Suspense fallback={fallback}>
        <Lazy />
      </Suspense>
    );
  }
  return Object.assign(LazyComponent, { preload: () => start().then(() => undefined) });
}

/** A page: `lazyPage(() => import('../pages/x/XPage').then((m) => m.XPage))`, a spinner while it loads. */
export function lazyPage(load: () => Promise<ComponentType>): LazyComponent {
  return lazyComponent(load, <Spin data-testid="page-loading" style={{ display: 'block', marginTop: 48 }} />);
}
