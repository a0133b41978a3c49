import { readFileSync } from "node:fs";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stringMapSchema } from "../../support/connect-result-schema.js";
import { contactFlowEvent, createHarness, type Harness } from "../../support/fulfillment-harness.js";
import { type LocalDynamo, startLocalDynamo } from "../../support/local-dynamodb.js";

const NOW = new Date("2026-11-20T01:00:00Z"); // Friday 10:00 in Tokyo
let db: LocalDynamo;
let h: Harness;
let seq = 0;

beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => db.stop());
beforeEach(() => {
  h = createHarness(db, { now: NOW });
  seq += 1;
});

const phone = () => `+8190${String(30000000 + seq)}`;
async function seed(p: string, orders: Record<string, unknown>[]) {
  for (const o of orders) {
    await db.put({
      customerPhone: p,
      customerName: "佐藤 花子",
      locale: "ja_JP",
      status: "PLACED",
      shippingDate: "2026-11-26",
      itemName: "電気ケトル",
      ...o,
    });
  }
}
async function call(params: Record<string, string>, from: string | null, contactId = `contact-${seq}`) {
  const r = await h.connect(contactFlowEvent(params, { from, contactId }));
  expect(stringMapSchema.safeParse(r).success).toBe(true);
  return r;
}

describe("lookupCaller", () => {
  it("greets a known caller by name with the open order with the nearest shipping date", async () => {
    const p = phone();
    await seed(p, [
      { orderId: `5${seq}01`, itemName: "加湿器", shippingDate: "2026-11-28" },
      { orderId: `5${seq}02`, itemName: "電気ケトル", shippingDate: "2026-11-26" },
      { orderId: `5${seq}03`, itemName: "炊飯器", status: "DELIVERED", shippingDate: "2026-11-01" },
    ]);
    // The greeting's order detail and full name are an opt-in (ShopConfig.greetLatestOrder).
    const greeting = createHarness(db, { now: NOW, config: { greetLatestOrder: true } });
    expect(await greeting.connect(contactFlowEvent({ action: "lookupCaller" }, { from: p }))).toEqual({
      known: "true",
      customerName: "佐藤 花子",
      greetingName: "佐藤",
      openOrderCount: "2",
      greetAbout: "order",
      latestOrderId: `5${seq}02`,
      latestItemName: "電気ケトル",
      latestShippingDate: "11月26日（木）",
      locale: "ja_JP",
      callerOrders: expect.any(String),
    });
    expect(db.calls).toEqual(["QueryCommand"]);
  });

  it("asks about no order when the shop has not opted in: the greeting must not name an empty order", async () => {
    const p = phone();
    await seed(p, [{ orderId: `5${seq}11`, shippingDate: "2026-11-28" }]);
    expect(await call({ action: "lookupCaller" }, p)).toMatchObject({
      known: "true",
      openOrderCount: "1",
      greetAbout: "none",
      latestOrderId: "",
      latestItemName: "",
    });
  });

  it("never names a locked order in the greeting", async () => {
    const p = phone();
    await seed(p, [
      { orderId: `5${seq}21`, itemName: "加湿器", shippingDate: "2026-11-26" },
      { orderId: `5${seq}22`, itemName: "炊飯器", shippingDate: "2026-11-28" },
    ]);
    const greeting = createHarness(db, { now: NOW, config: { greetLatestOrder: true } });
    const lookup = () => greeting.connect(contactFlowEvent({ action: "lookupCaller" }, { from: p }));
    await db.doc.send(
      new UpdateCommand({
        TableName: db.ordersTable,
        Key: { orderId: `5${seq}21` },
        UpdateExpression: "SET lockedUntil = :until",
        ExpressionAttributeValues: { ":until": NOW.getTime() + 3_600_000 },
      }),
    );
    expect(await lookup()).toMatchObject({ greetAbout: "order", latestOrderId: `5${seq}22` });
    await db.doc.send(
      new UpdateCommand({
        TableName: db.ordersTable,
        Key: { orderId: `5${seq}22` },
        UpdateExpression: "SET lockedUntil = :until",
        ExpressionAttributeValues: { ":until": NOW.getTime() + 3_600_000 },
      }),
    );
    expect(await lookup()).toMatchObject({ greetAbout: "none", latestOrderId: "", latestItemName: "" });
  });

  it.each([
    ["an unknown number", "+819099999999"],
    ["a withheld number", null],
  ])("answers known=false for %s", async (_, from) => {
    expect(await call({ action: "lookupCaller" }, from)).toMatchObject({
      known: "false",
      customerName: "",
      openOrderCount: "0",
      greetAbout: "none",
    });
  });
});

