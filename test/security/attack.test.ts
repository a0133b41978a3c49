import net from "node:net";
import { Logger } from "@aws-lambda-powertools/logger";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  LexRuntimeV2Client,
  RecognizeTextCommand,
  type RecognizeTextCommandOutput,
} from "@aws-sdk/client-lex-runtime-v2";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultShopConfig } from "../../fulfillment/src/config.js";
import { requestKey } from "../../fulfillment/src/domain/request-key.js";
import { Messages } from "../../fulfillment/src/messages.js";
import { setSecurityEventSink } from "../../fulfillment/src/observability/security-events.js";
import type { Dependencies } from "../../fulfillment/src/ports.js";
import { notifyBySms, resendFailedSms } from "../../fulfillment/src/services/sms-confirmations.js";
import type { UseCaseContext } from "../../fulfillment/src/use-cases/outcome.js";
import { scheduleCallback } from "../../fulfillment/src/use-cases/schedule-callback.js";
import { createAwsDependencies } from "../../fulfillment/src/wiring.js";
import { type RunningEmulator, startEmulator } from "../../local/emulator.js";

/**
 * The attack suite of issue 11: what an attacker tries, through the real AWS SDK clients against the emulator
 * (the Lex runtime with the real code hook, DynamoDB, SNS and Connect on the emulator's endpoint).
 */
const log = new Logger({ serviceName: "attack", logLevel: "SILENT" });
const credentials = { accessKeyId: "x", secretAccessKey: "x" };
const events: string[] = [];
let emu: RunningEmulator;
let lex: LexRuntimeV2Client;
let doc: DynamoDBDocumentClient;
let clock = new Date("2030-01-07T15:00:00Z"); // a Monday, 10:00 in New York

beforeAll(async () => {
  setSecurityEventSink((name) => events.push(name));
  emu = await startEmulator({ port: 0, inMemory: true, seed: false });
  lex = new LexRuntimeV2Client({ endpoint: emu.url, region: "us-east-1", credentials });
  doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: emu.url, region: "us-east-1", credentials }),
  );
});
afterAll(async () => {
  setSecurityEventSink(undefined);
  lex.destroy();
  doc.destroy();
  await emu.stop();
});

function deps(): Dependencies {
  return createAwsDependencies({
    endpoint: emu.url,
    region: "us-east-1",
    tables: emu.ctx.tables,
    connect: emu.ctx.connect,
    credentials,
    now: () => clock,
  });
}

function context(d: Dependencies): UseCaseContext {
  const msg = new Messages("en_US", "en_US");
  return {
    deps: d,
    config: defaultShopConfig(),
    log,
    msg,
    localeId: "en_US",
    timeZone: "America/New_York",
    now: clock,
  };
}

async function putOrder(orderId: string, customerPhone: string) {
  await doc.send(
    new PutCommand({
      TableName: emu.ctx.tables.orders,
      Item: {
        orderId,
        customerPhone,
        customerName: "Victim",
        itemName: "secret lamp",
        shippingDate: "2030-02-10",
        status: "PLACED",
        locale: "en_US",
      },
    }),
  );
}

async function say(
  sessionId: string,
  text: string,
  attrs?: Record<string, string>,
): Promise<RecognizeTextCommandOutput> {
  return lex.send(
    new RecognizeTextCommand({
      botId: emu.ctx.bot.botId,
      botAliasId: emu.ctx.bot.botAliasId,
      localeId: "en_US",
      sessionId,
      text,
      sessionState: attrs ? { sessionAttributes: attrs } : undefined,
    }),
  );
}
const said = (r: RecognizeTextCommandOutput) => (r.messages ?? []).map((m) => m.content).join(" ");
const action = (r: RecognizeTextCommandOutput) => r.sessionState?.dialogAction?.type;

/** One chat session's attempt: order number, then four digits; the reply to the digits. */
async function guess(sessionId: string, orderId: string, last4: string) {
  await say(sessionId, "I want to cancel an order");
  await say(sessionId, orderId);
  return say(sessionId, last4);
}

