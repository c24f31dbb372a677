/**
 * DMS OpenAPI times are `YYYY-MM-DD hh:mm:ss` with no zone (the tenant's local time; Beijing time is
 * assumed, unverified). The watcher therefore moves its window with the server's own LastModifyTime
 * values and only uses the local clock for the very first window, which is wide enough (hours) that a
 * wrong zone guess cannot hide a ticket.
 */
const PATTERN = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/;

export const BEIJING_OFFSET_MINUTES = 8 * 60;

export function isDmsTime(s: string): boolean {
  return PATTERN.test(s);
}

/** `date` as DMS time at a fixed UTC offset. */
export function toDmsTime(date: Date, offsetMinutes = BEIJING_OFFSET_MINUTES): string {
  return new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Moves a DMS time by whole minutes, keeping it zone-less. */
export function shiftDmsTime(s: string, minutes: number): string {
  const m = PATTERN.exec(s);
  if (!m) throw new Error(`not a DMS time: ${s}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return toDmsTime(new Date(t + minutes * 60_000), 0);
}

/** The later of two DMS times (they compare as strings). */
export const maxDmsTime = (a: string, b: string): string => (a >= b ? a : b);