describe("keypad actions", () => {
  it("cancels the caller's only open order once, even when Connect retries", async () => {
    const p = phone();
    await seed(p, [{ orderId: `6${seq}01` }]);
    // Voice step-up: the keypad keys the order number too.
    const first = await call({ action: "cancelOrder", orderId: `6${seq}01` }, p);
    const retry = await call({ action: "cancelOrder", orderId: `6${seq}01` }, p);
    expect(first.result).toBe("CANCELLED");
    expect(retry).toEqual(first);
    expect(h.sms).toHaveLength(1);
    expect(h.sms[0]).toEqual({ phoneNumber: p, message: expect.stringContaining("キャンセル") });
  });

  it("never finds another customer's order, whatever the parameters say", async () => {
    const owner = phone();
    await seed(owner, [{ orderId: `7${seq}01` }]);
    const r = await call(
      { action: "cancelOrder", orderId: `7${seq}01`, customerPhone: owner },
      "+819011112222",
    );
    expect(r.result).toBe("NOT_FOUND");
    expect(r.message).not.toContain("ケトル");
    const item = (
      await db.doc.send(new GetCommand({ TableName: db.ordersTable, Key: { orderId: `7${seq}01` } }))
    ).Item;
    expect(item?.status).toBe("PLACED");
  });

  it("asks for the number when the caller has several open orders", async () => {
    const p = phone();
    await seed(p, [{ orderId: `8${seq}01` }, { orderId: `8${seq}02` }]);
    expect(await call({ action: "describeOrder" }, p)).toMatchObject({
      result: "CHOOSE",
      openOrderCount: "2",
    });
    expect(await call({ action: "describeOrder", orderId: `8${seq}02` }, p)).toMatchObject({
      result: "FOUND",
      orderId: `8${seq}02`,
    });
  });

  it("validates a keyed date, confirms it in a dry run, then changes it", async () => {
    const p = phone();
    await seed(p, [{ orderId: `9${seq}01` }]);
    expect(
      await call({ action: "changeShippingDate", date: "20261121", orderId: `9${seq}01` }, p),
    ).toMatchObject({
      result: "INVALID_DATE",
      nearestDate: "20261122",
    });
    expect(
      await call({ action: "changeShippingDate", date: "20261399", orderId: `9${seq}01` }, p),
    ).toMatchObject({
      result: "INVALID_DATE",
    });
    const dry = await call(
      { action: "changeShippingDate", date: "20261130", dryRun: "true", orderId: `9${seq}01` },
      p,
    );
    expect(dry).toMatchObject({ result: "VALID", spokenDate: "11月30日（月）" });
    expect(h.sms).toHaveLength(0);
    const done = await call({ action: "changeShippingDate", date: "20261130", orderId: `9${seq}01` }, p);
    expect(done.result).toBe("CHANGED");
    expect(h.sms).toHaveLength(1);
  });

  it("schedules a keypad callback at the next business slot", async () => {
    const p = phone();
    await seed(p, [{ orderId: `4${seq}01` }]);
    const r = await call({ action: "requestCallback" }, p);
    expect(r).toMatchObject({ result: "SCHEDULED", scheduledAt: "2026-11-20T01:15:00.000Z" });
    expect(h.tasks).toHaveLength(1);
  });
});

describe("malformed input", () => {
  it.each(["invalid.json"])("answers the %s fixture with a well-formed error", async (file) => {
    const raw = JSON.parse(readFileSync(`test/fixtures/connect/${file}`, "utf8"));
    expect(await h.connect(raw)).toMatchObject({ result: "ERROR" });
  });

  it("rejects an unknown action", async () => {
    expect(await call({ action: "dropTables" }, phone())).toMatchObject({ result: "ERROR" });
  });
});
