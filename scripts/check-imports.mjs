// Import loops and upward imports in electron/ (production code, tests excluded), without dependencies.
// Prints the figures; exits 1 when there is a loop or more upward imports inside electron/services/ than allowed.
//   node scripts/check-imports.mjs [--list] [--max-upward N]
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const SERVICES = 'electron/services/';

// Layers inside electron/services/, lowest first. A module may import its own layer and the ones below.
const LAYERS = [
  ['errors.ts', 'clock.ts', 'csp.ts', 'package-root.ts', 'log/', 'net/', 'sqlite/', 'data-lock/', 'events/'],
  ['vault/', 'settings/'],
  ['platforms/', 'diagnostics/'],
  ['channels/', 'guide/', 'rules/', 'directory/', 'credential-test/'],
  ['delivery/'],
  ['dms/', 'messages/'],
  ['config/', 'health/', 'home/'],
  ['app.ts'],
  ['api/', 'metrics/'],
  ['http/'],
];

function layerOf(file) {
  if (!file.startsWith(SERVICES)) return null;
  const rest = file.slice(SERVICES.length);
  const i = LAYERS.findIndex((names) => names.some((n) => (n.endsWith('/') ? rest.startsWith(n) : rest === n)));
  if (i < 0) throw new Error(`${file}: not in any layer of scripts/check-imports.mjs`);
  return i;
}

function walk(dir) {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return walk(rel);
    return /\.(ts|cts)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [rel] : [];
  });
}

const files = walk('electron');
const known = new Set(files);
const importRe = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;
const graph = new Map();
for (const file of files) {
  const src = fs.readFileSync(path.join(root, file), 'utf8');
  const deps = new Set();
  for (const m of src.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    const target = path.posix
      .normalize(path.posix.join(path.posix.dirname(file), spec))
      .replace(/\.js$/, '.ts')
      .replace(/\.cjs$/, '.cts');
    if (known.has(target)) deps.add(target);
  }
  graph.set(file, [...deps]);
}

// Loops: strongly connected components (Tarjan) with more than one module, or a module importing itself.
let index = 0;
const idx = new Map(),
  low = new Map(),
  stack = [],
  onStack = new Set(),
  loops = [];
function strong(v) {
  idx.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v)) {
    if (!idx.has(w)) {
      strong(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const comp = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      comp.push(w);
    } while (w !== v);
    if (comp.length > 1 || graph.get(v).includes(v)) loops.push(comp.sort());
  }
}
for (const v of graph.keys()) if (!idx.has(v)) strong(v);

// Upward: inside services, into a higher layer or out of services into electron/; elsewhere, the Electron entry into the CLI.
const upward = [];
for (const [from, deps] of graph) {
  for (const to of deps) {
    const lf = layerOf(from);
    if (lf !== null) {
      const lt = layerOf(to);
      if (lt === null || lt > lf) upward.push(`${from} -> ${to}`);
    } else if (!from.startsWith('electron/cli/') && to.startsWith('electron/cli/')) upward.push(`${from} -> ${to}`);
  }
}
const inServices = upward.filter((u) => u.startsWith(SERVICES)).length;

const args = process.argv.slice(2);
const maxAt = args.indexOf('--max-upward');
const maxUpward = maxAt >= 0 ? Number(args[maxAt + 1]) : 5;
console.log(`modules: ${files.length}, import loops: ${loops.length}, upward imports: ${upward.length} (inside electron/services/: ${inServices})`);
if (args.includes('--list') || loops.length > 0 || inServices > maxUpward) {
  for (const l of loops) console.log(`loop: ${l.join(' <-> ')}`);
  for (const u of upward) console.log(`upward: ${u}`);
}
process.exit(loops.length > 0 || inServices > maxUpward ? 1 : 0);
