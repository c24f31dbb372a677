import type { ChannelId, PlatformProtocol } from '../../../shared/catalog/channels.js';
import { pick, text, type Language } from '../../../shared/i18n-text.js';
import type { ApprovalCardContent } from './approval-cards.js';
import type { ApprovalCardBody, ApprovalCardState } from './approval-card-types.js';
import { escapeMarkdownFor } from './text-util.js';
import type { OutgoingMessage } from './types.js';

// What an approval card shows, and the card itself per platform: Feishu/Lark a card JSON 2.0 built here, DingTalk the
// variables of the admin's template (AX-COMMON.md: title, content, link, nonce, status, statusText).

/** The card body of a rendered notification: its markdown without the `### title` line (the header shows it). */
export function approvalCardBody(
  channel: ChannelId,
  msg: Pick<OutgoingMessage, 'title' | 'markdown' | 'link' | 'openUrls' | 'linkLabel'>,
  lang: Language,
): ApprovalCardBody {
  const heading = `### ${escapeMarkdownFor(channel)(msg.title)}\n`;
  return {
    title: msg.title,
    markdown: msg.markdown.startsWith(heading) ? msg.markdown.slice(heading.length) : msg.markdown,
    link: msg.link ?? '',
    ...(msg.openUrls ? { openUrls: msg.openUrls } : {}),
    linkLabel: msg.linkLabel ?? '',
    lang,
  };
}

/** One copy as it should look now. */
export interface ApprovalCardView {
  readonly body: ApprovalCardBody;
  /** The opaque per-copy nonce the buttons carry: never an identity. */
  readonly nonce: string;
  readonly state: ApprovalCardState;
  /** The outcome line ("Approved by 张三 · 2026-12-07 21:03"); '' while pending. */
  readonly statusText: string;
}

const LABELS = {
  approve: text('Approve', '同意'),
  reject: text('Reject', '拒绝'),
  comment: text('Comment (optional)', '审批意见（可选）'),
  rejectConfirm: text('Reject this ticket in DMS?', '确定在 DMS 中拒绝此工单？'),
  test: text('Test card: pressing a button only checks the connection; DMS is not touched.', '测试卡片：按下按钮只检查连接，不会操作 DMS。'),
};

/** The Feishu/Lark card (JSON 2.0): the buttons only while pending, in a form with the comment input. */
export function feishuApprovalCard(view: ApprovalCardView): Record<string, unknown> {
  const { body, nonce, state, statusText } = view;
  const l = (t: { en: string; zh: string }): string => pick(t, body.lang);
  const elements: unknown[] = [{ tag: 'markdown', content: body.markdown }];
  if (statusText) elements.push({ tag: 'markdown', content: `**${statusText}**` });
  if (state === 'test' && !statusText) elements.push({ tag: 'markdown', content: l(LABELS.test) });
  if (state === 'pending' || (state === 'test' && !statusText)) {
    const button = (action: 'approve' | 'reject', type: string, extra: Record<string, unknown> = {}) => ({
      tag: 'button',
      name: action,
      text: { tag: 'plain_text', content: l(action === 'approve' ? LABELS.approve : LABELS.reject) },
      type,
      form_action_type: 'submit',
      behaviors: [{ type: 'callback', value: { action, nonce } }],
      ...extra,
    });
    elements.push({
      tag: 'form',
      name: 'approval',
      elements: [
        { tag: 'input', name: 'comment', placeholder: { tag: 'plain_text', content: l(LABELS.comment) }, max_length: 500 },
        {
          tag: 'column_set',
          columns: [
            { tag: 'column', width: 'auto', elements: [button('approve', 'primary_filled')] },
            {
              tag: 'column',
              width: 'auto',
              elements: [
                button('reject', 'danger', {
                  confirm: { title: { tag: 'plain_text', content: l(LABELS.reject) }, text: { tag: 'plain_text', content: l(LABELS.rejectConfirm) } },
                }),
              ],
            },
          ],
        },
      ],
    });
  }
  if (body.link) {
    const pc = body.openUrls?.pc ?? body.link;
    const mobile = body.openUrls?.mobile ?? body.link;
    elements.push({
      tag: 'button',
      text: { tag: 'plain_text', content: body.linkLabel || body.link },
      type: 'default',
      behaviors: [{ type: 'open_url', default_url: body.link, pc_url: pc, ios_url: mobile, android_url: mobile }],
    });
  }
  const template = state === 'approved' ? 'green' : state === 'rejected' ? 'red' : state === 'expired' ? 'grey' : 'blue';
  return {
    schema: '2.0',
    // Every recipient's copy is changed later by PATCH: update_multi makes the change show for all who see it.
    config: { update_multi: true, width_mode: 'fill' },
    header: { title: { tag: 'plain_text', content: body.title }, template },
    body: { elements },
  };
}

/** The DingTalk template's variables (all strings). The template shows its buttons only while `status == pending`. */
export function dingtalkApprovalParams(view: ApprovalCardView): Record<string, string> {
  return { title: view.body.title, content: view.body.markdown, link: view.body.link, nonce: view.nonce, status: view.state, statusText: view.statusText };
}

export function approvalCardContent(protocol: PlatformProtocol, view: ApprovalCardView): ApprovalCardContent {
  return protocol === 'feishu'
    ? { kind: 'feishu-card', card: feishuApprovalCard(view) }
    : { kind: 'dingtalk-params', cardParamMap: dingtalkApprovalParams(view) };
}
