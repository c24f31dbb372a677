import type { MethodDef } from './define.js';

export const appMethods = {} satisfies Record<string, MethodDef>;
