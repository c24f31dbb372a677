// Prints the closing lines over both runners' JSON reports and scripts/test.sh's phase times: one line per
// phase ("phase build: 41.2 s"), so a CI log explains its minutes, then "tests: N passed, N failed, N skipped"
// (and how many passed only on a retry, so a flaky test is seen). CI reads that last line: keep its format.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let flaky = 0;
const [vitestFile, playwrightFile, phasesFile] = process.argv.slice(2);

if (vitestFile && existsSync(vitestFile)) {
  const v = JSON.parse(readFileSync(vitestFile, 'utf8'));
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
  // "name <tab> milliseconds <tab> exit code" per line, in the order the phases ran.
  const rows = readFileSync(phasesFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t'));
  const seconds = (ms) => `${(Number(ms) / 1000).toFixed(1)} s`;
  for (const [name, ms, code] of rows) console.log(`phase ${name}: ${seconds(ms)}${code === '0' ? '' : ` (failed, exit ${code})`}`);
  console.log(`phases total: ${seconds(rows.reduce((sum, [, ms]) => sum + Number(ms), 0))}`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped${flaky ? ` (${flaky} passed only on a retry)` : ''}`);
