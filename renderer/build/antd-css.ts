import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import postcss, { type Container } from 'postcss';

/**
 * antd's prebuilt stylesheet (antd/dist/antd.css, ~1 MB) reduced to the components the app uses. The browser
 * parses, indexes and matches every rule of it on the first render; a quarter of them style components the app
 * never shows. What stays is read from antd's own module graph, starting at the app's imports from 'antd', so it
 * over-includes rather than misses (a component pulls in the styles of everything it can render). The app runs
 * antd without runtime styles (`zeroRuntime`, App.tsx): the e2e walk checks that no component on any page lacks
 * its styles, and the cache map at the end of the file lists only the kept components.
 */
/** `genStyleHooks('Table', …)`, `genStyleHooks(['Input', 'Search'], …)`, `genSubStyleComponent(['Tag', 'preset'], …)`. */
const STYLE_HOOK = /gen(?:StyleHooks|ComponentStyleHook|SubStyleComponent)\(\s*(\[[^\]]*\]|'[^']*'|"[^"]*")/g;
const IMPORT_FROM = /(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\s*["']([^"']+)["']/g;
const CACHE_MAP_RULE = '.data-ant-cssinjs-cache-path';

/** The style paths (`Table-Table`, `Input-Search`) that antd's modules reachable from `entries` register. */
export function reachableStylePaths(entries: readonly string[]): Set<string> {
  const paths = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const [, arg] of code.matchAll(STYLE_HOOK)) {
      const names = [...(arg ?? '').matchAll(/["']([^"']+)["']/g)].map((m) => m[1] ?? '');
      paths.add(names.length === 1 ? `${names[0]}-${names[0]}` : names.join('-'));
    }
    for (const [, from, bare] of code.matchAll(IMPORT_FROM)) {
      const spec = from ?? bare ?? '';
      // Only antd's own files: its dependencies (rc-*, cssinjs) register no component styles.
      if (!spec.startsWith('.')) continue;
      const next = resolveRelative(path.dirname(file), spec);
      if (next) visit(next);
    }
  };
  entries.forEach(visit);
  return paths;
}

/** `./table` → `table.js` or `table/index.js`, whichever is a file. */
function resolveRelative(dir: string, spec: string): string | undefined {
  const base = path.resolve(dir, spec);
  return [base, `${base}.js`, path.join(base, 'index.js')].find((f) => statSync(f, { throwIfNoEntry: false })?.isFile());
}

/** The modules of `antd/es` behind the named exports `names` of its index (`Table` → `antd/es/table/index.js`). */
export function antdModulesOf(antdEsDir: string, names: ReadonlySet<string>): string[] {
  const index = readFileSync(path.join(antdEsDir, 'index.js'), 'utf8');
  const modules: string[] = [];
  for (const [, exported, from] of index.matchAll(/export\s*\{\s*default as (\w+)\s*\}\s*from\s*'([^']+)'/g)) {
    if (!exported || !from || !names.has(exported)) continue;
    const file = resolveRelative(antdEsDir, from);
    if (file) modules.push(file);
  }
  return modules;
}

/** The names the app imports from 'antd' (`import { Button, Table as T } from 'antd'`) and its deep imports. */
export function appAntdImports(sources: readonly string[]): { names: Set<string>; deep: Set<string> } {
  const names = new Set<string>();
  const deep = new Set<string>();
  for (const code of sources) {
    // `import type { … }` brings no component; neither does `type X` inside the braces.
    for (const [, list] of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*'antd'/g)) {
      for (const part of (list ?? '').split(',').map((p) => p.trim())) {
        const name = part.split(/\s+as\s+/)[0]?.trim();
        if (name && !part.startsWith('type ')) names.add(name);
      }
    }
    for (const [, sub] of code.matchAll(/from\s*'antd\/(es\/[^']+)'/g)) if (sub) deep.add(sub);
  }
  return { names, deep };
}

/**
 * `css` without the rules of components whose style paths are not in `keep`, and with a cache map listing only
 * what stays. A rule goes when every antd class it names belongs to a dropped component; rules naming no
 * component (variables, resets, icons, keyframes) stay.
 */
export function keepComponentCss(css: string, keep: ReadonlySet<string>): { css: string; kept: string[]; dropped: string[] } {
  const root = postcss.parse(css);
  const cacheRule = findCacheMapRule(root);
  if (!cacheRule) throw new Error(`antd.css has no ${CACHE_MAP_RULE} rule: its format changed, check renderer/build/antd-css.ts`);
  const decl = cacheRule.nodes.find((n) => n.type === 'decl' && n.prop === 'content');
  if (!decl || decl.type !== 'decl') throw new Error(`${CACHE_MAP_RULE} has no content`);
  // "|Table-Table|ant-table|anticon:hash;|Shared|ant:hash;…": the path's first part names the style hook.
  const entries = decl.value.replace(/^"|"$/g, '').split(';');
  const keptEntries: string[] = [];
  const prefixKept = new Map<string, boolean>();
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const entry of entries) {
    const parts = entry.split(':')[0]?.split('|') ?? [];
    const hook = parts[0] || parts[1] || '';
    const prefix = parts.find((p) => p.startsWith('ant-'));
    // Not a component (icons, shared tokens): always kept.
    const keepIt = !/^[A-Z]\w*-\w/.test(hook) || keep.has(hook);
    (keepIt ? kept : dropped).push(hook);
    if (keepIt) keptEntries.push(entry);
    if (prefix) prefixKept.set(prefix, (prefixKept.get(prefix) ?? false) || keepIt);
  }
  decl.value = `"${keptEntries.join(';')}"`;
  // Longest prefix first: `ant-input-number` before `ant-input`.
  const prefixes = [...prefixKept.keys()].sort((a, b) => b.length - a.length);
  const ownerOf = (cls: string): string | undefined => prefixes.find((p) => cls === p || cls.startsWith(`${p}-`));
  root.walkRules((rule) => {
    if (rule === cacheRule) return;
    const owners = [...rule.selector.matchAll(/ant-[a-z0-9-]+/g)].map((m) => ownerOf(m[0])).filter((o): o is string => o !== undefined);
    if (owners.length > 0 && owners.every((o) => prefixKept.get(o) === false)) rule.remove();
  });
  // At-rules left empty (a @media of dropped rules only).
  root.walkAtRules((at) => {
    if (at.nodes && at.nodes.length === 0) at.remove();
  });
  return { css: root.toString(), kept, dropped };
}

function findCacheMapRule(root: Container): postcss.Rule | undefined {
  let found: postcss.Rule | undefined;
  root.walkRules((rule) => {
    if (rule.selector.trim() === CACHE_MAP_RULE) found = rule;
  });
  return found;
}
