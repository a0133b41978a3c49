import { KETTLE_ORDER, startLocalDynamo } from "../test/support/local-dynamodb.js";
import { runBundleBench } from "./bundles.js";
import { runFulfillmentBench } from "./fulfillment.js";

/** `npm run bench`: prints figures (not a test). */
process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
await runFulfillmentBench();
const db = await startLocalDynamo();
await db.put(KETTLE_ORDER);
try {
  await runBundleBench(db.endpoint, db.ordersTable);
} finally {
  await db.stop();
}
try {
  const { runEmulatorBench } = await import("./emulator.js");
  await runEmulatorBench();
} catch (error) {
  console.log(`\n(emulator bench unavailable: ${(error as Error).message})`);
}
