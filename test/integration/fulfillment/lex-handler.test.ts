import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, lexEvent } from "../../support/fulfillment-harness.js";
import { type LocalDynamo, startLocalDynamo } from "../../support/local-dynamodb.js";
import { MiniLex, text } from "../../support/mini-lex.js";

// 2026-11-20 10:00 in Tokyo, 2026-11-19 20:00 in New York.
const NOW = new Date("2026-11-20T01:00:00Z");
let db: LocalDynamo;
let h: Harness;
let seq = 0;

const order = (o: Record<string, unknown>) => ({
  customerName: "Jane Smith",
  locale: "en_US",
  status: "PLACED",
  shippingDate: "2026-11-26",
  ...o,
});

beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => db.stop());
beforeEach(() => {
  h = createHarness(db, { now: NOW });
  seq += 1;
});

async function getOrder(orderId: string) {
  return (await db.doc.send(new GetCommand({ TableName: db.ordersTable, Key: { orderId } }))).Item;
}

describe("CancelOrder on a voice call from the number on file", () => {
  it("cancels the caller's only open order with one read and one conditional write, and sends one SMS", async () => {
    const phone = `+1202555${String(1000 + seq)}`;
    await db.put(order({ orderId: `71${seq}01`, customerPhone: phone, itemName: "kettle" }));
    const lex = new MiniLex(h, { sessionId: `s${seq}`, attrs: { callerPhone: phone } });
    // Voice step-up: caller ID plus the order number.
    const ask = await lex.say("cancel my order", { intent: "CancelOrder", slots: { OrderId: `71${seq}01` } });
    expect(ask.sessionState.dialogAction.type).toBe("ConfirmIntent");
    expect(text(ask)).toContain("kettle");
    expect(text(ask)).toContain("Thursday, November 26");
    const done = await lex.say("yes", { confirm: true });
    expect(done.sessionState.dialogAction.type).toBe("Close");
    expect(done.sessionState.intent?.state).toBe("Fulfilled");
    expect(db.calls).toEqual(["QueryCommand", "UpdateItemCommand"]);
    expect((await getOrder(`71${seq}01`))?.status).toBe("CANCELLED");
    expect(h.sms).toEqual([{ phoneNumber: phone, message: expect.stringContaining("cancelled") }]);
  });

  it("changes once and texts once when Lex retries the fulfillment", async () => {
    const phone = `+1202555${String(2000 + seq)}`;
    await db.put(order({ orderId: `72${seq}01`, customerPhone: phone, itemName: "lamp" }));
    const lex = new MiniLex(h, { sessionId: `s${seq}`, attrs: { callerPhone: phone } });
    await lex.say("cancel it", { intent: "CancelOrder", slots: { OrderId: `72${seq}01` } });
    await lex.say("yes", { confirm: true });
    const retry = await lex.retryFulfillment("CancelOrder");
    expect(retry.sessionState.intent?.state).toBe("Fulfilled");
    expect(h.sms).toHaveLength(1);
    expect((await getOrder(`72${seq}01`))?.version).toBe(1);
  });

  it("asks which order when the caller has several open orders", async () => {
    const phone = `+1202555${String(3000 + seq)}`;
    await db.put(order({ orderId: `73${seq}01`, customerPhone: phone, itemName: "desk lamp" }));
    await db.put(
      order({
        orderId: `73${seq}02`,
        customerPhone: phone,
        itemName: "yoga mat",
        shippingDate: "2026-11-28",
      }),
    );
    const lex = new MiniLex(h, { sessionId: `s${seq}`, attrs: { callerPhone: phone } });
    const which = await lex.say("I need to cancel an order", { intent: "CancelOrder" });
    expect(which.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "OrderId" });
    expect(text(which)).toMatch(/desk lamp.*yoga mat/);
    // Naming the item is not enough to change it by voice: the order number is the second factor.
    const stepUp = await lex.say("the yoga mat please");
    expect(stepUp.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "OrderId" });
    expect(text(stepUp)).toContain("order number");
    const confirm = await lex.say(`73${seq}02`);
    expect(confirm.sessionState.dialogAction.type).toBe("ConfirmIntent");
    expect(text(confirm)).toContain("yoga mat");
  });

  it("refuses a shipped order and says what to do instead", async () => {
    const phone = `+1202555${String(4000 + seq)}`;
    await db.put(
      order({ orderId: `74${seq}01`, customerPhone: phone, itemName: "shoes", status: "SHIPPED" }),
    );
    const lex = new MiniLex(h, { sessionId: `s${seq}`, attrs: { callerPhone: phone } });
    const r = await lex.say("cancel order", { intent: "CancelOrder", slots: { OrderId: `74${seq}01` } });
    expect(r.sessionState.dialogAction.type).toBe("Close");
    expect(text(r)).toMatch(/shipped.*return/);
    expect(h.sms).toHaveLength(0);
  });
});

