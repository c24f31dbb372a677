/** The meta tag in which the build (renderer/vite.config.ts) lists the chunks prefetch.ts fetches once the shell is idle. */
export const PREFETCH_META = 'channel-desk-prefetch';
