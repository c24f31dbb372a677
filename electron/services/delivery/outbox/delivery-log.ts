import { stringify } from 'csv-stringify/sync';
import { describeKey } from '../../../../shared/catalog/dms-events.js';
import type { EventFilter, EventSummary } from '../../../../shared/contract/sender.js';
import type { DeliveryLogReader, StoredEvent } from './types.js';

/** Display names for an event's stored catalogue ids. */
export function summaryOf(e: StoredEvent & { counts: EventSummary['counts']; attempts: number }): EventSummary {
  return {
    id: e.id,
    receivedAt: e.receivedAt,
    source: e.source,
    module: e.kind.module,
    businessType: e.kind.businessType,
    status: e.kind.status,
    names: {
      module: describeKey('module', e.kind.module),
      businessType: describeKey('businessType', e.kind.businessType, e.kind.module),
      status: describeKey('status', e.kind.status),
    },
    taskId: e.taskId,
    taskName: e.taskName,
    counts: e.counts,
    attempts: e.attempts,
    notes: e.notes,
  };
}

/** Spreadsheets run cells starting with = + - @ as formulas; a leading quote keeps them text. */
const safeCell = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export const CSV_MAX_ROWS = 100_000;

const CSV_COLUMNS = [
  'event_id',
  'received_at',
  'source',
  'module',
  'business_type',
  'status',
  'task_id',
  'task_name',
  'channel',
  'recipient_uid',
  'recipient_name',
  'platform_user_id',
  'state',
  'attempts',
  'finished_at',
  'error_code',
  'error_message',
  'error_fix',
] as const;

/** One row per delivery (events without deliveries get one row with their notes), newest first. */
export function exportCsv(outbox: DeliveryLogReader, filter: EventFilter, lang: 'en' | 'zh'): { csv: string; rows: number; truncated: boolean } {
  const rows: string[][] = [];
  let truncated = false;
  const iso = (t: number | null): string => (t === null ? '' : new Date(t).toISOString());
  outer: for (const e of outbox.iterateEvents(filter)) {
    const base = [e.id, iso(e.receivedAt), e.source, e.kind.module, e.kind.businessType, e.kind.status, e.taskId, e.taskName];
    // The events match the filter through one of their deliveries; the rows are those deliveries only.
    const deliveries = outbox
      .deliveriesOf(e.id)
      .filter((d) => (filter.channel ? d.channel === filter.channel : true) && (filter.states.length === 0 || filter.states.includes(d.state)));
    if (deliveries.length === 0 && filter.states.length === 0) {
      rows.push([...base, '', '', '', '', 'none', '0', '', 'NOT_SENT', e.notes.map((n) => n.message[lang]).join(' | '), '']);
    }
    for (const d of deliveries) {
      if (rows.length >= CSV_MAX_ROWS) {
        truncated = true;
        break outer;
      }
      rows.push([
        ...base,
        d.channel,
        d.recipientUid,
        d.recipientName,
        d.platformUserId ?? '',
        d.state,
        String(d.attempts),
        iso(d.finishedAt),
        d.lastError?.code ?? '',
        d.lastError?.message[lang] ?? '',
        d.lastError?.fix[lang] ?? '',
      ]);
    }
  }
  const csv = stringify(
    rows.map((r) => r.map(safeCell)),
    { header: true, columns: [...CSV_COLUMNS], bom: true },
  );
  return { csv, rows: rows.length, truncated };
}
