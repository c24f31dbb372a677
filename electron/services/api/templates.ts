import type { templatesMethods } from '../../../shared/contract/templates.js';
import type { AppServices } from '../app.js';
import { checkTemplateView } from '../messages/template-preview.js';
import type { Handlers } from './dispatch.js';

export function templatesHandlers(s: AppServices): Pick<Handlers, keyof typeof templatesMethods> {
  return {
    'templates.check': async ({ channel, template, kind }) => checkTemplateView(s.settings.read(), channel, template, kind),
  };
}
