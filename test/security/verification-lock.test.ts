import { Logger } from "@aws-lambda-powertools/logger";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoOrderStore } from "../../fulfillment/src/adapters/dynamo-order-store.js";
import { lockOf } from "../../fulfillment/src/adapters/dynamo-security-records.js";
import { Messages } from "../../fulfillment/src/messages.js";
import { notifyBySms } from "../../fulfillment/src/services/sms-confirmations.js";
import { contactFlowEvent, createHarness, type Harness } from "../support/fulfillment-harness.js";
import { type LocalDynamo, startLocalDynamo } from "../support/local-dynamodb.js";
import { MiniLex, text } from "../support/mini-lex.js";
import { janesOrder } from "../support/orders.js";

/**
 * The verification lock lives on the order item (issue 15) without weakening issue 11's guard: a lock recorded
 * anywhere refuses every channel, a lock that lands between a read and a write refuses the write, and an unknown
 * order id never gets an item. Real DynamoDB semantics (dynalite) through the real adapters; the DynamoDB
 * requests are counted by the client.
 */
let db: LocalDynamo;
beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => db.stop());

const LOCK = { maxFailures: 3, windowHours: 24 };
const en = new Messages("en_US");
const GIVE_UP = en.t("verify.giveUp");
const HOUR = 3_600_000;

const order = (orderId: string, customerPhone: string) => janesOrder(orderId, customerPhone, "secret kettle");

function harness(config: Record<string, unknown> = {}): Harness {
  return createHarness(db, { security: true, config: { verificationLock: LOCK, ...config } });
}

/** One chat session's check of an order: the order number and four digits, in one turn. */
function check(h: Harness, sessionId: string, orderId: string, last4: string) {
  const lex = new MiniLex(h, { sessionId });
  return {
    lex,
    reply: lex.say("cancel my order", {
      intent: "CancelOrder",
      slots: { OrderId: orderId, PhoneLast4: last4 },
    }),
  };
}

/** `LOCK.maxFailures` wrong checks, each in its own session (the per-session limit never ends them). */
async function lockByGuessing(h: Harness, orderId: string, prefix: string) {
  for (let i = 0; i < LOCK.maxFailures; i++) await check(h, `${prefix}-${i}`, orderId, `900${i}`).reply;
}

function keypad(h: Harness, from: string, parameters: Record<string, string>) {
  return h.connect(contactFlowEvent({ locale: "en_US", ...parameters }, { from, languageCode: "en-US" }));
}

describe("a lock recorded in one session", () => {
  it("refuses the right digits in another session, the caller ID and the keypad, until its window passes", async () => {
    await db.put(order("880001", "+12025550881"));
    const h = harness();
    await lockByGuessing(h, "880001", "lock-1");
    const locked = await db.get(db.ordersTable, { orderId: "880001" });
    expect(locked?.lockedUntil).toBe(h.clock.now.getTime() + LOCK.windowHours * HOUR);
    expect(locked?.version).toBeUndefined();

    db.calls.length = 0;
    const right = await check(h, "lock-1-right", "880001", "0881").reply;
    expect(right.sessionState.dialogAction.type).toBe("Close");
    expect(right.sessionState.sessionAttributes.handoffReason).toBe("verification_failed");
    expect(text(right)).toBe(GIVE_UP);
    // The check's one read decides the lock: no ledger read, and nothing counted for a locked order.
    expect(db.calls).toEqual(["GetItemCommand"]);

    const voice = new MiniLex(h, { sessionId: "lock-1-voice", attrs: { callerPhone: "+12025550881" } });
    const status = await voice.say("where is my order", { intent: "CheckOrderStatus" });
    expect(status.sessionState.sessionAttributes.handoffReason).toBe("verification_failed");
    expect(text(status)).not.toContain("secret kettle");

    for (const action of ["describeOrder", "cancelOrder"]) {
      const keyed = await keypad(h, "+12025550881", { action, orderId: "880001" });
      expect(keyed).toMatchObject({
        result: "ERROR",
        handoffReason: "verification_failed",
        message: GIVE_UP,
      });
    }
    expect(await keypad(h, "+12025550881", { action: "describeOrder" })).toMatchObject({ result: "ERROR" });
    expect((await db.get(db.ordersTable, { orderId: "880001" }))?.status).toBe("PLACED");

    h.clock.now = new Date(h.clock.now.getTime() + (LOCK.windowHours + 1) * HOUR);
    const later = await check(h, "lock-1-later", "880001", "0881").reply;
    expect(later.sessionState.dialogAction.type).toBe("ConfirmIntent");
  });

  it("writes no item for an unknown order id (the guesses are still counted)", async () => {
    const h = harness();
    await lockByGuessing(h, "889999", "unknown");
    const last = await check(h, "unknown-last", "889999", "1234").reply;
    expect(text(last)).toBe(GIVE_UP);
    expect(await db.get(db.ordersTable, { orderId: "889999" })).toBeUndefined();
    expect((await db.get(db.callbacksTable, { callbackId: "VERIFY#889999" }))?.fails).toHaveLength(4);
    await new DynamoOrderStore(db.client, db.ordersTable).lock(
      "889998",
      new Date(h.clock.now.getTime() + HOUR),
    );
    expect(await db.get(db.ordersTable, { orderId: "889998" })).toBeUndefined();
  });

  it("never shortens a longer lock", async () => {
    await db.put(order("880006", "+12025550886"));
    const store = new DynamoOrderStore(db.client, db.ordersTable);
    await store.lock("880006", new Date("2026-11-21T00:00:00Z"));
    await store.lock("880006", new Date("2026-11-20T12:00:00Z"));
    expect((await db.get(db.ordersTable, { orderId: "880006" }))?.lockedUntil).toBe(
      Date.parse("2026-11-21T00:00:00Z"),
    );
  });

  it("writes a lock the ledger holds from before the order flag existed at the next wrong check", async () => {
    await db.put(order("880005", "+12025550885"));
    const h = harness();
    const t = h.clock.now.getTime();
    await db.doc.send(
      new PutCommand({
        TableName: db.callbacksTable,
        Item: { callbackId: "VERIFY#880005", fails: [t - 3 * HOUR, t - 2 * HOUR, t - HOUR] },
      }),
    );
    const wrong = await check(h, "old-lock", "880005", "1111").reply;
    expect(text(wrong)).toBe(GIVE_UP);
    // The third-newest failure (two hours ago) leaves the window last.
    expect((await db.get(db.ordersTable, { orderId: "880005" }))?.lockedUntil).toBe(t - 2 * HOUR + 24 * HOUR);
    expect(text(await check(h, "old-lock-right", "880005", "0885").reply)).toBe(GIVE_UP);
  });
});

