import { Logger } from "@aws-lambda-powertools/logger";
import { describe, expect, it } from "vitest";
import { defaultShopConfig } from "../../../fulfillment/src/config.js";
import type { Order } from "../../../fulfillment/src/domain/order.js";
import type { RequestKey } from "../../../fulfillment/src/domain/request-key.js";
import { Messages } from "../../../fulfillment/src/messages.js";
import type { OrderChange } from "../../../fulfillment/src/ports.js";
import type { SecurityDependencies } from "../../../fulfillment/src/security/ports.js";
import { applyConfirmedChange } from "../../../fulfillment/src/use-cases/order-change.js";
import type { UseCaseContext } from "../../../fulfillment/src/use-cases/outcome.js";
import { janesOrder } from "../../support/orders.js";
import { InMemorySmsOutbox, InMemorySmsQuota, inMemoryDependencies } from "./in-memory-ports.js";

const NOW = new Date("2026-11-20T01:00:00Z");
const PHONE = "+12025550123";

const ORDER: Order = { ...janesOrder("4711", PHONE), locale: "ja_JP", version: 0 };

/** In-memory ports with the outbox and allowance (the guards these tests do not reach are left out). */
function setup(perDay = 5) {
  const memory = inMemoryDependencies(NOW);
  const outbox = new InMemorySmsOutbox();
  const smsQuota = new InMemorySmsQuota();
  memory.deps.security = { outbox, smsQuota } as Partial<SecurityDependencies> as SecurityDependencies;
  memory.orders.put(ORDER);
  const msg = new Messages("en_US");
  const ctx: UseCaseContext = {
    deps: memory.deps,
    config: { ...defaultShopConfig(), smsPerNumberPerDay: perDay },
    log: new Logger({ serviceName: "test", logLevel: "SILENT" }),
    msg,
    localeId: "en_US",
    timeZone: "America/New_York",
    now: NOW,
  };
  return { ...memory, outbox, smsQuota, ctx };
}

const cancel = (tag: string, version = 0): OrderChange => ({
  orderId: ORDER.orderId,
  requestKey: `lex:${tag}:cancelOrder:${ORDER.orderId}` as RequestKey,
  expected: { status: "PLACED", version, shippingDate: ORDER.shippingDate },
  identity: { kind: "caller", customerPhone: PHONE },
  set: { status: "CANCELLED" },
  event: "CANCELLED",
  at: NOW.toISOString(),
});

describe("applyConfirmedChange with the outbox (in-memory ports, all or nothing)", () => {
  it("writes the change with its text and allowance, then sends the text in the order's language and marks it sent", async () => {
    const { ctx, orders, outbox, smsQuota, sms } = setup();
    const result = await applyConfirmedChange(ctx, ORDER, cancel("a"));
    expect(result).toMatchObject({
      outcome: "APPLIED",
      sms: "SENT",
      order: { status: "CANCELLED", version: 1 },
    });
    expect(orders.orders.get(ORDER.orderId)).toMatchObject({ status: "CANCELLED", version: 1 });
    expect([...outbox.entries.values()].map((e) => e.state)).toEqual(["SMS_SENT"]);
    expect(smsQuota.check(PHONE, "2026-11-20", 5, "lex:a:cancelOrder:4711")).toBe("TAKEN");
    expect(sms).toEqual([{ phoneNumber: PHONE, message: expect.stringContaining("4711") }]);
    // The order's language (ja_JP), not the caller's.
    expect(sms[0]?.message).toMatch(/[ぁ-んァ-ン一-龯]/);
  });

  it.each([
    [
      "someone else changed it",
      "CHANGED",
      (o: ReturnType<typeof setup>["orders"]) => (o.loseNextRace = true),
    ],
    [
      "a lock landed after the read",
      "LOCKED",
      (o: ReturnType<typeof setup>["orders"]) => (o.lockBeforeNextWrite = true),
    ],
  ])("records no text and takes no allowance when %s", async (_label, outcome, arrange) => {
    const { ctx, orders, outbox, smsQuota, sms } = setup();
    arrange(orders);
    expect((await applyConfirmedChange(ctx, ORDER, cancel("b"))).outcome).toBe(outcome);
    expect(orders.orders.get(ORDER.orderId)?.status).toBe("PLACED");
    expect(outbox.entries.size).toBe(0);
    expect(smsQuota.days.size).toBe(0);
    expect(sms).toHaveLength(0);
  });

  it("still applies the change over the daily limit, with the text recorded as dropped and not sent", async () => {
    const { ctx, orders, outbox, smsQuota, sms } = setup(1);
    smsQuota.count(PHONE, "2026-11-20", "lex:other:cancelOrder:1");
    const result = await applyConfirmedChange(ctx, ORDER, cancel("c"));
    expect(result).toMatchObject({ outcome: "APPLIED", sms: "LIMITED" });
    expect(orders.orders.get(ORDER.orderId)?.status).toBe("CANCELLED");
    expect([...outbox.entries.values()].map((e) => e.state)).toEqual(["SMS_DROPPED"]);
    expect(sms).toHaveLength(0);
  });

  it("answers a retry of the request as done, without a second text or allowance", async () => {
    const { ctx, smsQuota, sms } = setup(1);
    await applyConfirmedChange(ctx, ORDER, cancel("d"));
    const again = await applyConfirmedChange(ctx, ORDER, cancel("d"));
    expect(again).toMatchObject({ outcome: "DUPLICATE", sms: "SENT" });
    expect(sms).toHaveLength(1);
    expect(smsQuota.check(PHONE, "2026-11-20", 1, "lex:e:cancelOrder:4711")).toBe("USED_UP");
  });

  it("leaves a text SNS refused pending for the retry run", async () => {
    const { ctx, outbox, deps } = setup();
    deps.sms.send = async () => {
      throw new Error("SNS down");
    };
    expect(await applyConfirmedChange(ctx, ORDER, cancel("f"))).toMatchObject({ sms: "DELAYED" });
    expect(await outbox.due(10, NOW)).toMatchObject([{ state: "SMS_PENDING", phoneNumber: PHONE }]);
  });
});