describe("identity on chat", () => {
  it("asks the order number then the last four digits before revealing anything", async () => {
    await db.put(order({ orderId: `81${seq}01`, customerPhone: "+12025550199", itemName: "blender" }));
    const lex = new MiniLex(h, { sessionId: `c${seq}` });
    const a = await lex.say("where is my order", { intent: "CheckOrderStatus" });
    expect(a.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "OrderId" });
    const b = await lex.say(`81${seq}01`, { slots: { OrderId: `81${seq}01` } });
    expect(b.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "PhoneLast4" });
    expect(text(b)).not.toContain("blender");
    const c = await lex.say("0199", { slots: { PhoneLast4: "0199" } });
    expect(c.sessionState.dialogAction.type).toBe("Close");
    expect(text(c)).toContain("blender");
    expect(text(c)).toContain("Thursday, November 26");
  });

  it("asks only the last four digits again for a follow-up request about the same order", async () => {
    await db.put(order({ orderId: `84${seq}01`, customerPhone: "+12025550144", itemName: "teapot" }));
    const lex = new MiniLex(h, { sessionId: `c${seq}` });
    await lex.say("where is my order", {
      intent: "CheckOrderStatus",
      slots: { OrderId: `84${seq}01`, PhoneLast4: "0144" },
    });
    const again = await lex.say("then cancel it", { intent: "CancelOrder" });
    expect(again.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "PhoneLast4" });
    expect(text(again)).toContain(`84${seq}01`);
    const confirm = await lex.say("0144", { slots: { PhoneLast4: "0144" } });
    expect(confirm.sessionState.dialogAction.type).toBe("ConfirmIntent");
    expect(text(confirm)).toContain("teapot");
  });

  it("stops after three failures, offers an agent and reveals nothing", async () => {
    await db.put(order({ orderId: `82${seq}01`, customerPhone: "+12025550177", itemName: "secret gadget" }));
    const lex = new MiniLex(h, { sessionId: `c${seq}` });
    await lex.say("cancel my order", { intent: "CancelOrder" });
    let r = await lex.say("x", { slots: { OrderId: `82${seq}01`, PhoneLast4: "1111" } });
    expect(r.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "OrderId" });
    r = await lex.say("x", { slots: { OrderId: `82${seq}01`, PhoneLast4: "2222" } });
    r = await lex.say("x", { slots: { OrderId: "99999", PhoneLast4: "0177" } });
    expect(r.sessionState.dialogAction.type).toBe("Close");
    expect(r.sessionState.intent?.state).toBe("Failed");
    expect(r.sessionState.sessionAttributes.handoffReason).toBe("verification_failed");
    expect(text(r)).not.toContain("secret gadget");
    expect((await getOrder(`82${seq}01`))?.status).toBe("PLACED");
  });

  it("does not let a voice caller act on another customer's order without the last four digits", async () => {
    await db.put(order({ orderId: `83${seq}01`, customerPhone: "+12025550155", itemName: "camera" }));
    const lex = new MiniLex(h, { sessionId: `c${seq}`, attrs: { callerPhone: "+12025550166" } });
    const r = await lex.say("cancel order", { intent: "CancelOrder", slots: { OrderId: `83${seq}01` } });
    expect(r.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "PhoneLast4" });
    expect(text(r)).not.toContain("camera");
  });
});

