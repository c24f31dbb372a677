import type { guideMethods } from '../../../shared/contract/guide.js';
import type { AppServices } from '../app.js';
import type { Handlers } from './dispatch.js';

export function guideHandlers(s: AppServices): Pick<Handlers, keyof typeof guideMethods> {
  return {
    'guide.get': async ({ channel }) => s.guide.get(channel),
    'guide.setRegion': async ({ channel, region }) => s.guide.setRegion(channel, region),
    'guide.setChecked': async ({ channel, id, checked }) => s.guide.setChecked(channel, id, checked),
  };
}
