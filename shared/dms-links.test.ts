import { describe, expect, it } from 'vitest';
import { CHANNEL_IDS } from './catalog/channels.js';
import { DMS_REGION_IDS, homepageUrl, regionsFor } from './catalog/regions.js';
import {
  checkHomepageUrl,
  checkTicketLinkPattern,
  dingtalkMicroAppLink,
  dingtalkPageLink,
  dmsTarget,
  feishuWebAppLink,
  feishuWebUrlLink,
  isWrappedLink,
  openLinks,
} from './dms-links.js';

const param = (link: string, name: string): string | null => new URL(link).searchParams.get(name);

describe('open-in-app links, per platform and region', () => {
  for (const channel of CHANNEL_IDS) {
    for (const { id: region } of regionsFor(channel)) {
      it(`${channel} / ${region}: the link opens the region's DMS homepage, encoded once, with no ?orderId=`, () => {
        const open = openLinks(channel, { region, appId: 'cli_a1b2c3d4e5f6a7b8' }, '777001')!;
        expect(open.target).toBe(homepageUrl(region));
        expect(open.deep).toBe(false);
        for (const link of [open.link, open.pc, open.mobile]) {
          expect(link).not.toContain('orderId');
          expect(isWrappedLink(link)).toBe(true);
        }
        if (channel === 'feishu' || channel === 'lark') {
          const host = channel === 'lark' ? 'https://applink.larksuite.com' : 'https://applink.feishu.cn';
          expect(open.pc).toBe(`${host}/client/web_url/open?mode=window&url=${encodeURIComponent(homepageUrl(region))}`);
          expect(param(open.pc, 'url')).toBe(homepageUrl(region));
          expect(param(open.pc, 'mode')).toBe('window');
          expect(open.mobile).toBe(`${host}/client/web_app/open?appId=cli_a1b2c3d4e5f6a7b8`);
          // No deep link is known, so no lk_target_url: the app opens at its homepage (DMS).
          expect(param(open.mobile, 'lk_target_url')).toBeNull();
          expect(open.link).toBe(open.mobile);
        } else {
          expect(open.link).toBe(`dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(homepageUrl(region))}&pc_slide=false`);
          expect(param(open.link, 'url')).toBe(homepageUrl(region));
          expect(param(open.link, 'pc_slide')).toBe('false');
          expect(open.pc).toBe(open.link);
          expect(open.mobile).toBe(open.link);
          if (channel === 'dingtalk') {
            const app = openLinks(channel, { region, corpId: 'dingcorp123', agentId: '3001', dingtalkOpen: 'micro-app' }, '777001')!.link;
            expect(app.startsWith('dingtalk://dingtalkclient/action/openapp?')).toBe(true);
            expect(param(app, 'redirect_url')).toBe(homepageUrl(region));
            expect(param(app, 'app_id')).toBe('3001');
          }
        }
      });
    }
  }

  it('DingTalk micro-app form when chosen and CorpId and AgentId are set; the page link otherwise', () => {
    const ctx = { region: 'ap-southeast-1' as const, corpId: 'dingcorp123', agentId: '3001', dingtalkOpen: 'micro-app' as const };
    const open = openLinks('dingtalk', ctx, '1')!;
    expect(open.link).toBe(
      'dingtalk://dingtalkclient/action/openapp?corpid=dingcorp123&container_type=work_platform&app_id=3001&redirect_type=jump&redirect_url=' +
        encodeURIComponent('https://dms-ap-southeast-1.alibabacloud.com'),
    );
    expect(param(open.link, 'redirect_url')).toBe('https://dms-ap-southeast-1.alibabacloud.com');
    expect(param(open.link, 'container_type')).toBe('work_platform');
    expect(openLinks('dingtalk', { ...ctx, agentId: undefined }, '1')!.link).toMatch(/^dingtalk:\/\/dingtalkclient\/page\/link\?/);
    expect(openLinks('dingtalk', { ...ctx, dingtalkOpen: 'page-link' }, '1')!.link).toMatch(/^dingtalk:\/\/dingtalkclient\/page\/link\?/);
  });

  it('a channel without region or homepage has no link; a homepage override works without a region', () => {
    expect(openLinks('feishu', { region: null }, '1')).toBeNull();
    const open = openLinks('dingtalk-enterprise', { region: null, dmsHomepageUrl: 'https://dms.aliyun.com' }, '1')!;
    expect(param(open.link, 'url')).toBe('https://dms.aliyun.com');
  });

  it('a ticket link pattern: the id is encoded once into the target, Feishu phones get it as lk_target_url', () => {
    const ctx = {
      region: 'cn-hangzhou' as const,
      ticketLinkPattern: 'https://dms-cn-hangzhou.alibabacloud.com/order/{{ticket_id}}?from=im',
      appId: 'cli_x1y2z3w4v5u6t7s8',
    };
    expect(dmsTarget(ctx, 'a b&c')).toEqual({ url: 'https://dms-cn-hangzhou.alibabacloud.com/order/a%20b%26c?from=im', deep: true });
    const open = openLinks('feishu', ctx, '42')!;
    expect(open.deep).toBe(true);
    expect(param(open.mobile, 'lk_target_url')).toBe('https://dms-cn-hangzhou.alibabacloud.com/order/42?from=im');
    expect(param(open.pc, 'url')).toBe('https://dms-cn-hangzhou.alibabacloud.com/order/42?from=im');
    const dt = openLinks('dingtalk', ctx, '42')!;
    expect(param(dt.link, 'url')).toBe('https://dms-cn-hangzhou.alibabacloud.com/order/42?from=im');
    // A pattern may say ?orderId= itself: then, and only then, the link carries it.
    expect(
      param(
        openLinks('lark', { region: 'ap-southeast-1', ticketLinkPattern: 'https://dms-ap-southeast-1.alibabacloud.com/?orderId={{ticket_id}}' }, '9')!.link,
        'url',
      ),
    ).toBe('https://dms-ap-southeast-1.alibabacloud.com/?orderId=9');
  });

  it('never wraps a wrapped link', () => {
    const url = 'https://dms-cn-hangzhou.alibabacloud.com/x?a=1&b=%20';
    const dt = dingtalkPageLink(url);
    expect(dingtalkPageLink(dt)).toBe(dt);
    expect(dingtalkMicroAppLink('dingc', '1', dt)).toBe(dt);
    const fs = feishuWebUrlLink('feishu', url);
    expect(feishuWebUrlLink('feishu', fs)).toBe(fs);
    expect(feishuWebUrlLink('lark', feishuWebUrlLink('lark', url))).toBe(feishuWebUrlLink('lark', url));
    // Round trip: what the platform decodes is exactly the target, once.
    expect(param(dt, 'url')).toBe(url);
    expect(param(fs, 'url')).toBe(url);
    expect(param(feishuWebAppLink('lark', 'cli_1', url), 'lk_target_url')).toBe(url);
    expect(feishuWebAppLink('lark', 'cli_1')).toMatch(/^https:\/\/applink\.larksuite\.com\//);
  });
});

describe('link settings checks', () => {
  it('the homepage must be https without credentials, query or fragment', () => {
    expect(checkHomepageUrl('https://dms.aliyun.com')).toBeNull();
    expect(checkHomepageUrl('http://dms.aliyun.com')?.en).toMatch(/https/);
    expect(checkHomepageUrl('https://u:p@dms.aliyun.com')).not.toBeNull();
    expect(checkHomepageUrl('https://dms.aliyun.com/?x=1')).not.toBeNull();
    expect(checkHomepageUrl('dms.aliyun.com')).not.toBeNull();
  });

  it('a pattern stays on the homepage host, in every region', () => {
    for (const region of DMS_REGION_IDS) {
      const home = homepageUrl(region);
      expect(checkTicketLinkPattern(`${home}/order/{{ticket_id}}`, home)).toBeNull();
      expect(checkTicketLinkPattern(`${home}?id={{ticket_id}}`, home)).toBeNull();
      for (const bad of [
        `${home}.evil.example/{{ticket_id}}`,
        `${home}@evil.example/{{ticket_id}}`,
        `https://evil.example/${home}/{{ticket_id}}`,
        `http://${new URL(home).host}/{{ticket_id}}`,
        `https://{{ticket_id}}.alibabacloud.com/`,
        `${home}:8443/{{ticket_id}}`,
      ]) {
        expect(checkTicketLinkPattern(bad, home)?.en, bad).toMatch(/stay on the DMS homepage's host/);
      }
    }
    expect(checkTicketLinkPattern('https://dms.aliyun.com/order/1', 'https://dms.aliyun.com')?.en).toMatch(/\{\{ticket_id\}\}/);
    expect(checkTicketLinkPattern('https://dms.aliyun.com/{{ticket_id}}', null)?.en).toMatch(/region/);
    expect(checkTicketLinkPattern(`https://dms.aliyun.com/${'x'.repeat(600)}{{ticket_id}}`, 'https://dms.aliyun.com')?.en).toMatch(/512/);
  });
});
