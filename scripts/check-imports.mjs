// Import loops and upward imports in electron/, shared/ and renderer/ (production code, tests excluded), against
// the one layer table in scripts/layers.mjs (ESLint reports the upward imports too, as you type). Prints the
// figures; exits 1 on any loop or any upward import.
//   node scripts/check-imports.mjs [--list]
import fs from 'node:fs';
import path from 'node:path';
import { importProblem, isTestFile, layerOf, resolveImport, ROOT } from './layers.mjs';

function walk(dir) {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return walk(rel);
    return /\.(ts|tsx|cts)$/.test(e.name) && !isTestFile(rel) ? [rel] : [];
  });
}

const files = ['electron', 'shared', 'renderer'].flatMap(walk);
for (const file of files) layerOf(file); // a module outside the table fails here, naming it
const importRe = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;
const graph = new Map();
for (const file of files) {
  const src = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const deps = new Set();
  for (const m of src.matchAll(importRe)) {
    const target = resolveImport(file, m[1] ?? m[2]);
    if (target !== null) deps.add(target);
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
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue;
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

const upward = [];
for (const [from, deps] of graph) for (const to of deps) if (importProblem(from, to)) upward.push(`${from} -> ${to}`);

console.log(`modules: ${files.length}, import loops: ${loops.length}, upward imports: ${upward.length}`);
if (process.argv.includes('--list') || loops.length > 0 || upward.length > 0) {
  for (const l of loops) console.log(`loop: ${l.join(' <-> ')}`);
  for (const u of upward) console.log(`upward: ${u}`);
}
process.exit(loops.length > 0 || upward.length > 0 ? 1 : 0);
