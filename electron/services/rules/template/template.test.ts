import { describe, expect, it } from 'vitest';
import { TEMPLATE_VARIABLES } from '../../../../shared/template-variables.js';
import { normalizeRule } from '../rule-store.js';
import { checkTemplate, WORST_CASE } from './check.js';
import { renderTemplate } from './engine.js';

const en = (channel: Parameters<typeof checkTemplate>[0], source: string): string[] => checkTemplate(channel, source).map((p) => p.en);

describe('template check', () => {
  it('accepts every documented variable, sections, inverted sections, triple braces and comments', () => {
    const all = TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(' ');
    expect(en('feishu', `${all} {{#approvers}}to {{.}}{{/approvers}}{{^dms_link}}no link{{/dms_link}} {{{title}}} {{! note }}`)).toEqual([]);
  });

  it('names an unknown variable with the nearest one, in both languages', () => {
    const [p] = checkTemplate('feishu', 'Ticket {{tiket_id}}');
    expect(p).toEqual({ en: 'unknown variable {{tiket_id}} — did you mean {{ticket_id}}?', zh: '未知变量 {{tiket_id}}，是否应为 {{ticket_id}}？' });
    expect(en('feishu', '{{#nothing_like_it}}x{{/nothing_like_it}}')).toEqual(['unknown variable {{nothing_like_it}}']);
  });

  it('refuses property paths, prototype names and partials', () => {
    expect(en('lark', '{{title.length}}')).toEqual(['unknown variable {{title.length}}']);
    expect(en('lark', '{{constructor}}')).toEqual(['unknown variable {{constructor}}']);
    expect(en('lark', '{{> other}}')).toEqual(['partials ({{>other}}) are not supported']);
  });

  it('names unbalanced sections and unclosed tags', () => {
    expect(en('dingtalk', '{{#approvers}}x')).toEqual(['unbalanced section {{#approvers}} — missing {{/approvers}}']);
    expect(en('dingtalk', 'x{{/approvers}}')).toEqual(['unbalanced section {{/approvers}} — no {{#approvers}} before it']);
    expect(en('dingtalk', '{{#approvers}}{{/status}}')).toEqual(['unbalanced section {{#approvers}} — missing {{/approvers}}']);
    expect(en('dingtalk', 'x {{title')).toEqual(['unclosed tag: a "{{" has no "}}"']);
  });

  it('names every problem at once: an unbalanced section does not hide unknown variables, nor a bad name the size', () => {
    expect(en('feishu', '{{#approvers}}{{tiket_id}} {{> other}} {{nothing_like_it}}')).toEqual([
      'unbalanced section {{#approvers}} — missing {{/approvers}}',
      'unknown variable {{tiket_id}} — did you mean {{ticket_id}}?',
      'partials ({{>other}}) are not supported',
      'unknown variable {{nothing_like_it}}',
    ]);
    expect(en('dingtalk', '{{tiket_id}} {{tiket_id}} {{title}}{{title}}{{title}}')).toEqual([
      'unknown variable {{tiket_id}} — did you mean {{ticket_id}}?',
      'too long for DingTalk: up to 18002 bytes with the longest values an event can bring, the limit is 12000',
    ]);
    expect(en('dingtalk', '{{.}} {{title}}{{title}}{{title}}')).toEqual(['{{.}} is only allowed inside a section such as {{#approvers}}…{{/approvers}}']);
  });

  it('refuses a template whose worst-case rendering is over the platform limit, per platform', () => {
    // The longest title is 2,000 CJK characters (6,000 bytes): twice fits DingTalk's 12,000, three times only Feishu's 25,000.
    expect(en('dingtalk', '{{title}}{{title}}')).toEqual([]);
    expect(en('feishu', '{{title}}{{title}}{{title}}')).toEqual([]);
    expect(en('dingtalk', '{{title}}{{title}}{{title}}')).toEqual([
      'too long for DingTalk: up to 18000 bytes with the longest values an event can bring, the limit is 12000',
    ]);
    // JSON escaping counts: 7,000 quotes become 14,000 bytes in the request.
    expect(en('dingtalk-enterprise', '"'.repeat(7_000))[0]).toMatch(/^too long for DingTalk Enterprise: up to 14000 bytes/);
    expect(en('feishu', 'x'.repeat(20_001))).toEqual(['the template is longer than 20000 characters']);
  });
});

describe('template rendering', () => {
  it('reaches only the documented values: no prototype, no functions', () => {
    expect(renderTemplate('[{{constructor}}][{{toString}}][{{__proto__}}]', WORST_CASE, (s) => s)).toBe('[][][]');
  });

  it('renders 0 reminders as 0 and hides the reminder section', () => {
    expect(renderTemplate('{{reminder_count}}{{#reminder_count}}!{{/reminder_count}}', { ...WORST_CASE, reminder_count: 0 }, (s) => s)).toBe('0');
  });
});

describe('rule templates', () => {
  const rule = { module: 'Ticket', businessType: 'Data Exporting', status: 'Pending Approval' };

  it('are stored in channel order without blank ones, and absent when none', () => {
    const { rule: r, issues } = normalizeRule({ ...rule, templates: { lark: 'L {{title}}', dingtalk: ' ', feishu: 'F' } }, 'rules.0');
    expect(issues).toEqual([]);
    expect(JSON.stringify(r?.templates)).toBe('{"feishu":"F","lark":"L {{title}}"}');
    expect(normalizeRule({ ...rule, templates: { feishu: '' } }, 'rules.0').rule).not.toHaveProperty('templates');
  });

  it('report {{.}} outside a section at the path of the channel instead of failing to render', () => {
    const outside = 'rules.1.templates.feishu: {{.}} is only allowed inside a section such as {{#approvers}}…{{/approvers}}';
    for (const source of ['Ticket {{.}}', '{{{.}}}', '{{^approvers}}{{.}}{{/approvers}}']) {
      const { issues } = normalizeRule({ ...rule, templates: { feishu: source } }, 'rules.1');
      expect(issues.map((i) => `${i.path}: ${i.message.en}`)).toEqual([outside]);
    }
    expect(normalizeRule({ ...rule, templates: { feishu: '{{#approvers}}{{^title}}{{.}}{{/title}}{{/approvers}}' } }, 'rules.1').issues).toEqual([]);
  });

  it('report problems at the path of the channel', () => {
    const { issues } = normalizeRule({ ...rule, templates: { feishu: '{{tiket_id}}' } }, 'rules.3');
    expect(issues.map((i) => `${i.path}: ${i.message.en}`)).toEqual(['rules.3.templates.feishu: unknown variable {{tiket_id}} — did you mean {{ticket_id}}?']);
  });
});
