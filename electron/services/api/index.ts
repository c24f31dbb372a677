import type { AppServices } from '../app.js';
import { appHandlers } from './app.js';
import { approvalsHandlers } from './approvals.js';
import { channelsHandlers } from './channels.js';
import { chatsHandlers } from './chats.js';
import { configHandlers } from './config.js';
import { credtestHandlers } from './credtest.js';
import { dmsHandlers } from './dms.js';
import type { Handlers } from './dispatch.js';
import { guideHandlers } from './guide.js';
import { homeHandlers } from './home.js';
import { healthHandlers } from './health.js';
import { inboxHandlers } from './inbox.js';
import { messagesHandlers } from './messages.js';
import { retentionHandlers } from './retention.js';
import { rulesHandlers } from './rules.js';
import { senderHandlers } from './sender.js';
import { templatesHandlers } from './templates.js';
import { usersHandlers } from './users.js';
import { usersDmsHandlers } from './users-dms.js';
import { vaultHandlers } from './vault.js';

/** Every contract method bound to the services; the type makes a missing handler a compile error. */
export function createHandlers(s: AppServices): Handlers {
  return {
    ...appHandlers(s),
    ...channelsHandlers(s),
    ...guideHandlers(s),
    ...configHandlers(s),
    ...usersHandlers(s),
    ...credtestHandlers(s),
    ...rulesHandlers(s),
    ...senderHandlers(s),
    ...dmsHandlers(s),
    ...inboxHandlers(s),
    ...usersDmsHandlers(s),
    ...homeHandlers(s),
    ...messagesHandlers(s),
    ...healthHandlers(s),
    ...vaultHandlers(s),
    ...chatsHandlers(s),
    ...templatesHandlers(s),
    ...retentionHandlers(s),
    ...approvalsHandlers(s),
  };
}
