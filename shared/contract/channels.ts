import type { MethodDef } from './define.js';

export const channelsMethods = {} satisfies Record<string, MethodDef>;
