import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelSaveInputSchema } from '../../shared/contract/channels';
import { dmsUserInputSchema } from '../../shared/contract/users';
import { textLimit } from './text-limit';

describe('textLimit', () => {
  it("gives the contract's maximum to antd's counter", () => {
    expect(textLimit(dmsUserInputSchema.shape.name)).toEqual({ maxLength: 200, showCount: true });
    expect(textLimit(dmsUserInputSchema.shape.mobile)).toEqual({ maxLength: 32, showCount: true });
    expect(textLimit(z.string().trim().max(128).optional())).toEqual({ maxLength: 128, showCount: true });
  });

  it('reads the values of a record, and gives nothing without a maximum', () => {
    expect(textLimit(channelSaveInputSchema.shape.values)).toEqual({ maxLength: 1024, showCount: true });
    expect(textLimit(channelSaveInputSchema.shape.baseUrls)).toEqual({ maxLength: 2048, showCount: true });
    expect(textLimit(z.string())).toEqual({});
    expect(textLimit(z.number().max(5))).toEqual({});
  });
});
