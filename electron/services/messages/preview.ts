import { CHANNEL_IDS, channelDef, type ChannelId } from '../../../shared/catalog/channels.js';
import type { ChannelMessages } from '../../../shared/contract/messages.js';
import { ANY, DMS_MODULES, describeKey, matchModule } from '../../../shared/catalog/dms-events.js';
import { dmsEventSchema, type DmsEvent } from '../../../shared/events/dms-event.js';
import { cardParams, robotMessage } from '../platforms/dingtalk.js';
import { render as feishuBody } from '../platforms/feishu.js';
import type { Settings } from '../settings/schema.js';
import { linkContext } from '../channels/link-context.js';
import { renderedText } from './rendered-text.js';
import { defaultNotifyLanguage, notifyLanguage, renderMessage } from '../delivery/index.js';

/** A typical DMS event (a data export waiting for approval), as DMS sends it. */
export const SAMPLE_EVENT: DmsEvent = dmsEventSchema.parse({
  submitterUid: '200001',
  submitterName: 'Zhang San',
  category: 'Ticket',
  module: 'Data Exporting',
  event: 'Pending Approval',
  taskId: '1234567',
  taskName: 'orders_2026',
  eventTime: '2026-12-01 09:30:00',
  message: "SELECT id, amount FROM orders WHERE created_at >= '2026-11-01'",
  targetUsers: [{ uid: '300001', name: 'Li Lei' }],
});

/** A rule's event kind: catalogue ids, raw names or ANY. */
export interface SampleKind {
  readonly module: string;
  readonly businessType: string;
  readonly status: string;
}

/**
 * The sample event as DMS would send it for a rule's kind, so a rule's template is previewed with its own event.
 * "Any" keeps the sample's value (for a business type: the module's first one, so the pair exists in DMS).
 */
export function sampleEventFor(kind: SampleKind | undefined): DmsEvent {
  if (!kind || kind.module === ANY || kind.module.trim() === '') return SAMPLE_EVENT;
  const mod = matchModule(kind.module);
  const firstType = DMS_MODULES.find((m) => m.id === mod.id)?.businessTypes[0]?.name.en;
  const businessType =
    kind.businessType === ANY || kind.businessType.trim() === ''
      ? (firstType ?? SAMPLE_EVENT.module)
      : describeKey('businessType', kind.businessType, mod.id).en;
  const status = kind.status === ANY || kind.status.trim() === '' ? SAMPLE_EVENT.event : describeKey('status', kind.status).en;
  return { ...SAMPLE_EVENT, category: mod.name.en, module: businessType, event: status };
}

const pretty = (body: unknown): string => JSON.stringify(body, null, 2);

/** The message part of the platform request for the sample event, exactly as the sender builds it (with a rule's template, if given). */
export function previewFor(s: Settings, channel: ChannelId, template?: string, event: DmsEvent = SAMPLE_EVENT): ChannelMessages['preview'] {
  const lang = notifyLanguage(s, channel);
  const { region, ...links } = linkContext(s, channel);
  const message = renderMessage(event, { channel, region, links, lang, ...(template ? { template } : {}) });
  const cardTemplateId = s.channels[channel].values.cardTemplateId;
  if (cardTemplateId) {
    const variables = cardParams(message);
    const body =
      channelDef(channel).protocol === 'dingtalk'
        ? { cardTemplateId, cardData: { cardParamMap: variables } }
        : (() => {
            const r = feishuBody(cardTemplateId, message, 'auto');
            return { msg_type: r.msg_type, content: JSON.parse(r.content) as unknown };
          })();
    return {
      format: 'card',
      title: message.title,
      readable: Object.entries(variables)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n'),
      body: pretty(body),
    };
  }
  if (channelDef(channel).protocol === 'dingtalk') {
    const r = robotMessage(message, false);
    return { format: 'robot-markdown', title: message.title, readable: renderedText((JSON.parse(r.msgParam) as { text: string }).text), body: pretty(r) };
  }
  const r = feishuBody(undefined, message, 'auto');
  const content = JSON.parse(r.content) as unknown;
  return {
    // With an "Open DMS" link the message is a card (its button), else rich text.
    format: r.msg_type === 'interactive' ? 'card' : 'post',
    title: message.title,
    readable: [message.title, ...feishuParagraphs(content)].join('\n'),
    body: pretty({ msg_type: r.msg_type, content }),
  };
}

/** The body as Feishu shows it below the title: a card's markdown elements, or a post's paragraphs. */
function feishuParagraphs(content: unknown): string[] {
  const card = content as { elements?: { tag: string; content?: string }[] };
  if (card.elements) return card.elements.flatMap((e) => (e.tag === 'markdown' && e.content ? [renderedText(e.content, { entities: true })] : []));
  const post = content as { zh_cn: { content: { text: string }[][] } };
  return post.zh_cn.content.map((p) => p.map((el) => renderedText(el.text, { entities: true })).join(''));
}

export function messagesView(s: Settings): { channels: ChannelMessages[] } {
  return {
    channels: CHANNEL_IDS.map((channel) => ({
      channel,
      language: notifyLanguage(s, channel),
      defaultLanguage: defaultNotifyLanguage(channel),
      preview: previewFor(s, channel),
    })),
  };
}
