import type { ChannelId } from '../../../../shared/catalog/channels.js';
import type { Rule } from '../../settings/schema.js';
import { findRule } from '../resolve.js';

/** The template of the rule that decides an event of this kind, for one channel (none = the default message). */
export function templateFor(rules: readonly Rule[], channel: ChannelId, kind: { module: string; businessType: string; status: string }): string | undefined {
  return findRule(rules, { module: { id: kind.module }, businessType: { id: kind.businessType }, status: { id: kind.status } })?.templates?.[channel];
}
