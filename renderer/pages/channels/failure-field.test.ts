import { describe, expect, it } from 'vitest';
import { channelDef } from '../../../shared/catalog/channels';
import { fieldsForFailure } from './failure-field';

describe('failure → form field', () => {
  it('points a missing card template at the card template id field', () => {
    expect(fieldsForFailure('param.cardTemplateNotExist')).toEqual(['cardTemplateId']);
    expect(fieldsForFailure('10014')).toEqual(['appSecret']);
    expect(fieldsForFailure('timeout')).toEqual([]);
    expect(fieldsForFailure(null)).toEqual([]);
  });
  it('only names fields the catalog has', () => {
    const all = new Set([...channelDef('dingtalk').fields, ...channelDef('feishu').fields].map((f) => f.id));
    for (const code of ['param.cardTemplateNotExist', 'robot.notFound', '40089', '10003', '10014']) {
      for (const f of fieldsForFailure(code)) expect(all.has(f)).toBe(true);
    }
  });
});
