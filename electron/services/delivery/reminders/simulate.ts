import type { Simulation } from '../../../../shared/contract/rules.js';
import { reminderTimeline } from './timeline.js';

/** The simulator's answer plus the reminder timeline of the matching rule, counted from `now` (the event's arrival). */
export function withReminderTimeline(sim: Simulation, now: number): Simulation {
  const config = sim.rule?.enabled ? sim.rule.reminders : undefined;
  if (!config || sim.kind.status.id !== 'pending-approval') return sim;
  return { ...sim, reminders: reminderTimeline(config, now) };
}
