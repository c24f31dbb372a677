import { z } from 'zod';

/**
 * antd's counter for a text field, with the maximum the contract allows (read from its schema, so form
 * and contract cannot drift apart): `<Input {...textLimit(schema)} />`. A record schema (e.g. a channel's
 * values by key) gives the limit of its values; a schema without a maximum gives no counter.
 */
export function textLimit(schema: z.ZodType): { maxLength?: number; showCount?: boolean } {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
  if (s instanceof z.ZodRecord) return textLimit(s.valueType as z.ZodType);
  const max = s instanceof z.ZodString ? s.maxLength : null;
  return max === null ? {} : { maxLength: max, showCount: true };
}
