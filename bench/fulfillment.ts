import { performance } from "node:perf_hooks";
import { contactFlowEvent, createHarness } from "../test/support/fulfillment-harness.js";
import { startLocalDynamo } from "../test/support/local-dynamodb.js";
import { MiniLex } from "../test/support/mini-lex.js";
import { ms, percentile } from "./stats.js";

const ROUNDS = 200;

/** Handler latency per turn against dynalite, and DynamoDB requests per completed change. */
export async function runFulfillmentBench(): Promise<void> {
  const db = await startLocalDynamo();
  const h = createHarness(db);
  const turns: number[] = [];
  const lookups: number[] = [];
  const requests: { cancel: string[]; change: string[] } = { cancel: [], change: [] };
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const phone = `+1202${String(5_000_000 + i)}`;
      await db.put({
        orderId: `${10_000 + i}`,
        customerPhone: phone,
        customerName: "Bench",
        itemName: "kettle",
        shippingDate: "2026-11-26",
        status: "PLACED",
        locale: "en_US",
      });
      const lex = new MiniLex(h, { sessionId: `bench-${i}`, attrs: { callerPhone: phone } });
      const intent = i % 2 === 0 ? "CancelOrder" : "ChangeShippingDate";
      const slots: Record<string, string> =
        intent === "ChangeShippingDate" ? { ShippingDate: "2026-12-02" } : {};
      db.calls.length = 0;
      let t = performance.now();
      await lex.say("start", { intent, slots });
      turns.push(performance.now() - t);
      t = performance.now();
      await lex.say("yes", { confirm: true });
      turns.push(performance.now() - t);
      if (i < 10) (intent === "CancelOrder" ? requests.cancel : requests.change).push(db.calls.join("+"));
      t = performance.now();
      await h.connect(contactFlowEvent({ action: "lookupCaller" }, { from: phone }));
      lookups.push(performance.now() - t);
    }
  } finally {
    await db.stop();
  }
  console.log("\n== Fulfillment handlers against dynalite (in-process, real SDK clients) ==");
  console.log(
    `Lex code hook turn   p50 ${ms(percentile(turns, 50))}  p99 ${ms(percentile(turns, 99))}  (n=${turns.length})`,
  );
  console.log(
    `lookupCaller         p50 ${ms(percentile(lookups, 50))}  p99 ${ms(percentile(lookups, 99))}  (n=${lookups.length})`,
  );
  console.log(`DynamoDB requests per completed cancel (caller with one order): ${unique(requests.cancel)}`);
  console.log(
    `DynamoDB requests per completed date change (caller with one order): ${unique(requests.change)}`,
  );
}

function unique(list: string[]): string {
  return [...new Set(list)].map((s) => `${s.split("+").length} (${s})`).join(" | ");
}