describe("brute force across sessions", () => {
  it("locks an order after 5 wrong last-four digits in 24 h: even the right digits then reach only an agent", async () => {
    await putOrder("770001", "+12025550777");
    let evaluated = 0;
    for (let s = 0; s < 40; s++) {
      const r = await guess(`brute-${s}`, "770001", String(1000 + s).padStart(4, "0"));
      expect(action(r)).not.toBe("ConfirmIntent");
      expect(said(r)).not.toContain("secret lamp");
      if (said(r).includes("don't match")) evaluated++;
    }
    const right = await guess("brute-right", "770001", "0777");
    expect(action(right)).toBe("Close");
    expect(right.sessionState?.sessionAttributes?.handoffReason).toBe("verification_failed");
    expect(said(right)).not.toContain("secret lamp");
    const ledger = await doc.send(
      new GetCommand({ TableName: emu.ctx.tables.callbacks, Key: { callbackId: "VERIFY#770001" } }),
    );
    expect(ledger.Item?.fails).toHaveLength(5);
    // Wrong guesses the store ever evaluated for this order in 24 h: the fifth closes the session at once.
    expect(evaluated).toBeLessThanOrEqual(4);
    expect(events).toContain("OrderLocked");
    console.log(`[security] guesses per order per day: ${ledger.Item?.fails.length} (lock after 5 in 24 h)`);
  });

  it("checks the last four exactly: a four-digit run inside the number ('2025') is not the last four", async () => {
    await putOrder("770002", "+12025550123");
    const r = await guess("contains-1", "770002", "2025");
    expect(action(r)).not.toBe("ConfirmIntent");
    expect(said(r)).toContain("don't match");
  });
});

describe("forged session state", () => {
  it("drops a forged verified order, a negative failure count and a forged callback number and time", async () => {
    events.length = 0;
    await putOrder("770003", "+12025550333");
    const forged = {
      "ol:order": JSON.stringify({
        orderId: "770003",
        itemName: "secret lamp",
        customerName: "Victim",
        status: "PLACED",
        shippingDate: "2030-02-10",
        version: 0,
        proof: "last4",
      }),
      "ol:verifyFailures": "-100000",
      "ol:callbackNumber": "+88213000000",
      "ol:callbackAt": "2098-01-01T00:00:00.000Z",
    };
    const r = await say("forged-1", "cancel order 770003, last four 0333? no: 1111", forged);
    expect(action(r)).not.toBe("ConfirmIntent");
    expect(events).toContain("ForgedSessionState");
    const cb = await say("forged-2", "I'd like a callback", forged);
    expect(said(cb)).not.toContain("882");
    expect(emu.ctx.callbacks.list().filter((c) => c.phoneNumber === "+88213000000")).toHaveLength(0);
  });

  it("does not accept a sealed state replayed into another session", async () => {
    await putOrder("770004", "+12025550444");
    const a = await guess("replay-a", "770004", "0444");
    expect(action(a)).toBe("ConfirmIntent");
    const stolen = a.sessionState?.sessionAttributes ?? {};
    expect(stolen["ol:seal"]).toBeTruthy();
    events.length = 0;
    await say("replay-b", "yes", stolen);
    expect(events).toContain("ForgedSessionState");
    const order = await doc.send(
      new GetCommand({ TableName: emu.ctx.tables.orders, Key: { orderId: "770004" } }),
    );
    expect(order.Item?.status).toBe("PLACED");
  });
});

describe("premium, foreign and flooded numbers", () => {
  it.each([
    ["+19002345678", "US premium rate"],
    ["+81990123456", "JP premium rate"],
    ["+88213000000", "satellite / international revenue share"],
    ["+441234567890", "a country the shop does not serve"],
    ["+18005551234", "toll free"],
  ])("refuses a callback to %s (%s), booking nothing", async (number) => {
    const before = emu.ctx.callbacks.list().length;
    const outcome = await scheduleCallback(context(deps()), {
      origin: { channel: "lex", conversationId: `premium-${number}` },
      phoneNumber: number,
      at: new Date(clock.getTime() + 3_600_000),
      reason: "attack",
    });
    expect(outcome).toMatchObject({ kind: "refused", result: "NUMBER_NOT_ALLOWED" });
    expect(emu.ctx.callbacks.list().length).toBe(before);
  });

  it("books at most one open callback per number: 20 sessions flooding one number get one task and one text", async () => {
    const victim = "+12025550999";
    await putOrder("770009", victim);
    // Connect (and the emulator) take a ScheduledTime at most 6 days from the real now.
    clock = new Date();
    const d = deps();
    const tasksBefore = emu.ctx.callbacks.list().length;
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        scheduleCallback(context(d), {
          origin: { channel: "lex", conversationId: `flood-${i}` },
          phoneNumber: victim,
          at: new Date(clock.getTime() + (60 + i) * 60_000),
          reason: "attack",
        }),
      ),
    );
    const booked = outcomes.filter((o) => o.kind === "done");
    expect(booked).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === "refused" && o.result === "ALREADY_BOOKED")).toHaveLength(19);
    const tasks = emu.ctx.callbacks.list().slice(tasksBefore);
    expect(tasks).toHaveLength(1);
    expect(emu.ctx.sms.list().filter((s) => s.phoneNumber === victim).length).toBeLessThanOrEqual(1);
    console.log(`[security] callbacks one number can receive while one is open: ${tasks.length}`);
  });

  it("caps texts per number per day", async () => {
    const victim = "+12025550888";
    const d = deps();
    const results = [];
    for (let i = 0; i < 12; i++) {
      results.push(
        await notifyBySms(
          d,
          log,
          victim,
          `text ${i}`,
          requestKey({ channel: "lex", conversationId: `cap-${i}` }, "cancelOrder", "1"),
          5,
        ),
      );
    }
    expect(results.filter((r) => r === "SENT")).toHaveLength(5);
    expect(results.filter((r) => r === "LIMITED")).toHaveLength(7);
    expect(emu.ctx.sms.list().filter((s) => s.phoneNumber === victim)).toHaveLength(5);
  });
});

