import type { MethodDef } from './define.js';

export const dmsMethods = {} satisfies Record<string, MethodDef>;
