import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientToken } from "../../../fulfillment/src/adapters/connect-callback-scheduler.js";
import {
  DynamoSmsQuota,
  outboxId,
  phoneKey,
} from "../../../fulfillment/src/adapters/dynamo-security-records.js";
import { completePendingCallbacks } from "../../../fulfillment/src/use-cases/schedule-callback.js";
import { contactFlowEvent, createHarness } from "../../support/fulfillment-harness.js";
import { type LocalDynamo, startLocalDynamo } from "../../support/local-dynamodb.js";
import { janesOrder } from "../../support/orders.js";

/**
 * After a callback's Connect task exists, the book's mark, the callback's record, its text's outbox entry and one
 * text of the number's daily allowance are one TransactWriteItems (all or nothing), through the real adapters
 * against the emulator's DynamoDB; the client counts the requests.
 */
let db: LocalDynamo;
beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => db.stop());

const DAY = "2026-11-20";
const requestKeyOf = (contactId: string) => `connect:${contactId}:requestCallback:2026-11-23T20:00:00.000Z:`;

const item = (callbackId: string) => db.get(db.callbacksTable, { callbackId });

/** The caller asks for a callback to their own number on Monday 3 PM (New York), on the keypad. */
function requestCallback(h: ReturnType<typeof createHarness>, from: string, contactId: string) {
  return h.connect(
    contactFlowEvent(
      { action: "requestCallback", date: "20261123", time: "1500" },
      { from, contactId, languageCode: "en-US" },
    ),
  );
}

describe("a booked callback", () => {
  it("marks the reservation booked, records the callback and its text in one write, then texts once", async () => {
    const phone = "+12025558001";
    await db.put(janesOrder("880001", phone));
    const h = createHarness(db, { security: true });
    db.calls.length = 0;
    expect(await requestCallback(h, phone, "cb-1")).toMatchObject({ result: "SCHEDULED" });
    // PutItem (reserve) · Query (a number on file?) · TransactWriteItems · UpdateItem (mark-sent).
    expect(db.calls).toEqual([
      "PutItemCommand",
      "QueryCommand",
      "TransactWriteItemsCommand",
      "UpdateItemCommand",
    ]);
    const key = requestKeyOf("cb-1") + phone;
    expect(await item(`OPENCB#${phoneKey(phone)}`)).toMatchObject({
      kind: "CALLBACK_BOOKED",
      contactId: "task-1",
    });
    expect(await item(`CALLBACK#${clientToken(key)}`)).toMatchObject({
      kind: "CALLBACK",
      contactId: "task-1",
    });
    expect(await item(outboxId(key))).toMatchObject({ kind: "SMS_SENT", phoneNumber: phone });
    expect((await item(`SMSDAY#${phoneKey(phone)}#${DAY}`))?.sent).toBe(1);
    expect(h.sms).toHaveLength(1);

    // A retried confirm: the same task, no second record, no second text, the allowance counted once.
    const before = await db.recordIds();
    expect(await requestCallback(h, phone, "cb-1")).toMatchObject({ result: "SCHEDULED" });
    expect(h.tasks).toHaveLength(1);
    expect(h.sms).toHaveLength(1);
    expect(await db.recordIds()).toEqual(before);
    expect((await item(`SMSDAY#${phoneKey(phone)}#${DAY}`))?.sent).toBe(1);
    expect(await item(`OPENCB#${phoneKey(phone)}`)).toMatchObject({ kind: "CALLBACK_BOOKED" });
  });

  it("is still booked and recorded over the daily text limit, its text recorded as dropped and not sent", async () => {
    const phone = "+12025558002";
    await db.put(janesOrder("880002", phone));
    const h = createHarness(db, { security: true, config: { smsPerNumberPerDay: 1 } });
    const quota = new DynamoSmsQuota(db.client, db.callbacksTable);
    await quota.take(phone, DAY, 1, h.clock.now, "connect:other:cancelOrder:1");
    expect(await requestCallback(h, phone, "cb-2")).toMatchObject({ result: "SCHEDULED" });
    const key = requestKeyOf("cb-2") + phone;
    expect(await item(`OPENCB#${phoneKey(phone)}`)).toMatchObject({ kind: "CALLBACK_BOOKED" });
    expect(await item(`CALLBACK#${clientToken(key)}`)).toMatchObject({ kind: "CALLBACK" });
    expect(await item(outboxId(key))).toMatchObject({ kind: "SMS_DROPPED", reason: "DAILY_LIMIT" });
    expect(h.sms).toHaveLength(0);
  });

  it("texts nobody when the number has no order on file", async () => {
    const phone = "+12025558003";
    const h = createHarness(db, { security: true });
    db.calls.length = 0;
    expect(await requestCallback(h, phone, "cb-3")).toMatchObject({ result: "SCHEDULED" });
    expect(db.calls).toEqual(["PutItemCommand", "QueryCommand", "TransactWriteItemsCommand"]);
    const key = requestKeyOf("cb-3") + phone;
    expect(await item(`CALLBACK#${clientToken(key)}`)).toMatchObject({ kind: "CALLBACK" });
    expect(await item(outboxId(key))).toBeUndefined();
    expect(h.sms).toHaveLength(0);
  });

  it("writes none of it when the transaction fails: the caller still hears booked, the retry run marks it", async () => {
    const phone = "+12025558004";
    await db.put(janesOrder("880004", phone));
    const h = createHarness(db, { security: true });
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
      expect(await requestCallback(h, phone, "cb-4")).toMatchObject({ result: "SCHEDULED" });
    } finally {
      db.client.middlewareStack.remove("failTransactions");
    }
    const key = requestKeyOf("cb-4") + phone;
    expect(await item(`OPENCB#${phoneKey(phone)}`)).toMatchObject({ kind: "CALLBACK_PENDING" });
    expect(await item(`CALLBACK#${clientToken(key)}`)).toBeUndefined();
    expect(await item(outboxId(key))).toBeUndefined();
    expect(h.sms).toHaveLength(0);
    const log = { info() {}, warn() {}, error() {} } as unknown as Parameters<
      typeof completePendingCallbacks
    >[2];
    const swept = await completePendingCallbacks(h.deps, h.config, log);
    expect(swept.booked).toBeGreaterThanOrEqual(1);
    expect(h.tasks).toHaveLength(1);
    expect(await item(`OPENCB#${phoneKey(phone)}`)).toMatchObject({
      kind: "CALLBACK_BOOKED",
      contactId: "task-1",
    });
    // The retry run writes what the request could not: the callback's record and its text, sent once.
    expect(await item(`CALLBACK#${clientToken(key)}`)).toBeDefined();
    expect(await item(outboxId(key))).toMatchObject({ kind: "SMS_SENT" });
    expect(h.sms).toHaveLength(1);
  });
});
