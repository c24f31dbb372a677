import type { dmsMethods } from '../../../shared/contract/dms.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function dmsHandlers(s: AppServices): Pick<Handlers, keyof typeof dmsMethods> {
  const { watcher, tests, connection } = s.dms;
  return {
    'dms.getConnection': async () => connection.view(),
    'dms.saveConnection': async (input) => connection.save(input),
    'dms.testStart': async () => tests.start(),
    'dms.testGet': async ({ runId }) => tests.get(runId),
    'dms.testCancel': async ({ runId }) => tests.cancel(runId),
    'dms.watcherStatus': async () => watcher.status(),
    'dms.watcherStart': async () => s.dms.startWatcher(),
    'dms.watcherStop': async () => s.dms.stopWatcher(),
    'dms.pollNow': async () => {
      await watcher.pollNow();
      return watcher.status();
    },
  };
}
