import type { MethodDef } from './define.js';

export const configMethods = {} satisfies Record<string, MethodDef>;
