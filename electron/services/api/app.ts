import type { appMethods } from '../../../shared/contract/app.js';
import { checkExternalLink } from '../../../shared/external-links.js';
import type { AppServices } from '../app.js';
import { saveUiLanguage } from '../settings/ui-language.js';
import type { Handlers } from './dispatch.js';

export function appHandlers(s: AppServices): Pick<Handlers, keyof typeof appMethods> {
  return {
    'app.info': async () => {
      const settings = s.settings.read();
      return {
        version: s.version,
        mode: s.mode,
        dataDir: s.dataDir,
        settingsFile: s.settings.filePath,
        language: settings.ui.language,
        vault: await s.vault.status(),
        settingsRecovery: s.settings.recovery,
      };
    },
    'app.setLanguage': async ({ language }) => {
      saveUiLanguage(s.settings, language);
      return { language };
    },
    'app.openExternal': async ({ url }) => checkExternalLink(url),
  };
}
