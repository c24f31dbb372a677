import { ANY, DMS_MODULES, DMS_STATUSES } from '../../../shared/catalog/dms-events';
import type { LocalizedText } from '../../../shared/i18n-text';

export interface Option {
  readonly value: string;
  readonly label: string;
}

type Localize = (t: LocalizedText) => string;

/** Catalogue names in the UI language, DMS's own wording. */
export const moduleOptions = (l: Localize): Option[] => DMS_MODULES.map((m) => ({ value: m.id, label: l(m.name) }));

export const businessTypeOptions = (l: Localize, moduleId: string | undefined, anyLabel: string): Option[] => [
  { value: ANY, label: anyLabel },
  ...(DMS_MODULES.find((m) => m.id === moduleId)?.businessTypes ?? []).map((b) => ({ value: b.id, label: l(b.name) })),
];

export const statusOptions = (l: Localize, anyLabel: string): Option[] => [
  { value: ANY, label: anyLabel },
  ...DMS_STATUSES.map((s) => ({ value: s.id, label: l(s.name) })),
];
