import type { DmsEvent } from '../../../../shared/events/dms-event.js';
import type { Language, LocalizedText } from '../../../../shared/i18n-text.js';
import type { TemplateValues } from '../../../../shared/template-variables.js';

type Named = { readonly name: LocalizedText };

/** The documented template variables for one event, in the channel's notification language. */
export function templateValues(
  event: DmsEvent,
  ctx: {
    headline: string;
    names: { module: Named; businessType: Named; status: Named };
    l: (t: LocalizedText) => string;
    submitter: string;
    link: string | undefined;
    lang: Language;
    reminderCount: number;
  },
): TemplateValues {
  return {
    ticket_id: event.taskId,
    title: event.taskName,
    headline: ctx.headline,
    module: ctx.l(ctx.names.module.name),
    business_type: ctx.l(ctx.names.businessType.name),
    status: ctx.l(ctx.names.status.name),
    submitter: ctx.submitter,
    approvers: event.targetUsers.map((p) => p.name || p.uid).join(', '),
    event_time: event.eventTime,
    dms_link: ctx.link ?? '',
    reminder_count: ctx.reminderCount,
    language: ctx.lang,
    message: event.message,
  };
}
