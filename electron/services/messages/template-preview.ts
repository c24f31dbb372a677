import type { ChannelId } from '../../../shared/catalog/channels.js';
import type { TemplateCheck } from '../../../shared/contract/templates.js';
import { notifyLanguage } from '../delivery/index.js';
import { checkTemplate } from '../rules/template/check.js';
import type { Settings } from '../settings/schema.js';
import { previewFor, sampleEventFor, type SampleKind } from './preview.js';

/** The rule editor's live check: the same problems import and save report, and a sample event of the rule's kind rendered with the template. */
export function checkTemplateView(s: Settings, channel: ChannelId, template: string, kind?: SampleKind): TemplateCheck {
  const blank = template.trim() === '';
  const problems = blank ? [] : checkTemplate(channel, template);
  return {
    problems,
    language: notifyLanguage(s, channel),
    preview: problems.length > 0 ? null : previewFor(s, channel, blank ? undefined : template, sampleEventFor(kind)),
  };
}
