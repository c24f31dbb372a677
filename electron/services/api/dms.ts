import type { dmsMethods } from '../../../shared/contract/dms.js';
import type { AppServices } from '../app.js';
import { assertComplete, connectionView, saveConnection } from '../dms/connection.js';
import type { Handlers } from './dispatch.js';

export function dmsHandlers(s: AppServices): Pick<Handlers, keyof typeof dmsMethods> {
  const { watcher, tests } = s.dms;
  return {
    'dms.getConnection': async () => connectionView(s),
    'dms.saveConnection': async (input) => saveConnection(s, input),
    'dms.testStart': async () => tests.start(),
    'dms.testGet': async ({ runId }) => tests.get(runId),
    'dms.testCancel': async ({ runId }) => tests.cancel(runId),
    'dms.watcherStatus': async () => watcher.status(),
    // Start/stop is remembered: `serve` and the next app start follow settings.dms.enabled.
    'dms.watcherStart': async () => {
      assertComplete(s);
      s.settings.update((cur) => ({ ...cur, dms: { ...cur.dms, enabled: true } }));
      watcher.start();
      return watcher.status();
    },
    'dms.watcherStop': async () => {
      s.settings.update((cur) => ({ ...cur, dms: { ...cur.dms, enabled: false } }));
      await watcher.stop();
      return watcher.status();
    },
    'dms.pollNow': async () => {
      await watcher.pollNow();
      return watcher.status();
    },
  };
}
