import { Logger } from "@aws-lambda-powertools/logger";
import { describe, expect, it } from "vitest";
import { defaultShopConfig } from "../../../fulfillment/src/config.js";
import type { Order } from "../../../fulfillment/src/domain/order.js";
import { Messages } from "../../../fulfillment/src/messages.js";
import type { SecurityDependencies } from "../../../fulfillment/src/security/ports.js";
import type { Outcome, UseCaseContext } from "../../../fulfillment/src/use-cases/outcome.js";
import {
  completePendingCallbacks,
  scheduleCallback,
} from "../../../fulfillment/src/use-cases/schedule-callback.js";
import { janesOrder } from "../../support/orders.js";
import {
  InMemoryCallbackBook,
  InMemorySmsOutbox,
  InMemorySmsQuota,
  inMemoryDependencies,
} from "./in-memory-ports.js";

const NOW = new Date("2026-11-20T01:00:00Z");
const AT = new Date("2026-11-23T20:00:00Z");
const PHONE = "+12025550123";

const ORDER: Order = { ...janesOrder("4711", PHONE), locale: "en_US", version: 0 };

/** In-memory ports with the book, outbox and allowance (the ledger these tests do not reach is left out). */
function setup(perDay = 5) {
  const memory = inMemoryDependencies(NOW);
  const outbox = new InMemorySmsOutbox();
  const smsQuota = new InMemorySmsQuota();
  const callbackBook = new InMemoryCallbackBook();
  memory.deps.security = {
    outbox,
    smsQuota,
    callbackBook,
  } as Partial<SecurityDependencies> as SecurityDependencies;
  memory.orders.put(ORDER);
  const log = new Logger({ serviceName: "test", logLevel: "SILENT" });
  const ctx: UseCaseContext = {
    deps: memory.deps,
    config: { ...defaultShopConfig(), smsPerNumberPerDay: perDay },
    log,
    msg: new Messages("en_US"),
    localeId: "en_US",
    timeZone: "America/New_York",
    now: NOW,
  };
  const book = (contactId = "c1") =>
    scheduleCallback(ctx, {
      origin: { channel: "connect", conversationId: contactId },
      phoneNumber: PHONE,
      at: AT,
      reason: "test",
    });
  return { ...memory, outbox, smsQuota, callbackBook, ctx, log, book };
}

/** The notes the caller hears after the answer (`sms.late`: the text may come late). */
const smsKeys = (o: Outcome) => ("notes" in o ? (o.notes ?? []) : []).map((n) => n.key);

