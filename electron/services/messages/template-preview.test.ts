import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings/schema.js';
import { checkTemplateView } from './template-preview.js';

const TEMPLATE = '{{module}} / {{business_type}} / {{status}} #{{ticket_id}}';

describe("the template preview uses a sample of the rule's own event kind", () => {
  it('a data-change rule that fires on approval previews a data change that was approved, in the channel language', () => {
    const s = defaultSettings();
    const check = checkTemplateView(s, 'lark', TEMPLATE, { module: 'ticket', businessType: 'data-change', status: 'approved' });
    expect(check.preview?.readable).toContain('Ticket / Data Change / Approved #1234567');
    expect(check.preview?.title).toBe('[DMS] Data Change · Approved');
    expect(checkTemplateView(s, 'feishu', TEMPLATE, { module: 'ticket', businessType: 'data-change', status: 'approved' }).preview?.readable).toContain(
      '工单 / 数据变更 / 审批通过',
    );
  });

  it('"any" keeps the sample status, and an "any" business type takes one of the rule\'s module', () => {
    const check = checkTemplateView(defaultSettings(), 'lark', TEMPLATE, { module: 'data-warehouse', businessType: '*', status: '*' });
    expect(check.preview?.readable).toContain('Data Warehouse Development / Publishing / Pending Approval');
  });

  it('without a kind (a rule not chosen yet) the usual sample is shown', () => {
    expect(checkTemplateView(defaultSettings(), 'lark', TEMPLATE).preview?.readable).toContain('Ticket / Data Exporting / Pending Approval');
  });
});
