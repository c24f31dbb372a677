import { describe, expect, it } from 'vitest';
import type { ApprovalCardBody } from './approval-card-types.js';
import { dingtalkProtocol } from './dingtalk.js';
import { platformError } from './errors.js';
import { feishuProtocol } from './feishu.js';
import type { HttpAnswer, HttpRequest } from './http.js';
import type { Core, PlatformConfig } from './protocol.js';
import type { SendRequest } from './types.js';

// The request bodies of approval cards, seen through a recording core (the fakes do not record bodies).

const BODY: ApprovalCardBody = {
  title: '[DMS] Data export · Pending Approval',
  markdown: '- #1001',
  link: 'https://dms.example/1001',
  linkLabel: 'Open DMS',
  lang: 'en-US',
};

function recordingCore(config: PlatformConfig, answer: (req: HttpRequest) => unknown): { core: Core; calls: HttpRequest[] } {
  const calls: HttpRequest[] = [];
  const core: Core = {
    config,
    raw: () => Promise.reject(new Error('no raw calls expected')),
    authed: <T>(build: (token: string) => HttpRequest, check: (a: HttpAnswer) => T) => {
      const req = build('token');
      calls.push(req);
      return Promise.resolve(check({ status: 200, headers: {}, data: answer(req) }));
    },
    fail: (input) => platformError({ ...input, channel: config.channel }),
    token: () => Promise.reject(new Error('no token calls expected')),
  };
  return { core, calls };
}

const request = (recipients: string[]): SendRequest => ({
  recipients,
  message: { title: BODY.title, text: 'plain', markdown: BODY.markdown },
  dedupKey: (r) => `event-1/${r}`,
  approval: { body: BODY, state: 'pending', nonceFor: (r) => `nonce-of-${r}` },
});

describe('sending approval cards', () => {
  it('DingTalk: the approval template, STREAM callbacks, no forwarding, the fixed variables; the outTrackId is the card ref', async () => {
    const config: PlatformConfig = {
      channel: 'dingtalk',
      apiBaseUrl: 'https://api.example',
      oapiBaseUrl: 'https://oapi.example',
      appKey: 'dingkey',
      appSecret: 's',
      robotCode: 'dingrobot',
      cardTemplateId: 'notify.schema',
      approvalCardTemplateId: 'approval.schema',
    };
    const { core, calls } = recordingCore(config, (req) => ({
      success: true,
      result: { outTrackId: (req.data as { outTrackId: string }).outTrackId, deliverResults: [{ success: true }] },
    }));
    const out = await dingtalkProtocol.send(core, request(['dt-ann', 'chat:cidGroup==']));
    expect(out.delivered).toEqual(['dt-ann', 'chat:cidGroup==']);
    expect(calls.map((c) => c.data)).toEqual([
      expect.objectContaining({
        cardTemplateId: 'approval.schema',
        outTrackId: 'event-1/dt-ann',
        callbackType: 'STREAM',
        imRobotOpenSpaceModel: { supportForward: false },
        cardData: {
          cardParamMap: {
            title: BODY.title,
            content: '- #1001',
            link: 'https://dms.example/1001',
            nonce: 'nonce-of-dt-ann',
            status: 'pending',
            statusText: '',
          },
        },
      }),
      expect.objectContaining({ callbackType: 'STREAM', openSpaceId: 'dtv1.card//IM_GROUP.cidGroup==', imGroupOpenSpaceModel: { supportForward: false } }),
    ]);
    expect(out.cards).toEqual([
      { recipient: 'dt-ann', ref: { kind: 'dingtalk-card', outTrackId: 'event-1/dt-ann' } },
      { recipient: 'chat:cidGroup==', ref: { kind: 'dingtalk-card', outTrackId: 'event-1/chat:cidGroup==' } },
    ]);
  });

  it('Feishu/Lark: an interactive card per copy with its own nonce; the message_id is the card ref', async () => {
    const config: PlatformConfig = { channel: 'feishu', apiBaseUrl: 'https://open.example', oapiBaseUrl: '', appKey: 'cli_0123456789abcdef', appSecret: 's' };
    let n = 0;
    const { core, calls } = recordingCore(config, () => ({ code: 0, msg: 'success', data: { message_id: `om_${++n}` } }));
    const out = await feishuProtocol.send(core, request(['ou_ann', 'chat:oc_group']));
    expect(calls.map((c) => [c.params?.receive_id_type, (c.data as { msg_type: string }).msg_type])).toEqual([
      ['open_id', 'interactive'],
      ['chat_id', 'interactive'],
    ]);
    expect(String((calls[0]!.data as { content: string }).content)).toContain('"nonce":"nonce-of-ou_ann"');
    expect(String((calls[1]!.data as { content: string }).content)).toContain('"nonce":"nonce-of-chat:oc_group"');
    expect(out.cards).toEqual([
      { recipient: 'ou_ann', ref: { kind: 'feishu-message', messageId: 'om_1' } },
      { recipient: 'chat:oc_group', ref: { kind: 'feishu-message', messageId: 'om_2' } },
    ]);
  });
});
