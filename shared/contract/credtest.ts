import type { MethodDef } from './define.js';

export const credtestMethods = {} satisfies Record<string, MethodDef>;
