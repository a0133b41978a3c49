import { checkAllFlows } from "../src/flow-check.js";

// `npm run flows:check`: structural checks; the behavioural scenarios run in `npm test` (test/flows/).
const problems = checkAllFlows();
if (problems.length > 0) {
  for (const p of problems) console.error(`✗ ${p}`);
  process.exit(1);
}
console.log("flows: all structural checks passed");
