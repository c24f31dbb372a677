import { CHANNEL_IDS } from '../../../../shared/catalog/channels.js';
import type { FieldIssue } from '../../../../shared/errors.js';
import type { RuleTemplates } from '../../../../shared/template-variables.js';
import { checkTemplate } from './check.js';

/**
 * A rule's templates as stored: channels in catalogue order (so export → import → export is stable),
 * blank ones dropped (blank = the default message), none = absent. `issues` are named
 * `<prefix>.templates.<channel>`.
 */
export function normalizeTemplates(templates: RuleTemplates | undefined, prefix: string): { templates: RuleTemplates | undefined; issues: FieldIssue[] } {
  const out: RuleTemplates = {};
  const issues: FieldIssue[] = [];
  for (const channel of CHANNEL_IDS) {
    const source = templates?.[channel];
    if (source === undefined || source.trim() === '') continue;
    out[channel] = source;
    for (const message of checkTemplate(channel, source)) issues.push({ path: `${prefix}.templates.${channel}`, message });
  }
  return { templates: Object.keys(out).length > 0 ? out : undefined, issues };
}
