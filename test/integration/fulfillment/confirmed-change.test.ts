import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoOrderStore } from "../../../fulfillment/src/adapters/dynamo-order-store.js";
import {
  DynamoSmsOutbox,
  DynamoSmsQuota,
  outboxId,
} from "../../../fulfillment/src/adapters/dynamo-security-records.js";
import type { RequestKey } from "../../../fulfillment/src/domain/request-key.js";
import type { ChangeConfirmation, OrderChange } from "../../../fulfillment/src/ports.js";
import { contactFlowEvent, createHarness } from "../../support/fulfillment-harness.js";
import { type LocalDynamo, startLocalDynamo } from "../../support/local-dynamodb.js";
import { janesOrder } from "../../support/orders.js";

/**
 * An order change and its confirmation text are one TransactWriteItems (the order's conditional update, the
 * text's outbox entry, one text of the number's daily allowance): all of it or nothing, through the real
 * adapters against the emulator's DynamoDB; the client counts the requests.
 */
let db: LocalDynamo;
beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => db.stop());

const AT = "2026-11-20T01:00:00.000Z";
const HOUR = 3_600_000;

function cancelByKeypad(
  h: ReturnType<typeof createHarness>,
  orderId: string,
  from: string,
  contactId: string,
) {
  return h.connect(
    contactFlowEvent({ action: "cancelOrder", orderId }, { from, contactId, languageCode: "en-US" }),
  );
}

describe("a cancel through the keypad", () => {
  it("writes the change, its pending text and the allowance together; a text SNS refused waits for the retry run", async () => {
    await db.put(janesOrder("770001", "+12025557001"));
    const h = createHarness(db, { security: true, failSms: true });
    db.calls.length = 0;
    const r = await cancelByKeypad(h, "770001", "+12025557001", "tx-1");
    expect(r).toMatchObject({ result: "CANCELLED" });
    // GetItem (the keypad reads the order fresh) · TransactWriteItems · UpdateItem (lease let go after SNS failed).
    expect(db.calls).toEqual(["GetItemCommand", "TransactWriteItemsCommand", "UpdateItemCommand"]);
    expect(await db.get(db.ordersTable, { orderId: "770001" })).toMatchObject({
      status: "CANCELLED",
      version: 1,
      lastRequest: "connect:tx-1:cancelOrder:770001",
    });
    const entry = await db.get(db.callbacksTable, {
      callbackId: outboxId("connect:tx-1:cancelOrder:770001"),
    });
    expect(entry).toMatchObject({
      kind: "SMS_PENDING",
      phoneNumber: "+12025557001",
      orderId: "770001",
      leaseUntil: 0,
      attempts: 0,
    });
    expect(String(entry?.message)).toContain("770001");
    expect((await db.recordIds()).filter((id) => id.startsWith("SMSDAY#"))).toHaveLength(1);
  });

  it("writes nothing at all when the transaction fails", async () => {
    await db.put(janesOrder("770002", "+12025557002"));
    const h = createHarness(db, { security: true });
    const before = await db.recordIds();
    db.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "TransactWriteItemsCommand") {
          throw Object.assign(new Error("Internal server error"), { name: "InternalServerError" });
        }
        return next(args);
      },
      { step: "initialize", name: "failTransactions" },
    );
    try {
      const r = await cancelByKeypad(h, "770002", "+12025557002", "tx-2");
      expect(r.result).toBe("ERROR");
    } finally {
      db.client.middlewareStack.remove("failTransactions");
    }
    expect((await db.get(db.ordersTable, { orderId: "770002" }))?.status).toBe("PLACED");
    expect(await db.recordIds()).toEqual(before);
    expect(h.sms).toHaveLength(0);
  });

  it("still cancels over the daily limit, with the text recorded as dropped and not sent", async () => {
    await db.put(janesOrder("770003", "+12025557003"));
    await db.put(janesOrder("770004", "+12025557003"));
    const h = createHarness(db, { security: true, config: { smsPerNumberPerDay: 1 } });
    expect(await cancelByKeypad(h, "770003", "+12025557003", "tx-3")).toMatchObject({ result: "CANCELLED" });
    db.calls.length = 0;
    expect(await cancelByKeypad(h, "770004", "+12025557003", "tx-4")).toMatchObject({ result: "CANCELLED" });
    // The allowance refused the first transaction; the second writes the change and the dropped text.
    expect(db.calls).toEqual(["GetItemCommand", "TransactWriteItemsCommand", "TransactWriteItemsCommand"]);
    expect((await db.get(db.ordersTable, { orderId: "770004" }))?.status).toBe("CANCELLED");
    expect(
      await db.get(db.callbacksTable, { callbackId: outboxId("connect:tx-4:cancelOrder:770004") }),
    ).toMatchObject({ kind: "SMS_DROPPED", reason: "DAILY_LIMIT" });
    expect(h.sms.map((s) => s.message)).toHaveLength(1);
  });
});