describe("ChangeShippingDate", () => {
  it("rejects a date too soon with the nearest valid date, then changes and texts", async () => {
    const phone = `+8190${String(10000000 + seq)}`;
    await db.put(
      order({
        orderId: `91${seq}01`,
        customerPhone: phone,
        itemName: "電気ケトル",
        locale: "ja_JP",
        customerName: "佐藤 花子",
      }),
    );
    const lex = new MiniLex(h, { sessionId: `d${seq}`, localeId: "ja_JP", attrs: { callerPhone: phone } });
    const a = await lex.say("お届け日を変えたい", {
      intent: "ChangeShippingDate",
      slots: { OrderId: `91${seq}01` },
    });
    expect(a.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "ShippingDate" });
    expect(text(a)).toContain("11月26日（木）");
    const b = await lex.say("明日", { slots: { ShippingDate: "2026-11-21" } });
    expect(b.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "ShippingDate" });
    expect(text(b)).toContain("11月22日（日）");
    const c = await lex.say("11月30日", { slots: { ShippingDate: "2026-11-30" } });
    expect(c.sessionState.dialogAction.type).toBe("ConfirmIntent");
    expect(text(c)).toContain("11月26日（木）から11月30日（月）");
    const d = await lex.say("はい", { confirm: true });
    expect(d.sessionState.intent?.state).toBe("Fulfilled");
    expect((await getOrder(`91${seq}01`))?.shippingDate).toBe("2026-11-30");
    expect(h.sms).toEqual([{ phoneNumber: phone, message: expect.stringContaining("11月30日") }]);
  });

  it("takes the suggested nearest date when the customer says yes", async () => {
    const phone = `+8190${String(50000000 + seq)}`;
    await db.put(order({ orderId: `97${seq}01`, customerPhone: phone, itemName: "炊飯器", locale: "ja_JP" }));
    const lex = new MiniLex(h, { sessionId: `ds${seq}`, localeId: "ja_JP", attrs: { callerPhone: phone } });
    await lex.say("お届け日を変えたい", {
      intent: "ChangeShippingDate",
      slots: { ShippingDate: "2026-11-21", OrderId: `97${seq}01` },
    });
    const confirm = await lex.say("はい");
    expect(confirm.sessionState.dialogAction.type).toBe("ConfirmIntent");
    expect(text(confirm)).toContain("11月22日（日）");
  });

  it("understands the transcript when Lex gave no date (明後日 → too soon, 来週の金曜日 → ok)", async () => {
    const phone = `+8190${String(20000000 + seq)}`;
    await db.put(order({ orderId: `92${seq}01`, customerPhone: phone, itemName: "加湿器", locale: "ja_JP" }));
    const lex = new MiniLex(h, { sessionId: `d${seq}`, localeId: "ja_JP", attrs: { callerPhone: phone } });
    await lex.say("配達日を変更したい", { intent: "ChangeShippingDate", slots: { OrderId: `92${seq}01` } });
    const ok = await lex.say("来週の金曜日でお願いします");
    expect(ok.sessionState.dialogAction.type).toBe("ConfirmIntent");
    expect(text(ok)).toContain("11月27日（金）");
  });

  it("tells the loser of a race that the order just changed", async () => {
    const phone = `+1202555${String(5000 + seq)}`;
    await db.put(order({ orderId: `93${seq}01`, customerPhone: phone, itemName: "rug" }));
    const a = new MiniLex(h, { sessionId: `ra${seq}`, attrs: { callerPhone: phone } });
    const b = new MiniLex(h, { sessionId: `rb${seq}`, attrs: { callerPhone: phone } });
    await a.say("move my delivery", {
      intent: "ChangeShippingDate",
      slots: { ShippingDate: "2026-12-01", OrderId: `93${seq}01` },
    });
    await b.say("cancel it", { intent: "CancelOrder", slots: { OrderId: `93${seq}01` } });
    const winner = await a.say("yes", { confirm: true });
    const loser = await b.say("yes", { confirm: true });
    expect(winner.sessionState.intent?.state).toBe("Fulfilled");
    expect(loser.sessionState.intent?.state).toBe("Failed");
    expect(text(loser)).toContain("just changed");
    const item = await getOrder(`93${seq}01`);
    expect(item).toMatchObject({ status: "PLACED", shippingDate: "2026-12-01", version: 1 });
  });
});

