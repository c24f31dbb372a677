const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * DMS's custom webhook as its documentation's sample shows it: the event inside `messageEvent`, next
 * to `signatureMethod` / `signatureText`, with `eventTime` in epoch milliseconds. Returns the event
 * object the schema reads (eventTime as ISO text); a flat body is returned as it is.
 */
export function unwrapDmsBody(raw: unknown): unknown {
  const event = isRecord(raw) && isRecord(raw.messageEvent) ? raw.messageEvent : raw;
  if (!isRecord(event) || typeof event.eventTime !== 'number' || !Number.isFinite(event.eventTime)) return event;
  const at = new Date(event.eventTime);
  return Number.isNaN(at.getTime()) ? event : { ...event, eventTime: at.toISOString() };
}
