/**
 * The banners' chunks (banners.tsx), apart from the components: main.tsx asks for them with Home's right after the
 * static shell's first paint, as the first render waits for them; this module pulls in nothing else.
 */
export const BANNER_MODULES = {
  vault: () => import('./VaultBanner'),
  failures: () => import('./FailureBanner'),
} as const;
