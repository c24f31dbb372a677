import { Spin } from 'antd';
import { lazy, Suspense, type ComponentType } from 'react';

/**
 * A page loaded on first visit (its own chunk), so the first paint only waits for the shell.
 * `load` picks the named export: `lazyPage(() => import('../pages/x/XPage').then((m) => m.XPage))`.
 */
export function lazyPage(load: () => Promise<ComponentType>): ComponentType {
  const Page = lazy(async () => ({ default: await load() }));
  return function LazyPage() {
    return (
      <Suspense fallback={<Spin data-testid="page-loading" style={{ display: 'block', marginTop: 48 }} />}>
        <Page />
      </Suspense>
    );
  };
}
