import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness } from "../support/fulfillment-harness.js";
import { type LocalDynamo, startLocalDynamo } from "../support/local-dynamodb.js";
import { MiniLex, text } from "../support/mini-lex.js";
import { janesOrder } from "../support/orders.js";

/** Voice step-up: caller ID alone hears status; a change needs one more factor (ShopConfig.voiceStepUp). */
let db: LocalDynamo;
beforeAll(async () => {
  db = await startLocalDynamo();
});
afterAll(async () => db.stop());

describe("voice step-up", () => {
  it("tells a caller the status on caller ID alone, but asks the order number before cancelling", async () => {
    await db.put(janesOrder("660001", "+12025550661"));
    const h = createHarness(db);
    const status = new MiniLex(h, { sessionId: "su-1", attrs: { callerPhone: "+12025550661" } });
    expect(text(await status.say("where is my order", { intent: "CheckOrderStatus" }))).toContain("kettle");
    const cancel = new MiniLex(h, { sessionId: "su-2", attrs: { callerPhone: "+12025550661" } });
    const ask = await cancel.say("cancel my order", { intent: "CancelOrder" });
    expect(ask.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "OrderId" });
    expect(text(ask)).toContain("order number");
    const wrong = await cancel.say("123456");
    expect(wrong.sessionState.dialogAction.type).not.toBe("ConfirmIntent");
    const right = await new MiniLex(h, { sessionId: "su-3", attrs: { callerPhone: "+12025550661" } }).say(
      "cancel order 660001",
      { intent: "CancelOrder", slots: { OrderId: "660001" } },
    );
    expect(right.sessionState.dialogAction.type).toBe("ConfirmIntent");
  });

  it("with smsCode, texts a one-time code to the number on file and changes only after it is said", async () => {
    await db.put(janesOrder("660002", "+12025550662"));
    const h = createHarness(db, { config: { voiceStepUp: "smsCode" } });
    const lex = new MiniLex(h, { sessionId: "su-4", attrs: { callerPhone: "+12025550662" } });
    const ask = await lex.say("cancel my order", { intent: "CancelOrder" });
    expect(ask.sessionState.dialogAction).toEqual({ type: "ElicitSlot", slotToElicit: "OrderId" });
    expect(h.sms).toHaveLength(1);
    expect(h.sms[0]?.phoneNumber).toBe("+12025550662");
    const code = /\d{6}/.exec(h.sms[0]?.message ?? "")?.[0] ?? "";
    const wrong = await lex.say(code === "000000" ? "111111" : "000000");
    expect(text(wrong)).toContain("doesn't match");
    const ok = await lex.say(code);
    expect(ok.sessionState.dialogAction.type).toBe("ConfirmIntent");
    const done = await lex.say("yes", { confirm: true });
    expect(done.sessionState.intent?.state).toBe("Fulfilled");
    const item = await db.doc.send(new GetCommand({ TableName: db.ordersTable, Key: { orderId: "660002" } }));
    expect(item.Item?.status).toBe("CANCELLED");
  });

  it("with smsCode, three wrong codes end with an agent and nothing changed", async () => {
    await db.put(janesOrder("660003", "+12025550663"));
    const h = createHarness(db, { config: { voiceStepUp: "smsCode" } });
    const lex = new MiniLex(h, { sessionId: "su-5", attrs: { callerPhone: "+12025550663" } });
    await lex.say("cancel my order", { intent: "CancelOrder" });
    const code = /\d{6}/.exec(h.sms[0]?.message ?? "")?.[0] ?? "";
    let last = await lex.say(code === "000001" ? "000002" : "000001");
    last = await lex.say(code === "000003" ? "000004" : "000003");
    last = await lex.say(code === "000005" ? "000006" : "000005");
    expect(last.sessionState.dialogAction.type).toBe("Close");
    expect(last.sessionState.sessionAttributes.handoffReason).toBe("verification_failed");
    const item = await db.doc.send(new GetCommand({ TableName: db.ordersTable, Key: { orderId: "660003" } }));
    expect(item.Item?.status).toBe("PLACED");
  });
});
