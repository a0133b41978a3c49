import { Logger } from "@aws-lambda-powertools/logger";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resendFailedSms } from "../../../fulfillment/src/services/sms-confirmations.js";
import { createHarness } from "../../support/fulfillment-harness.js";
import { type LocalDynamo, startLocalDynamo } from "../../support/local-dynamodb.js";
import { MiniLex } from "../../support/mini-lex.js";

const log = new Logger({ serviceName: "test", logLevel: "SILENT" });
let db: LocalDynamo;

beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => db.stop());

describe("SMS kept for retry", () => {
  it("sends a confirmation SNS refused once, exactly once, on the next run", async () => {
    const phone = "+12025550901";
    await db.put({
      orderId: "990001",
      customerPhone: phone,
      customerName: "Retry",
      itemName: "clock",
      shippingDate: "2026-11-26",
      status: "PLACED",
      locale: "en_US",
    });
    const down = createHarness(db, { failSms: true });
    const lex = new MiniLex(down, { sessionId: "retry-1", attrs: { callerPhone: phone } });
    await lex.say("cancel my order", { intent: "CancelOrder", slots: { OrderId: "990001" } });
    await lex.say("yes", { confirm: true });
    expect(down.sms).toEqual([]);

    const up = createHarness(db);
    expect(await resendFailedSms(up.deps, log)).toEqual({ sent: 1, failed: 0, skipped: 0 });
    expect(up.sms).toEqual([{ phoneNumber: phone, message: expect.stringContaining("990001") }]);
    // Overlapping or later runs find nothing left to send.
    expect(await resendFailedSms(up.deps, log)).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(up.sms).toHaveLength(1);
  });

  it("puts a message back while SNS keeps failing and gives up after five runs", async () => {
    const phone = "+12025550902";
    await db.put({
      orderId: "990002",
      customerPhone: phone,
      customerName: "Retry",
      itemName: "fan",
      shippingDate: "2026-11-26",
      status: "PLACED",
      locale: "en_US",
    });
    const down = createHarness(db, { failSms: true });
    const lex = new MiniLex(down, { sessionId: "retry-2", attrs: { callerPhone: phone } });
    await lex.say("cancel my order", { intent: "CancelOrder", slots: { OrderId: "990002" } });
    await lex.say("yes", { confirm: true });
    const runs = [];
    for (let i = 0; i < 6; i++) runs.push(await resendFailedSms(down.deps, log));
    expect(runs.map((r) => r.failed)).toEqual([1, 1, 1, 1, 1, 0]);
    const items = await db.doc.send(
      new GetCommand({ TableName: db.ordersTable, Key: { orderId: "990002" } }),
    );
    expect(items.Item?.status).toBe("CANCELLED");
  });
});
