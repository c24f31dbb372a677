import { BANNER_MODULES } from './banner-modules';
import type { LazyComponent } from './lazy-page';
import { lazyComponent } from './lazy-page';

/**
 * App-wide notices shown above every page (e.g. delivery failures), each in its own chunk (they need the API
 * client). Each renders null when it has nothing to say; nothing shows while it loads. To add one: one entry here.
 */
export const BANNERS: readonly { readonly key: string; readonly Component: LazyComponent }[] = [
  { key: 'vault', Component: lazyComponent(() => BANNER_MODULES.vault().then((m) => ({ component: m.VaultBanner })), null) },
  { key: 'delivery-failures', Component: lazyComponent(() => BANNER_MODULES.failures().then((m) => ({ component: m.FailureBanner })), null) },
];
