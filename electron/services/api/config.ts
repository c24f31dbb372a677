import type { configMethods } from '../../../shared/contract/config.js';
import type { AppServices } from '../app.js';
import { CONFIG_EXPORT_FILE_NAME } from '../config/config-service.js';
import type { Handlers } from './dispatch.js';

export function configHandlers(s: AppServices): Pick<Handlers, keyof typeof configMethods> {
  return {
    'config.export': async () => ({ text: s.config.exportText(), fileName: CONFIG_EXPORT_FILE_NAME }),
    'config.import': async ({ text }) => s.config.importText(text),
  };
}
