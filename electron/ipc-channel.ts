/**
 * The IPC channel of one contract method. No imports: the sandboxed preload bundles this file, and
 * main registers exactly these channels, so the page can never name a channel the contract lacks.
 */
export const IPC_CHANNEL_PREFIX = 'cd:';

export const ipcChannel = (method: string): string => `${IPC_CHANNEL_PREFIX}${method}`;

/** Main → page: the service events (shared/contract/events.ts), outside the `cd:` method namespace. */
export const IPC_EVENT_CHANNEL = 'cd-events';
