// Prints vitest's JSON results as the one line CI reads: "N passed, N failed[, N skipped]".
// Failed typecheck or lint steps count as failures, so a red check can never read as green.
import { existsSync, readFileSync } from 'node:fs';

const [file, checksFailedArg = '0', testStatusArg = '0'] = process.argv.slice(2);
const checksFailed = Number(checksFailedArg);
if (!file || !existsSync(file)) {
  console.log(`0 passed, ${1 + checksFailed} failed`);
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
const passed = r.numPassedTests ?? 0;
// A test file that fails to load, or whose setup fails (a service missing in CI makes beforeAll throw and
// vitest then reports its tests as skipped), has no failed test of its own but is a failure all the same.
const brokenFiles = (r.testResults ?? []).filter(
  (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
).length;
// Vitest also fails a run whose tests all passed when an error escaped them (an unhandled rejection or
// 'error' event): that run counts one failure more, so its totals never read as green.
const escaped = Number(testStatusArg) !== 0 && (r.numFailedTests ?? 0) + brokenFiles === 0 ? 1 : 0;
const failed = (r.numFailedTests ?? 0) + brokenFiles + escaped + checksFailed;
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