describe("RequestCallback", () => {
  it("books a callback as soon as possible on the caller's number, once", async () => {
    const phone = `+1202555${String(6000 + seq)}`;
    await db.put(order({ orderId: `94${seq}01`, customerPhone: phone, itemName: "toaster" }));
    const lex = new MiniLex(h, { sessionId: `cb${seq}`, attrs: { callerPhone: phone } });
    const c = await lex.say("call me back as soon as possible", { intent: "RequestCallback" });
    expect(c.sessionState.dialogAction.type).toBe("ConfirmIntent");
    // Thursday 2026-11-19 20:00 in New York is after hours: next business slot is Friday 9 AM.
    expect(text(c)).toContain("Friday, November 20 at 9 AM");
    await lex.say("yes", { confirm: true });
    await lex.retryFulfillment("RequestCallback");
    expect(h.tasks).toHaveLength(1);
    expect(h.tasks[0]).toMatchObject({ phoneNumber: phone, localeId: "en_US", timeZone: "America/New_York" });
    expect(h.tasks[0]!.at.toISOString()).toBe("2026-11-20T14:00:00.000Z");
    expect(h.sms).toHaveLength(1);
  });

  it("offers the nearest business slot for a weekend time and books it when the caller says yes", async () => {
    const phone = `+8190${String(40000000 + seq)}`;
    await db.put(order({ orderId: `96${seq}01`, customerPhone: phone, itemName: "ケトル", locale: "ja_JP" }));
    const lex = new MiniLex(h, { sessionId: `cs${seq}`, localeId: "ja_JP", attrs: { callerPhone: phone } });
    // Friday 10:00 in Tokyo: "tomorrow" is Saturday.
    const offer = await lex.say("明日の午後3時に折り返し電話してください", {
      intent: "RequestCallback",
      slots: { CallbackDate: "2026-11-21", CallbackTime: "15:00" },
    });
    expect(offer.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "CallbackDate" });
    expect(text(offer)).toContain("11月23日（月）午前9時");
    const confirm = await lex.say("はい、それでお願いします");
    expect(confirm.sessionState.dialogAction.type).toBe("ConfirmIntent");
    expect(text(confirm)).toContain("11月23日（月）午前9時");
  });

  it("keeps the day when only the time was outside business hours", async () => {
    const lex = new MiniLex(h, { sessionId: `ct${seq}`, attrs: { callerPhone: "+12025550111" } });
    const offer = await lex.say("call me monday at 8 pm", {
      intent: "RequestCallback",
      slots: { CallbackDate: "2026-11-23", CallbackTime: "20:00" },
    });
    expect(offer.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "CallbackTime" });
    const confirm = await lex.say("4 pm then", { slots: { CallbackTime: "16:00" } });
    expect(text(confirm)).toContain("Monday, November 23 at 4 PM");
  });

  it("forgets the half-collected time of an abandoned callback request", async () => {
    const lex = new MiniLex(h, { sessionId: `cf${seq}` });
    const ask = await lex.say("call me monday at 10", {
      intent: "RequestCallback",
      slots: { CallbackDate: "2026-11-23", CallbackTime: "10:00" },
    });
    expect(ask.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "CallbackNumber" });
    await lex.say("where is my order", { intent: "CheckOrderStatus" });
    const again = await lex.say("call me back", { intent: "RequestCallback" });
    expect(again.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "CallbackDate" });
  });

  it("validates a typed number on chat and refuses a country not on the allow-list", async () => {
    const lex = new MiniLex(h, { sessionId: `cb${seq}` });
    await lex.say("please call me back", {
      intent: "RequestCallback",
      slots: { CallbackDate: "2026-11-23", CallbackTime: "10:00" },
    });
    const bad = await lex.say("+44 20 7946 0958", { slots: { CallbackNumber: "+442079460958" } });
    expect(bad.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "CallbackNumber" });
    const ok = await lex.say("202 555 0134", { slots: { CallbackNumber: "2025550134" } });
    expect(ok.sessionState.dialogAction.type).toBe("ConfirmIntent");
    await lex.say("yes", { confirm: true });
    expect(h.tasks[0]?.phoneNumber).toBe("+12025550134");
    // Not on file: no SMS.
    expect(h.sms).toHaveLength(0);
  });
});

describe("FallbackIntent", () => {
  it.each([
    ["en_US", "no thanks", "All right."],
    ["ja_JP", "いいえ、大丈夫です", "かしこまりました。"],
  ])(
    "takes %s '%s' after 'anything else?' as an answer, not a misunderstanding",
    async (localeId, said, reply) => {
      const r = await h.lex(
        lexEvent({ intent: "FallbackIntent", localeId, transcript: said, source: "FulfillmentCodeHook" }),
      );
      expect(r.sessionState.intent?.state).toBe("Fulfilled");
      expect(r.messages?.[0]?.content).toBe(reply);
    },
  );

  it("says what the bot can do when it did not understand", async () => {
    const r = await h.lex(
      lexEvent({ intent: "FallbackIntent", transcript: "purple monkey", source: "FulfillmentCodeHook" }),
    );
    expect(r.sessionState.intent?.state).toBe("Failed");
    expect(r.messages?.[0]?.content).toMatch(/cancel an order/);
  });
});

describe("errors", () => {
  it("apologises and offers an agent when DynamoDB is unreachable", async () => {
    const { DynamoDBClient } = await import("@aws-sdk/client-dynamodb");
    const broken = new DynamoDBClient({
      endpoint: "http://127.0.0.1:9",
      region: "us-east-1",
      maxAttempts: 1,
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    });
    const bh = createHarness({ ...db, client: broken }, { now: NOW });
    const r = await bh.lex(lexEvent({ intent: "CheckOrderStatus", attrs: { callerPhone: "+12025550100" } }));
    expect(r.sessionState.dialogAction.type).toBe("Close");
    expect(r.sessionState.sessionAttributes.handoffReason).toBe("system_error");
    expect(r.messages?.[0]?.content).toContain("agent");
  });

  it("keeps the change when SNS fails and says the text may be late", async () => {
    const phone = `+1202555${String(7000 + seq)}`;
    await db.put(order({ orderId: `95${seq}01`, customerPhone: phone, itemName: "vase" }));
    const sh = createHarness(db, { now: NOW, failSms: true });
    const lex = new MiniLex(sh, { sessionId: `f${seq}`, attrs: { callerPhone: phone } });
    await lex.say("cancel", { intent: "CancelOrder", slots: { OrderId: `95${seq}01` } });
    const r = await lex.say("yes", { confirm: true });
    expect(text(r)).toContain("may arrive a little late");
    expect((await getOrder(`95${seq}01`))?.status).toBe("CANCELLED");
  });
});