describe("a lock that lands between the read and the write", () => {
  it("refuses the voice caller's confirmed cancel with the locked answer, not 'someone else changed it'", async () => {
    await db.put(order("880002", "+12025550882"));
    const h = harness();
    const voice = new MiniLex(h, { sessionId: "race-voice", attrs: { callerPhone: "+12025550882" } });
    const ask = await voice.say("cancel order 880002", {
      intent: "CancelOrder",
      slots: { OrderId: "880002" },
    });
    expect(ask.sessionState.dialogAction.type).toBe("ConfirmIntent");
    // Meanwhile someone guesses the digits in other sessions: the order locks after the bot read it.
    await lockByGuessing(h, "880002", "race-guess");
    const done = await voice.say("yes", { confirm: true });
    expect(done.sessionState.intent?.state).toBe("Failed");
    expect(done.sessionState.sessionAttributes.handoffReason).toBe("verification_failed");
    expect(done.sessionState.sessionAttributes.outcome).toBe("handoff");
    expect(text(done)).toBe(GIVE_UP);
    expect(text(done)).not.toContain(en.t("order.justChanged", { item: "secret kettle" }).slice(0, 20));
    expect((await db.get(db.ordersTable, { orderId: "880002" }))?.status).toBe("PLACED");
  });

  it("refuses the keypad's write when the lock lands after its read", async () => {
    await db.put(order("880003", "+12025550883"));
    const h = harness();
    const store = h.deps.orders as DynamoOrderStore;
    const read = store.get.bind(store);
    store.get = async (orderId, consistent) => {
      const seen = await read(orderId, consistent);
      store.get = read;
      await store.lock(orderId, new Date(h.clock.now.getTime() + HOUR));
      return seen;
    };
    const r = await keypad(h, "+12025550883", { action: "cancelOrder", orderId: "880003" });
    expect(r).toMatchObject({ result: "ERROR", handoffReason: "verification_failed", message: GIVE_UP });
    expect((await db.get(db.ordersTable, { orderId: "880003" }))?.status).toBe("PLACED");
    expect(h.sms).toHaveLength(0);
  });

  it("answers LOCKED from the conditional write itself, for either proof of identity", async () => {
    await db.put(order("880004", "+12025550884"));
    const store = new DynamoOrderStore(db.client, db.ordersTable);
    const at = "2026-11-20T01:00:00.000Z";
    await store.lock("880004", new Date(Date.parse(at) + HOUR));
    const change = {
      orderId: "880004",
      requestKey: "lex:race-store:cancelOrder:880004" as never,
      expected: { status: "PLACED" as const, version: 0, shippingDate: "2026-11-26" },
      set: { status: "CANCELLED" as const },
      event: "CANCELLED",
      at,
    };
    const byCaller = { kind: "caller" as const, customerPhone: "+12025550884" };
    expect(await store.apply({ ...change, identity: byCaller })).toEqual({ outcome: "LOCKED" });
    expect(await store.apply({ ...change, identity: { kind: "last4", last4: "0884" } })).toEqual({
      outcome: "LOCKED",
    });
    // Past its window the same write goes through.
    const later = new Date(Date.parse(at) + 2 * HOUR).toISOString();
    expect((await store.apply({ ...change, identity: byCaller, at: later })).outcome).toBe("APPLIED");
  });
});

