import type { MethodDef } from './define.js';

export const senderMethods = {} satisfies Record<string, MethodDef>;
