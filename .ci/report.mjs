// Prints, last in CI's output, the tests that failed and those that passed only on their second try, from
// vitest's JSON report (test-results/vitest.json, written when CI is set; see vitest.config.mts).
import { existsSync, readFileSync } from "node:fs";

const file = new URL("../test-results/vitest.json", import.meta.url);
if (!existsSync(file)) {
  console.log("ci: no vitest report (test-results/vitest.json) was written");
  process.exit(0);
}
const report = JSON.parse(readFileSync(file, "utf8"));
const root = new URL("..", import.meta.url).pathname;
const lines = [];
for (const suite of report.testResults ?? []) {
  const path = suite.name.replace(root, "");
  if (suite.status === "failed" && !suite.assertionResults?.some((t) => t.status === "failed")) {
    lines.push(`FAILED ${path} (the file): ${String(suite.message ?? "").split("\n")[0]}`);
  }
  for (const t of suite.assertionResults ?? []) {
    const first = (t.failureMessages ?? [])[0]?.split("\n")[0] ?? "";
    if (t.status === "failed") lines.push(`FAILED ${path} > ${t.fullName}: ${first}`);
    else if (t.failureMessages?.length)
      lines.push(`FLAKY (passed on retry) ${path} > ${t.fullName}: ${first}`);
  }
}
console.log(`ci: ${report.numPassedTests}/${report.numTotalTests} tests passed`);
for (const line of lines) console.log(line.slice(0, 400));
