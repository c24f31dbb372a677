import type { MethodDef } from './define.js';

export const usersMethods = {} satisfies Record<string, MethodDef>;
