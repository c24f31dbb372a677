import type { ComponentType } from 'react';
import { FailureBanner } from './FailureBanner';
import { VaultBanner } from './VaultBanner';

/**
 * App-wide notices shown above every page (e.g. delivery failures). Each component renders null
 * when it has nothing to say. To add one: one entry here.
 */
export const BANNERS: readonly { readonly key: string; readonly Component: ComponentType }[] = [
  { key: 'vault', Component: VaultBanner },
  { key: 'delivery-failures', Component: FailureBanner },
];
