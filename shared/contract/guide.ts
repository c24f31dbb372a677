import type { MethodDef } from './define.js';

export const guideMethods = {} satisfies Record<string, MethodDef>;
