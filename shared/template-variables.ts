import { z } from 'zod';
import { CHANNEL_IDS } from './catalog/channels.js';
import { text, type LocalizedText } from './i18n-text.js';

/**
 * The variables a rule's message template may use (Mustache, logic-less). One list, here, so the
 * validator, the renderer, the editor's help and the README agree.
 */
export const TEMPLATE_VARIABLES = [
  'ticket_id',
  'title',
  'headline',
  'module',
  'business_type',
  'status',
  'submitter',
  'approvers',
  'event_time',
  'dms_link',
  'reminder_count',
  'language',
  'message',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
/** A number for `reminder_count`, so `{{#reminder_count}}…{{/reminder_count}}` shows only on reminders. */
export type TemplateValues = Record<Exclude<TemplateVariable, 'reminder_count'>, string> & { reminder_count: number };

export const TEMPLATE_VARIABLE_HELP: Record<TemplateVariable, LocalizedText> = {
  ticket_id: text('DMS ticket id, e.g. 1234567', 'DMS 工单号，如 1234567'),
  title: text('Ticket title (DMS taskName)', '工单标题（DMS taskName）'),
  headline: text('The default headline, e.g. "[DMS] Data Exporting · Pending Approval"', '默认标题，如“[DMS] 数据导出 · 待审批”'),
  module: text('DMS module (category), in the notification language', 'DMS 模块（category），使用通知语言'),
  business_type: text('Business type, e.g. Data Exporting', '业务类型，如数据导出'),
  status: text('Status, e.g. Pending Approval', '状态，如待审批'),
  submitter: text('Submitter name (uid when DMS sends no name)', '提交人姓名（DMS 未提供姓名时为 uid）'),
  approvers: text('Approvers the event names, comma-separated (empty when none)', '事件指定的审批人，逗号分隔（无则为空）'),
  event_time: text('Event time as DMS sends it', 'DMS 发送的事件时间'),
  dms_link: text(
    "Link that opens DMS inside the app: the channel's DMS homepage, or its ticket link pattern when set (empty without a region or homepage)",
    '在应用内打开 DMS 的链接：渠道的 DMS 首页，设置了工单链接格式时为该链接（未设置地域或首页时为空）',
  ),
  reminder_count: text('0, or which reminder this message is (1, 2, …)', '0，或本条消息是第几次提醒（1、2……）'),
  language: text('Notification language: zh-CN or en-US', '通知语言：zh-CN 或 en-US'),
  message: text("The event's free text (shortened to fit the platform's limit)", '事件的正文（超出平台限制时会截断）'),
};

/** Template source limit before rendering (the rendered size is checked per platform). */
export const TEMPLATE_MAX_CHARS = 20_000;

/** A rule's optional templates, by channel id (`{"feishu": "…"}`); an absent channel uses the default message. */
export const ruleTemplatesSchema = z.partialRecord(z.enum(CHANNEL_IDS), z.string().max(TEMPLATE_MAX_CHARS));
export type RuleTemplates = z.infer<typeof ruleTemplatesSchema>;
