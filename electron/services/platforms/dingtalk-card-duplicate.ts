import type { HttpAnswer } from './http.js';

/**
 * True when DingTalk refuses a card because its outTrackId already exists. The sender reuses the same
 * outTrackId for every attempt of one delivery, so this answer on a retry means an earlier attempt
 * created and delivered the card and only its reply was lost: the delivery is done, not failed.
 * The exact code is not documented (a 4xx naming outTrackId plus "exist"/"duplicate"), so both the code
 * and the message are matched loosely.
 */
export function outTrackIdAlreadyExists(a: HttpAnswer): boolean {
  if (a.status < 400 || a.status >= 500) return false;
  const body = a.data;
  if (typeof body !== 'object' || body === null) return false;
  const { code, message } = body as { code?: unknown; message?: unknown };
  const said = `${typeof code === 'string' ? code : ''} ${typeof message === 'string' ? message : ''}`;
  return /out_?tra(ck|ce)_?id/i.test(said) && /exist|duplicat|已存在|重复/i.test(said);
}
