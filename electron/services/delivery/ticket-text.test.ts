import { describe, expect, it } from 'vitest';
import { CHANNEL_IDS } from '../../../shared/catalog/channels.js';
import { dmsEventSchema } from '../../../shared/events/dms-event.js';
import { escapeMarkdownFor } from '../platforms/text-util.js';
import { renderMessage } from './sender/render.js';
import { defang } from './ticket-text.js';

describe('defang (event-controlled values)', () => {
  it('breaks mention-everyone words and Feishu <at> tags, keeping the text readable', () => {
    expect(defang('hi @all and @ALL and @所有人 and @everyone')).toBe('hi ＠all and ＠ALL and ＠所有人 and ＠everyone');
    expect(defang('<at user_id="all">everyone</at> < at id=all></ at>')).toBe('＜at user_id="all">everyone＜/at> ＜ at id=all>＜/ at>');
    // Words that only start like them, and e-mail addresses, stay.
    expect(defang('@allison a<b mail@all.example.com <attach>')).toBe('@allison a<b mail@all.example.com <attach>');
  });

  it('unlinks markdown links and bare URLs to other hosts, keeping DMS console links', () => {
    expect(defang('[Reset your password](https://evil.example/login)')).toBe('Reset your password (hxxps://evil[.]example/login)');
    expect(defang('see http://evil.example/a?b=c.')).toBe('see hxxp://evil[.]example/a?b=c.');
    expect(defang('[x](javascript:alert(1))')).toBe('x (javascript[:]alert(1))');
    expect(defang('[x](<https://evil.example> "t")')).toBe('x (hxxps://evil[.]example)');
    expect(defang('dingtalk://dingtalkclient/page/link?url=x')).toBe('dingtalk[:]//dingtalkclient/page/link?url=x');
    // A DMS host as user name, or as a prefix of another host, is not a DMS link.
    expect(defang('https://dms-cn-hangzhou.alibabacloud.com@evil.example/')).toBe('hxxps://dms-cn-hangzhou[.]alibabacloud[.]com@evil[.]example/');
    expect(defang('https://dms-cn-hangzhou.alibabacloud.com.evil.example/')).toBe('hxxps://dms-cn-hangzhou[.]alibabacloud[.]com[.]evil[.]example/');
    const dms = 'https://dms-cn-hangzhou.alibabacloud.com/?orderId=1';
    expect(defang(`open ${dms} or [it](${dms})`)).toBe(`open ${dms} or [it](${dms})`);
  });

  it('leaves ordinary ticket text alone', () => {
    const plain = "SELECT id FROM orders WHERE a >= 1 AND b <> 'x'; -- 订单表 #42 (prod)";
    expect(defang(plain)).toBe(plain);
  });
});

describe('markdown escaping per channel', () => {
  it('encodes &, < and > for Feishu/Lark markdown only', () => {
    expect(escapeMarkdownFor('feishu')('<b> & a>b [x]')).toBe('&lt;b&gt; &amp; a&gt;b \\[x\\]');
    expect(escapeMarkdownFor('lark')('<font>')).toBe('&lt;font&gt;');
    expect(escapeMarkdownFor('dingtalk')('<b> a>b')).toBe('<b\\> a\\>b');
  });
});

describe('rendered messages', () => {
  const event = dmsEventSchema.parse({
    submitterUid: '200001',
    submitterName: '<at user_id="all">Admin</at>',
    category: 'Ticket',
    module: 'Data Exporting',
    event: 'Pending Approval',
    taskId: '42',
    taskName: '@all urgent',
    eventTime: '2026-12-01 09:30:00',
    message: '[Reset your password](https://evil.example/login) @所有人 https://evil.example/x',
    targetUsers: [{ uid: '300001', name: '@all' }],
  });
  const template = '{{title}} {{submitter}} {{approvers}} {{{message}}}';

  it('carry no live mention or foreign link in any body or card variable, on every platform, with and without a template', () => {
    for (const channel of CHANNEL_IDS)
      for (const t of [undefined, template]) {
        const m = renderMessage(event, { channel, region: 'cn-hangzhou', lang: 'en-US', ...(t ? { template: t } : {}) });
        const all = [m.title, m.text, m.markdown, ...Object.values(m.cardParams ?? {})].join('\n');
        expect(all, channel).not.toMatch(/<\s*at\b|@all|@所有人|https?:\/\/evil|\]\(https:\/\/evil/i);
        expect(m.cardParams?.message).toContain('Reset your password (hxxps://evil[.]example/login)');
        // The ticket's own DMS link stays a link.
        expect(decodeURIComponent(m.link ?? '')).toContain('https://dms-cn-hangzhou.alibabacloud.com');
      }
  });
});
