import { describe, expect, it } from 'vitest';
import { CHANNEL_IDS, channelDef } from './catalog/channels.js';
import { DMS_REGIONS, homepageUrl, redirectUrl } from './catalog/regions.js';
import { SETUP_STEPS } from './catalog/setup-steps.js';
import { checkExternalLink } from './external-links.js';

describe('external link allowlist', () => {
  it.each([
    'https://dms-ap-southeast-1.alibabacloud.com',
    'https://dms-cn-hongkong.alibabacloud.com/console/mobile/index/',
    'https://open-dev.dingtalk.com',
    'https://open.dingtalk.com/document/',
    'https://card.dingtalk.com/card-builder',
    'https://open.feishu.cn/app',
    'https://open.larksuite.com/app?lang=en-US',
    'https://help.aliyun.com/zh/dms/',
    'https://www.alibabacloud.com/help/en/dms/',
    'HTTPS://OPEN.FEISHU.CN/app',
  ])('allows %s', (url) => {
    expect(checkExternalLink(url).allowed).toBe(true);
  });

  it.each([
    ['look-alike suffix', 'https://dms-x.alibabacloud.com.evil.com'],
    ['unknown region', 'https://dms-us-west-1.alibabacloud.com'],
    ['userinfo trick', 'https://open.feishu.cn@evil.com/'],
    ['userinfo on allowed host', 'https://evil@open.feishu.cn/'],
    ['password', 'https://a:b@open.feishu.cn/'],
    ['backslash trick', 'https://open.feishu.cn\\@evil.com'],
    ['plain http', 'http://open.feishu.cn/app'],
    ['javascript', 'javascript:alert(1)'],
    ['file', 'file:///etc/passwd'],
    ['data', 'data:text/html,<script>1</script>'],
    ['custom port', 'https://open.feishu.cn:8443/'],
    ['subdomain of allowed host', 'https://evil.open.feishu.cn/'],
    ['parent domain', 'https://alibabacloud.com'],
    ['whitespace', ' https://open.feishu.cn/'],
    ['newline', 'https://open.feishu.cn/\nx'],
    ['not a URL', 'open.feishu.cn'],
    ['empty', ''],
    ['trailing dot host', 'https://open.feishu.cn./'],
  ])('denies %s', (_why, url) => {
    expect(checkExternalLink(url)).toEqual({ allowed: false, url });
  });

  it('returns the normalised URL that must be opened', () => {
    expect(checkExternalLink('HTTPS://Open.Feishu.CN/app')).toEqual({ allowed: true, url: 'https://open.feishu.cn/app' });
  });

  it('allows every console and region link the app itself shows', () => {
    for (const c of CHANNEL_IDS) {
      expect(checkExternalLink(channelDef(c).consoleUrl).allowed, c).toBe(true);
      for (const s of SETUP_STEPS[c]) if (s.consoleUrl) expect(checkExternalLink(s.consoleUrl).allowed, s.consoleUrl).toBe(true);
    }
    for (const r of DMS_REGIONS) {
      expect(checkExternalLink(homepageUrl(r.id)).allowed).toBe(true);
      expect(checkExternalLink(redirectUrl(r.id)).allowed).toBe(true);
    }
  });
});
