// Adds up the Vitest and Playwright JSON reports into the one closing line CI reads.
import fs from "node:fs";

const status = Number(process.argv[2] ?? "1");
let passed = 0;
let failed = 0;
let skipped = 0;

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

const vitest = read(".tmp/reports/vitest.json");
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
}
// The e2e suite, then its core flows again on PostgreSQL (npm run test:e2e:pg).
for (const file of [".tmp/reports/playwright.json", ".tmp/reports/playwright-pg.json"]) {
  const pw = read(file);
  if (pw?.stats) {
    passed += pw.stats.expected ?? 0;
    failed += (pw.stats.unexpected ?? 0) + (pw.stats.flaky ?? 0);
    skipped += pw.stats.skipped ?? 0;
  }
}
// A step that failed before its runner reported (typecheck, build) still counts.
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
