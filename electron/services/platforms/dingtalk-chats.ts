import { isPlatformError } from './errors.js';
import type { Core } from './protocol.js';
import type { PlatformFailure } from './types.js';

/** Codes that keep their own explanation on a group send: token, scope, throttling, transport. */
const GENERIC = /^(InvalidAuthentication|Forbidden\.AccessDenied\.|Throttling|ipBlocked|rateLimited|http5xx|timeout|network|ECONN|ENOTFOUND|tls|cancelled)/;

/**
 * DingTalk's group APIs refuse a group the robot is not in, a dissolved group or a wrong
 * openConversationId with 4xx codes that are not documented (DingTalk's robot group-send reference lists none), so any
 * such refusal becomes `chatRefused`, explained with the three causes; DingTalk's own message stays as detail.
 */
export function asChatFailure(core: Core, err: unknown): PlatformFailure {
  if (!isPlatformError(err)) throw err;
  const f = err.failure;
  // A refusal is a 4xx (or a failed per-space result at 200); 429 and 5xx stay retryable as they are.
  const refused = f.httpStatus !== null && f.httpStatus >= 400 && f.httpStatus < 500 && f.httpStatus !== 429;
  if (GENERIC.test(f.code) || !refused) return f;
  return core.fail({
    code: 'chatRefused',
    httpStatus: f.httpStatus,
    detail: `${f.code}: ${f.detail ?? ''}`,
    ...(f.requestId ? { requestId: f.requestId } : {}),
  }).failure;
}