describe("DynamoDB requests", () => {
  it("a voice cancel makes 3: the greeting's Query, one transaction (order, outbox, allowance) and mark-sent", async () => {
    await db.put(order("880010", "+12025550810"));
    const h = harness({ greetLatestOrder: true });
    db.calls.length = 0;
    const greeting = await keypad(h, "+12025550810", { action: "lookupCaller" });
    const voice = new MiniLex(h, {
      sessionId: "count-cancel",
      attrs: { callerPhone: "+12025550810", "ol:callerOrders": greeting.callerOrders ?? "" },
    });
    const ask = await voice.say("cancel order 880010", {
      intent: "CancelOrder",
      slots: { OrderId: "880010" },
    });
    expect(ask.sessionState.dialogAction.type).toBe("ConfirmIntent");
    const done = await voice.say("yes", { confirm: true });
    expect(done.sessionState.intent?.state).toBe("Fulfilled");
    expect(h.sms).toHaveLength(1);
    // Query (greeting) · TransactWriteItems (the order's conditional update with the lock in its condition, the
    // outbox entry, the daily allowance) · UpdateItem (outbox marked sent). No lock read.
    expect(db.calls).toEqual(["QueryCommand", "TransactWriteItemsCommand", "UpdateItemCommand"]);
  });

  it("a voice status call makes 1 (the greeting's Query) and a chat last-four check 1 (the order's GetItem)", async () => {
    await db.put(order("880011", "+12025550811"));
    const h = harness({ greetLatestOrder: true });
    db.calls.length = 0;
    const greeting = await keypad(h, "+12025550811", { action: "lookupCaller" });
    const voice = new MiniLex(h, {
      sessionId: "count-status",
      attrs: { callerPhone: "+12025550811", "ol:callerOrders": greeting.callerOrders ?? "" },
    });
    expect(text(await voice.say("where is my order", { intent: "CheckOrderStatus" }))).toContain(
      "secret kettle",
    );
    expect(db.calls).toEqual(["QueryCommand"]);

    db.calls.length = 0;
    const right = await check(h, "count-last4", "880011", "0811").reply;
    expect(right.sessionState.dialogAction.type).toBe("ConfirmIntent");
    expect(db.calls).toEqual(["GetItemCommand"]);
    db.calls.length = 0;
    await check(h, "count-last4-wrong", "880011", "1111").reply;
    // The order's GetItem and the failure ledger's UpdateItem.
    expect(db.calls).toEqual(["GetItemCommand", "UpdateItemCommand"]);
  });
});

describe("the SMS allowance asked for alongside the outbox entry", () => {
  const log = new Logger({ serviceName: "test", logLevel: "SILENT" });

  it("counts a request and its concurrent retry once: one text, and the next request is limited", async () => {
    const h = harness();
    const phone = "+12025550820";
    const key = "lex:sms-race:cancelOrder:1";
    const results = await Promise.all([
      notifyBySms(h.deps, log, phone, "first", key, 1),
      notifyBySms(h.deps, log, phone, "first", key, 1),
    ]);
    expect(results).toContain("SENT");
    expect(results).not.toContain("LIMITED");
    expect(h.sms.filter((s) => s.phoneNumber === phone)).toHaveLength(1);
    expect(await notifyBySms(h.deps, log, phone, "again", key, 1)).toBe("SENT");
    expect(await notifyBySms(h.deps, log, phone, "second", "lex:sms-race:cancelOrder:2", 1)).toBe("LIMITED");
    expect(h.sms.filter((s) => s.phoneNumber === phone)).toHaveLength(1);
  });
});

describe("the lock's window", () => {
  const rule = { maxFailures: 3, windowHours: 24 };
  const now = new Date("2026-11-20T12:00:00Z");
  const ago = (hours: number) => now.getTime() - hours * HOUR;
  it.each([
    ["no failures", [], { failures: 0, locked: false }],
    ["two in the window", [ago(1), ago(2)], { failures: 2, locked: false }],
    ["three, one outside the window", [ago(1), ago(2), ago(25)], { failures: 2, locked: false }],
    [
      "three in the window",
      [ago(5), ago(1), ago(3)],
      { failures: 3, locked: true, until: ago(5) + 24 * HOUR },
    ],
    [
      "four: the third newest decides",
      [ago(1), ago(2), ago(3), ago(4)],
      { failures: 4, locked: true, until: ago(3) + 24 * HOUR },
    ],
  ])("%s", (_name, fails, expected) => {
    const count = lockOf(fails, rule, now);
    expect({ failures: count.failures, locked: count.locked }).toEqual({
      failures: expected.failures,
      locked: expected.locked,
    });
    if (count.locked) expect(count.lockedUntil.getTime()).toBe((expected as { until: number }).until);
  });
});