describe("DynamoOrderStore.applyWithConfirmation", () => {
  const records = () => ({
    outbox: new DynamoSmsOutbox(db.client, db.callbacksTable),
    smsQuota: new DynamoSmsQuota(db.client, db.callbacksTable),
  });
  const store = () => new DynamoOrderStore(db.client, db.ordersTable);
  const change = (orderId: string, phone: string, tag: string): OrderChange => ({
    orderId,
    requestKey: `lex:${tag}:cancelOrder:${orderId}` as RequestKey,
    expected: { status: "PLACED", version: 0, shippingDate: "2026-11-26" },
    identity: { kind: "caller", customerPhone: phone },
    set: { status: "CANCELLED" },
    event: "CANCELLED",
    at: AT,
  });
  const send = (perDay = 5): ChangeConfirmation => ({
    message: "cancelled",
    leaseMs: 60_000,
    record: { kind: "send", day: AT.slice(0, 10), perDay },
  });

  it("answers a retry of an applied request DUPLICATE with its text's state, from the cancellation reasons alone", async () => {
    await db.put(janesOrder("770010", "+12025557010"));
    const c = change("770010", "+12025557010", "dup");
    expect(await store().applyWithConfirmation(c, send(), records())).toMatchObject({
      outcome: "APPLIED",
      version: 1,
      phoneNumber: "+12025557010",
      textId: outboxId(c.requestKey),
    });
    db.calls.length = 0;
    const again = await store().applyWithConfirmation(c, send(), records());
    expect(again).toMatchObject({
      outcome: "DUPLICATE",
      text: "SMS_PENDING",
      order: { status: "CANCELLED" },
    });
    expect(db.calls).toEqual(["TransactWriteItemsCommand"]);
  });

  it("answers a lock that landed after the read LOCKED, and someone else's change CHANGED, writing nothing", async () => {
    await db.put(janesOrder("770011", "+12025557011"));
    await db.put(janesOrder("770012", "+12025557012"));
    await store().lock("770011", new Date(Date.parse(AT) + HOUR));
    await store().apply({ ...change("770012", "+12025557012", "shop"), set: { shippingDate: "2026-11-28" } });
    const before = await db.recordIds();
    db.calls.length = 0;
    expect(
      await store().applyWithConfirmation(change("770011", "+12025557011", "l"), send(), records()),
    ).toEqual({
      outcome: "LOCKED",
    });
    const changed = await store().applyWithConfirmation(
      change("770012", "+12025557012", "c"),
      send(),
      records(),
    );
    expect(changed).toMatchObject({ outcome: "CHANGED", order: { version: 1, shippingDate: "2026-11-28" } });
    expect(db.calls).toEqual(["TransactWriteItemsCommand", "TransactWriteItemsCommand"]);
    expect(await db.recordIds()).toEqual(before);
  });

  it.each([
    ["the day's texts are used up", "770021", "USED_UP", "NONE"],
    ["this request took its text before", "770022", "TAKEN", "NONE"],
    ["this request recorded its text before", "770023", undefined, "SMS_PENDING"],
  ])("refuses the whole write when %s", async (_label, id, allowance, text) => {
    const phone = `+120255${id.slice(-4)}`;
    await db.put(janesOrder(id, phone));
    const c = change(id, phone, "refused");
    const { outbox, smsQuota } = records();
    const now = new Date(AT);
    if (allowance === "USED_UP")
      await smsQuota.take(phone, AT.slice(0, 10), 1, now, "lex:other:cancelOrder:1");
    if (allowance === "TAKEN") await smsQuota.take(phone, AT.slice(0, 10), 5, now, c.requestKey);
    if (text === "SMS_PENDING") await outbox.hold({ requestKey: c.requestKey }, 60_000, now);
    const result = await store().applyWithConfirmation(c, send(allowance === "USED_UP" ? 1 : 5), {
      outbox,
      smsQuota,
    });
    expect(result).toEqual({ outcome: "TEXT_REFUSED", text, ...(allowance ? { allowance } : {}) });
    expect((await db.get(db.ordersTable, { orderId: id }))?.status).toBe("PLACED");
  });
});
