// Prints one closing line for the whole `npm test`: "tests: N passed, N failed, N skipped".
import { existsSync, readFileSync } from "node:fs";

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;
const v = `${dir}/vitest.json`;
if (existsSync(v)) {
  const r = JSON.parse(readFileSync(v, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests ?? 0);
}
// The e2e suite, and on PostgreSQL the two-instance suite (e2e-multi/).
for (const name of ["playwright.json", "playwright-multi.json"]) {
  const p = `${dir}/${name}`;
  if (!existsSync(p)) continue;
  const s = JSON.parse(readFileSync(p, "utf8")).stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0); failed += s.unexpected ?? 0; skipped += s.skipped ?? 0;
}
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
