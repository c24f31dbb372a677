import { lazy, Suspense, type ComponentType } from 'react';

/** Banners load after the shell (they need the API client); nothing shows until they have something to say. */
function lazyBanner(load: () => Promise<ComponentType>): ComponentType {
  const Banner = lazy(async () => ({ default: await load() }));
  return function LazyBanner() {
    return (
      <Suspense fallback={null}>
        <Banner />
      </Suspense>
    );
  };
}

/**
 * App-wide notices shown above every page (e.g. delivery failures). Each component renders null
 * when it has nothing to say. To add one: one entry here.
 */
export const BANNERS: readonly { readonly key: string; readonly Component: ComponentType }[] = [
  { key: 'vault', Component: lazyBanner(() => import('./VaultBanner').then((m) => m.VaultBanner)) },
  { key: 'delivery-failures', Component: lazyBanner(() => import('./FailureBanner').then((m) => m.FailureBanner)) },
];
