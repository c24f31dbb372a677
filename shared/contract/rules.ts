import type { MethodDef } from './define.js';

export const rulesMethods = {} satisfies Record<string, MethodDef>;
