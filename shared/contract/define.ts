import { z } from 'zod';

/** One contract method: what it accepts and what it returns, validated on both transports. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

export const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodDef<I, O> => ({
  input,
  output,
});

/** The input of a method that takes nothing; a missing body counts as `{}`. */
export const emptyInput = z.object({}).default({});
