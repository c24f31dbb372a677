import { afterEach, describe, expect, it } from 'vitest';
import { homepageUrl } from '../../shared/catalog/regions.js';
import { DINGTALK_SCOPES, startDingtalkFake } from '../fakes/dingtalk.js';
import { FEISHU_SCOPES, openIdFor, startFeishuFake } from '../fakes/feishu.js';
import type { FakeServer } from '../fakes/common.js';
import { dmsBody, FAST_RETRY, settled, startHarness, waitFor, type Harness } from './delivery-harness.js';

const FEISHU_APP = 'cli_a1b2c3d4e5f6a7b8';
const DINGTALK_APP = 'dingappkey0001';
const SECRET = 'platform-secret-0123456789';
const enc = encodeURIComponent;

const fakes: FakeServer[] = [];
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  for (const f of fakes.splice(0)) await f.close();
  h = undefined;
});

/** What an approver received on both platforms for one ticket, after the sender settled. */
async function deliverOne(
  channelLinks: { feishu?: Record<string, string>; dingtalk?: Record<string, string> } = {},
  dingtalkValues: Record<string, string> = {},
) {
  const feishu = await startFeishuFake({
    apps: [{ appId: FEISHU_APP, secret: SECRET, scopes: [FEISHU_SCOPES.send[0]], users: [{ id: 'u1', mobile: '13800000001' }] }],
  });
  const dingtalk = await startDingtalkFake({
    apps: [{ appId: DINGTALK_APP, secret: SECRET, scopes: Object.values(DINGTALK_SCOPES).flat(), users: [{ id: 'd1', mobile: '13800000001' }] }],
  });
  fakes.push(feishu, dingtalk);
  h = await startHarness({
    channels: {
      feishu: { baseUrl: feishu.baseUrl, appId: FEISHU_APP, secret: SECRET, region: 'ap-southeast-1' },
      dingtalk: { baseUrl: dingtalk.baseUrl, appId: DINGTALK_APP, secret: SECRET, region: 'cn-hangzhou' },
    },
    people: { '3001': { feishu: openIdFor(FEISHU_APP, 'u1'), dingtalk: 'd1' } },
    retry: FAST_RETRY,
  });
  h.settings.update((s) => ({
    ...s,
    channels: {
      ...s.channels,
      feishu: { ...s.channels.feishu, links: channelLinks.feishu ?? {} },
      dingtalk: { ...s.channels.dingtalk, values: { ...s.channels.dingtalk.values, ...dingtalkValues }, links: channelLinks.dingtalk ?? {} },
    },
  }));
  h.delivery.intake.accept(dmsBody({ taskId: '880042', targetUsers: [{ uid: '3001', name: 'Li Si' }] }), { source: 'api' });
  await waitFor(() => settled(h!.delivery), 'deliveries to settle');
  expect(h.delivery.outbox.log.counts()).toMatchObject({ sent: 2, dead: 0 });
  return { feishu: feishu.delivered, dingtalk: dingtalk.delivered };
}

describe('"Open DMS" in the message the approver receives', () => {
  it('opens the region’s DMS homepage inside the app: Feishu card button per client, DingTalk page link; no ?orderId= anywhere', async () => {
    const got = await deliverOne();
    const fsHome = homepageUrl('ap-southeast-1');
    const [card] = got.feishu;
    expect(card).toMatchObject({ msgType: 'interactive' });
    expect(card!.links).toEqual([
      {
        at: 'button',
        url: `https://applink.feishu.cn/client/web_app/open?appId=${FEISHU_APP}`,
        label: '打开 DMS',
        multiUrl: {
          url: `https://applink.feishu.cn/client/web_app/open?appId=${FEISHU_APP}`,
          pc_url: `https://applink.feishu.cn/client/web_url/open?mode=window&url=${enc(fsHome)}`,
          ios_url: `https://applink.feishu.cn/client/web_app/open?appId=${FEISHU_APP}`,
          android_url: `https://applink.feishu.cn/client/web_app/open?appId=${FEISHU_APP}`,
        },
      },
    ]);
    // The ticket id is in the text, since no link names it.
    expect(JSON.stringify(card!.content)).toContain('880042');

    const [robot] = got.dingtalk;
    expect(robot).toMatchObject({ msgType: 'sampleMarkdown' });
    expect(robot!.links).toEqual([
      { at: 'markdown', label: '打开 DMS', url: `dingtalk://dingtalkclient/page/link?url=${enc(homepageUrl('cn-hangzhou'))}&pc_slide=false` },
    ]);
    expect(JSON.stringify(robot!.content)).toContain('880042');
    expect(JSON.stringify([...got.feishu, ...got.dingtalk])).not.toContain('orderId');
  });

  it('uses the DingTalk micro-app form when chosen (CorpId and AgentId set), and a ticket link pattern when one is set', async () => {
    const pattern = 'https://dms-ap-southeast-1.alibabacloud.com/?orderId={{ticket_id}}';
    const got = await deliverOne(
      { feishu: { ticketLinkPattern: pattern }, dingtalk: { dingtalkOpen: 'micro-app', dmsHomepageUrl: 'https://dms.aliyun.com' } },
      { corpId: 'dingcorp0001', agentId: '3001001' },
    );
    const deep = 'https://dms-ap-southeast-1.alibabacloud.com/?orderId=880042';
    expect(got.feishu[0]!.links[0]!.multiUrl).toEqual({
      url: `https://applink.feishu.cn/client/web_app/open?appId=${FEISHU_APP}&lk_target_url=${enc(deep)}`,
      pc_url: `https://applink.feishu.cn/client/web_url/open?mode=window&url=${enc(deep)}`,
      ios_url: `https://applink.feishu.cn/client/web_app/open?appId=${FEISHU_APP}&lk_target_url=${enc(deep)}`,
      android_url: `https://applink.feishu.cn/client/web_app/open?appId=${FEISHU_APP}&lk_target_url=${enc(deep)}`,
    });
    // ?orderId= only because the admin's pattern says so, encoded once inside the wrapper.
    expect(JSON.stringify(got.feishu[0]!.content)).not.toContain('?orderId=');
    expect(got.dingtalk[0]!.links.map((l) => l.url)).toEqual([
      `dingtalk://dingtalkclient/action/openapp?corpid=dingcorp0001&container_type=work_platform&app_id=3001001&redirect_type=jump&redirect_url=${enc('https://dms.aliyun.com')}`,
    ]);
  });
});