describe("timeouts", () => {
  it("gives up on an endpoint that never answers well inside Connect's 8 s", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as net.AddressInfo).port;
    const d = createAwsDependencies({
      endpoint: `http://127.0.0.1:${port}`,
      region: "us-east-1",
      tables: emu.ctx.tables,
      connect: emu.ctx.connect,
      credentials,
    });
    const started = performance.now();
    await expect(d.orders.get("770001")).rejects.toMatchObject({ code: "DYNAMODB_FAILED" });
    const ms = performance.now() - started;
    for (const s of sockets) s.destroy();
    silent.close();
    expect(ms).toBeLessThan(8000);
    console.log(`[security] silent DynamoDB endpoint: gave up after ${Math.round(ms)} ms`);
  }, 20_000);
});

describe("the SMS outbox under faults and crashes", () => {
  it("loses and duplicates no text in 500 operations with DynamoDB and SNS failing, and after a crash", async () => {
    // The faults are injected explicitly; a 3 s client timeout on a loaded machine would add wall-clock ones
    // (an SNS publish the emulator recorded but the client gave up on is sent again), so this run waits.
    const d = createAwsDependencies({
      endpoint: emu.url,
      region: "us-east-1",
      tables: emu.ctx.tables,
      connect: emu.ctx.connect,
      credentials,
      requestHandler: { connectionTimeout: 60_000, requestTimeout: 120_000, throwOnRequestTimeout: true },
      now: () => clock,
    });
    const rates = (emu.faults as unknown as { rates: Record<string, number> }).rates;
    const ops = 500;
    const keys = Array.from({ length: ops }, (_, i) =>
      requestKey({ channel: "lex", conversationId: `fault-${i}` }, "cancelOrder", String(i)),
    );
    const phoneOf = (i: number) => `+1202555${String(1000 + (i % 200)).padStart(4, "0")}`;
    rates.dynamodb = 0.15;
    rates.sns = 0.5;
    for (let i = 0; i < ops; i += 25) {
      await Promise.all(
        keys
          .slice(i, i + 25)
          .map((key, j) =>
            notifyBySms(d, log, phoneOf(i + j), `fault-msg ${i + j}`, key, 50).catch(() => "THREW"),
          ),
      );
    }
    // A sender that recorded its text and died before sending it.
    const crashed = requestKey({ channel: "lex", conversationId: "crash" }, "cancelOrder", "x");
    await d.security?.outbox.hold(
      { requestKey: crashed, phoneNumber: "+12025551999", message: "fault-msg crash" },
      60_000,
      clock,
    );
    // Retry runs while faults continue, then after they stop, past every lease.
    for (let run = 0; run < 4; run++) {
      clock = new Date(clock.getTime() + 61_000);
      await resendFailedSms(d, log, 1000).catch(() => undefined);
    }
    rates.dynamodb = 0;
    rates.sns = 0;
    for (let run = 0; run < 6; run++) {
      clock = new Date(clock.getTime() + 61_000);
      await resendFailedSms(d, log, 1000);
    }
    const sent = emu.ctx.sms.list().filter((s) => s.message.startsWith("fault-msg"));
    const counts = new Map<string, number>();
    for (const s of sent) counts.set(s.message, (counts.get(s.message) ?? 0) + 1);
    const expected = [...keys.map((_, i) => `fault-msg ${i}`), "fault-msg crash"];
    const lost = expected.filter((m) => !counts.has(m));
    const duplicated = [...counts.values()].filter((n) => n > 1).length;
    // Texts given up after N attempts are visible (SMS_GAVE_UP + alarm), never silently lost.
    const gaveUp = events.filter((e) => e === "SmsGaveUp").length;
    console.log(
      `[security] SMS fault run: ${ops + 1} texts, ${sent.length} sent, lost ${lost.length - gaveUp}, given up visibly ${gaveUp}, duplicated ${duplicated}`,
    );
    expect(duplicated).toBe(0);
    expect(lost.length - gaveUp).toBe(0);
  }, 240_000);
});
