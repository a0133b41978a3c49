import { resolve } from "node:path";
import { TEST_SETS_DIR, writeTestSets } from "./test-set-export.js";

/** `npm run export:testset [-- --out DIR]`: Lex Test Workbench CSVs from test/conversations/*.yaml. */
const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
if (args.length > 0 && (outIndex < 0 || !args[outIndex + 1])) {
  console.error("usage: npm run export:testset [-- --out DIR]");
  process.exit(2);
}
const dir = outIndex >= 0 ? resolve(args[outIndex + 1]!) : TEST_SETS_DIR;
for (const path of writeTestSets(dir)) console.log(`wrote ${path}`);
