// The one layer table of docs/architecture.md. ESLint (`layers/layer-order` in eslint.config.js, so editors
// show it as you type) and scripts/check-imports.mjs (import loops, figures) both read it; nothing else
// lists the layers.
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Areas, each with its layers lowest first. A module imports its own layer and the ones below it in its
 * area, and any layer of the areas it `uses`; nothing else. Each entry is a file or a folder (ending in /)
 * relative to the area; '*' is every module of the area no other entry names. A `hint` is added to the
 * error when code imports that layer from where it may not.
 */
export const AREAS = [
  {
    area: 'shared',
    root: 'shared/',
    uses: [],
    layers: [
      ['i18n-text.ts', 'edit-distance.ts', 'validation-text.ts'],
      ['errors.ts', 'catalog/'],
      ['events/', 'config-import-summary.ts', 'chats.ts', 'reminders.ts', 'template-variables.ts', 'external-links.ts', 'secret-target.ts', 'dms-links.ts'],
      ['channel-validation.ts', 'contract/'],
      ['config-file.ts'],
    ],
  },
  {
    area: 'services',
    root: 'electron/services/',
    uses: ['shared'],
    layers: [
      ['errors.ts', 'clock.ts', 'csp.ts', 'package-root.ts', 'log/', 'net/', 'sqlite/', 'data-lock/', 'events/'],
      ['vault/', 'settings/'],
      ['platforms/', 'diagnostics/'],
      ['channels/', 'guide/', 'rules/', 'directory/', 'credential-test/'],
      ['delivery/'],
      ['dms/', 'messages/'],
      ['approvals/'],
      ['config/', 'health/', 'home/'],
      ['app.ts'],
      {
        names: ['api/', 'metrics/'],
        hint: 'api/ (contract handlers) and metrics/ sit above the services: move what you need down (errors.ts, net/, or the service itself).',
      },
      { names: ['http/'], hint: 'http/ is the headless server above the handlers: shared HTTP helpers belong in services/net/.' },
    ],
  },
  {
    area: 'electron',
    root: 'electron/',
    uses: ['services', 'shared'],
    layers: [
      { names: ['*'], hint: 'electron/*.ts is the Electron edge: shared/ (Node and browser) and services/ (plain Node, also headless) never import it.' },
      { names: ['cli/'], hint: 'The Electron entry does not import the CLI: both use global-options.ts.' },
    ],
  },
  {
    area: 'renderer',
    root: 'renderer/',
    uses: ['shared'],
    layers: [
      ['i18n/', 'api/'],
      ['ui/'],
      ['pages/'],
      ['app/'],
      { names: ['main.tsx', 'start-app.tsx'], hint: 'renderer/ is the browser side: share code through shared/ instead.' },
    ],
  },
];

/** Build configuration beside the code (it runs in Node at build time), outside the layers. */
const TOOLING = new Set(['renderer/vite.config.ts', 'electron/vite.preload.config.ts']);
/** Folders of such build code (renderer/build/: what the Vite config runs). */
const TOOLING_DIRS = ['renderer/build/'];

/** Test files are not layered: they set up and inspect state across layers. */
export const isTestFile = (file) => /\.test\.tsx?$/.test(file) || file.startsWith('test/');

const areaOf = (file) => AREAS.filter((a) => file.startsWith(a.root)).sort((a, b) => b.root.length - a.root.length)[0];

/** { area, index, hint } of a repository-relative module path, null outside the table; throws for a module no entry names. */
export function layerOf(file) {
  if (TOOLING.has(file) || TOOLING_DIRS.some((d) => file.startsWith(d)) || isTestFile(file)) return null;
  const area = areaOf(file);
  if (!area) return null;
  const rest = file.slice(area.root.length);
  const layers = area.layers.map((l) => (Array.isArray(l) ? { names: l } : l));
  const match = (n) => (n.endsWith('/') ? rest.startsWith(n) : rest === n);
  let index = layers.findIndex((l) => l.names.some(match));
  if (index < 0) index = layers.findIndex((l) => l.names.includes('*'));
  if (index < 0) throw new Error(`${file}: not in any layer of scripts/layers.mjs (add its file or folder to the table)`);
  return { area: area.area, index, hint: layers[index].hint, uses: area.uses, label: `${area.area} layer ${index + 1} (${layers[index].names.join(' ')})` };
}

/** Why `from` may not import `to` (repository-relative module paths), or null when it may. */
export function importProblem(from, to) {
  const a = layerOf(from);
  const b = layerOf(to);
  if (!a || !b) return null;
  if (a.area === b.area ? b.index <= a.index : a.uses.includes(b.area)) return null;
  const why = a.area === b.area ? `${b.label} is above ${a.label}` : `code in ${a.area}/ does not use ${b.area}/`;
  return `Upward import of ${to}: ${why}.${b.hint ? ` ${b.hint}` : ''} (layer table: scripts/layers.mjs, docs/architecture.md)`;
}

const CANDIDATES = ['', '.ts', '.tsx', '.cts', '/index.ts', '/index.tsx'];

/** The repository-relative module a relative specifier in `from` names ('./x.js' is x.ts), or null when it is no module here. */
export function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return null;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  const bases = [joined.replace(/\.js$/, '.ts'), joined.replace(/\.js$/, '.tsx'), joined.replace(/\.cjs$/, '.cts'), joined];
  for (const base of bases) {
    for (const ext of CANDIDATES) {
      const file = base + ext;
      if (/\.(ts|tsx|cts)$/.test(file) && fs.existsSync(path.join(ROOT, file)) && fs.statSync(path.join(ROOT, file)).isFile()) return file;
    }
  }
  return null;
}
