import { parseArgs } from "node:util";
import { runBundleBench } from "./bundles.js";
import { runEmulatorBench } from "./emulator.js";
import { runRequestCountBench } from "./requests.js";
import { MIX } from "./workload.js";

/**
 * `npm run bench [-- --quick] [--only requests,bundles,emulator] [--compare DIR]`: prints figures, each beside
 * its yardstick measured in the same run (not a test). Clients run in this process, the emulator in its own
 * (started like `npm start`), the Lambdas' cold starts in fresh processes. `--compare` measures another
 * checkout (e.g. `git worktree add ../before HEAD~5`) interleaved with this one.
 */
const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    compare: { type: "string" },
  },
});
process.env.AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING = "1";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "1";
const only = new Set((values.only ?? "requests,bundles,emulator").split(","));
const quick = values.quick ?? false;

if (only.has("requests")) {
  console.log(
    "\n== DynamoDB requests per simulated voice call (greeting lookup + Lex turns), counted by the emulator ==",
  );
  const targets: [string, string | undefined][] = [["this tree", undefined]];
  if (values.compare) targets.push(["compare", values.compare]);
  for (const [label, cwd] of targets) {
    const counts = await runRequestCountBench(cwd);
    console.log(
      `${label.padEnd(10)} ${MIX.map((f) => `${f} ${counts.get(f)}`).join("  ")}  (target: cancel 2, change 2; a change is the greeting's Query, one transaction, the outbox's mark-sent)`,
    );
  }
}
if (only.has("bundles")) await runBundleBench(quick ? 3 : 7);
if (only.has("emulator")) {
  await runEmulatorBench({
    sequentialTurns: quick ? 300 : 1000,
    levels: quick ? [1, 10, 50, 200] : [1, 10, 50, 200, 500],
    memoryConversations: quick ? 1000 : 5000,
    startRuns: quick ? 3 : 5,
    compareDir: values.compare,
  });
}
