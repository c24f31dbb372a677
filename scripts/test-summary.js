// Prints the closing lines over both runners' JSON reports and scripts/test.sh's phase times: one line per
// phase ("phase build: 41.2 s", or one line for phases run side by side), so a CI log explains its minutes, then "tests: N passed, N failed, N skipped"
// (and how many passed only on a retry, so a flaky test is seen). CI reads that last line: keep its format.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let flaky = 0;
const [vitestFile, playwrightFile, phasesFile] = process.argv.slice(2);

// The Vitest report, or one per lane separated by commas.
for (const file of (vitestFile ?? '').split(',')) {
  if (!file || !existsSync(file)) continue;
  const v = JSON.parse(readFileSync(file, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (playwrightFile && existsSync(playwrightFile)) {
  const p = JSON.parse(readFileSync(playwrightFile, 'utf8'));
  flaky = p.stats?.flaky ?? 0;
  passed += (p.stats?.expected ?? 0) + flaky;
  failed += p.stats?.unexpected ?? 0;
  skipped += p.stats?.skipped ?? 0;
}
if (phasesFile && existsSync(phasesFile)) {
  // "name <tab> milliseconds <tab> exit code <tab> start (epoch ms)" per line. Phases whose times overlap ran side by
  // side: they share one line ("phase typecheck ‖ lint: 41.2 s (typecheck 16.0 s, lint 41.2 s)") timed start to end.
  const rows = readFileSync(phasesFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name, ms, code, start] = line.split('\t');
      return { name, ms: Number(ms), code, start: start === undefined ? undefined : Number(start) };
    });
  // Side-by-side phases append their line as they end: list them in the order they started.
  if (rows.every((r) => r.start !== undefined)) rows.sort((a, b) => a.start - b.start);
  const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const failed = (r) => (r.code === '0' ? '' : ` (failed, exit ${r.code})`);
  const groups = [];
  for (const r of rows) {
    const last = groups.at(-1);
    if (last && r.start !== undefined && last.start !== undefined && r.start < last.end) {
      last.rows.push(r);
      last.end = Math.max(last.end, r.start + r.ms);
    } else groups.push({ rows: [r], start: r.start, end: r.start === undefined ? undefined : r.start + r.ms });
  }
  let total = 0;
  for (const g of groups) {
    const wall = g.rows.length === 1 ? g.rows[0].ms : g.end - g.start;
    total += wall;
    if (g.rows.length === 1) console.log(`phase ${g.rows[0].name}: ${seconds(wall)}${failed(g.rows[0])}`);
    else
      console.log(
        `phase ${g.rows.map((r) => r.name).join(' ‖ ')}: ${seconds(wall)} (${g.rows.map((r) => `${r.name} ${seconds(r.ms)}${failed(r)}`).join(', ')})`,
      );
  }
  console.log(`phases total: ${seconds(total)}`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped${flaky ? ` (${flaky} passed only on a retry)` : ''}`);