describe("scheduleCallback with the book (in-memory ports, all or nothing)", () => {
  it("marks the reservation booked, records the callback and its text together, then texts once", async () => {
    const { book, callbackBook, callbackLog, outbox, smsQuota, sms } = setup();
    expect(await book()).toMatchObject({ kind: "done", result: "SCHEDULED", duplicate: false });
    expect(callbackBook.open.get(PHONE)).toMatchObject({ state: "BOOKED", contactId: "task-1" });
    expect(callbackLog.callbacks).toHaveLength(1);
    expect([...outbox.entries.values()].map((e) => e.state)).toEqual(["SMS_SENT"]);
    expect(smsQuota.days.get(`${PHONE}#2026-11-20`)?.size).toBe(1);
    expect(sms).toHaveLength(1);
  });

  it("books once and texts once when the confirm is retried", async () => {
    const { book, callbackLog, outbox, smsQuota, sms } = setup();
    await book();
    const again = await book();
    expect(again).toMatchObject({ kind: "done", result: "SCHEDULED", duplicate: true });
    expect(callbackLog.callbacks).toHaveLength(1);
    expect(outbox.entries.size).toBe(1);
    expect(smsQuota.days.get(`${PHONE}#2026-11-20`)?.size).toBe(1);
    expect(sms).toHaveLength(1);
  });

  it("still books and records over the daily limit, with the text recorded as dropped", async () => {
    const { book, callbackBook, callbackLog, outbox, smsQuota, sms } = setup(1);
    smsQuota.count(PHONE, "2026-11-20", "connect:other:cancelOrder:1");
    const outcome = await book();
    expect(outcome).toMatchObject({ kind: "done", result: "SCHEDULED" });
    expect(smsKeys(outcome)).toEqual([]);
    expect(callbackBook.open.get(PHONE)?.state).toBe("BOOKED");
    expect(callbackLog.callbacks).toHaveLength(1);
    expect([...outbox.entries.values()].map((e) => e.state)).toEqual(["SMS_DROPPED"]);
    expect(sms).toHaveLength(0);
  });

  it("records the callback and its text when someone moved the reservation in between, leaving theirs", async () => {
    const { book, ctx, callbackBook, callbackLog, sms } = setup();
    const schedule = ctx.deps.callbacks.schedule;
    ctx.deps.callbacks.schedule = async (request) => {
      const task = await schedule(request);
      callbackBook.open.set(PHONE, { ...request, state: "PENDING", attempts: 0, requestKey: "agent:moved" });
      return task;
    };
    expect(await book()).toMatchObject({ kind: "done", result: "SCHEDULED" });
    expect(callbackBook.open.get(PHONE)).toMatchObject({ requestKey: "agent:moved", state: "PENDING" });
    expect(callbackLog.callbacks).toHaveLength(1);
    expect(sms).toHaveLength(1);
  });

  it("writes none of it when the write fails: the caller hears booked, and the retry run writes all of it", async () => {
    const { book, ctx, log, callbackBook, callbackLog, outbox, sms, tasks } = setup();
    callbackLog.failNextBooking = true;
    const outcome = await book();
    expect(outcome).toMatchObject({ kind: "done", result: "SCHEDULED", duplicate: false });
    expect(smsKeys(outcome)).toEqual(["sms.late"]);
    expect(callbackBook.open.get(PHONE)?.state).toBe("PENDING");
    expect(callbackLog.callbacks).toHaveLength(0);
    expect(outbox.entries.size).toBe(0);
    expect(sms).toHaveLength(0);
    expect(await completePendingCallbacks(ctx.deps, ctx.config, log)).toEqual({ booked: 1, failed: 0 });
    expect(callbackBook.open.get(PHONE)).toMatchObject({ state: "BOOKED", contactId: "task-2" });
    expect(tasks).toHaveLength(2);
    // The record and the text the request promised ("may be late"), once: a second run finds nothing to do.
    expect(callbackLog.callbacks).toHaveLength(1);
    expect(sms).toHaveLength(1);
    expect(await completePendingCallbacks(ctx.deps, ctx.config, log)).toEqual({ booked: 0, failed: 0 });
    expect(sms).toHaveLength(1);
  });

  it("retries the record and text of a callback whose task exists past maxAttempts, until they are written", async () => {
    const { book, ctx, log, callbackBook, callbackLog, sms } = setup();
    callbackLog.failNextBooking = true;
    await book();
    for (let run = 0; run < 6; run++) {
      callbackLog.failNextBooking = true;
      expect(await completePendingCallbacks(ctx.deps, ctx.config, log, 5)).toEqual({ booked: 0, failed: 1 });
    }
    // Connect will call back: the reservation is not given up while its record and text are missing.
    expect(callbackBook.open.get(PHONE)).toMatchObject({ state: "PENDING", attempts: 6 });
    expect(await completePendingCallbacks(ctx.deps, ctx.config, log, 5)).toEqual({ booked: 1, failed: 0 });
    expect(callbackLog.callbacks).toHaveLength(1);
    expect(sms).toHaveLength(1);
  });

  it("gives up a reservation whose task cannot be started after maxAttempts", async () => {
    const { book, ctx, log, callbackBook, callbackLog } = setup();
    callbackLog.failNextBooking = true;
    await book();
    ctx.deps.callbacks.schedule = async () => {
      throw new Error("Connect is down");
    };
    for (let run = 0; run < 2; run++) {
      expect(await completePendingCallbacks(ctx.deps, ctx.config, log, 2)).toEqual({ booked: 0, failed: 1 });
    }
    expect(callbackBook.open.has(PHONE)).toBe(false);
    expect(await completePendingCallbacks(ctx.deps, ctx.config, log, 2)).toEqual({ booked: 0, failed: 0 });
    expect(callbackLog.callbacks).toHaveLength(0);
  });

  it("texts nobody when the number has no order on file", async () => {
    const { book, orders, callbackLog, outbox, sms } = setup();
    orders.orders.clear();
    expect(await book()).toMatchObject({ kind: "done", result: "SCHEDULED" });
    expect(callbackLog.callbacks).toHaveLength(1);
    expect(outbox.entries.size).toBe(0);
    expect(sms).toHaveLength(0);
  });
});
