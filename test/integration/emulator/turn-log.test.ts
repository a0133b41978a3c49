import { RecognizeTextCommand } from "@aws-sdk/client-lex-runtime-v2";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../../local/emulator.js";
import type { LexTurnLogEntry } from "../../../local/lex/turn-log.js";
import { clientsFor, sessionId } from "./helpers.js";

let emu: RunningEmulator;
let clients: ReturnType<typeof clientsFor>;
const bot = { botId: "ORDERLINE1", botAliasId: "LIVEALIAS1" };

beforeAll(async () => {
  emu = await startEmulator({ port: 0, inMemory: true });
  clients = clientsFor(emu.url);
});
afterAll(async () => {
  clients?.destroy();
  await emu?.stop();
});
beforeEach(async () => {
  const res = await fetch(`${emu.url}/_local/lex/turns`, { method: "DELETE" });
  expect(res.status).toBe(204);
});

async function say(
  session: string,
  text: string,
  opts: { localeId?: string; requestAttributes?: Record<string, string>; h1?: boolean } = {},
) {
  const client = opts.h1 ? clients.lexH1 : clients.lex;
  return client.send(
    new RecognizeTextCommand({
      ...bot,
      localeId: opts.localeId ?? "en_US",
      sessionId: session,
      text,
      requestAttributes: opts.requestAttributes,
    }),
  );
}

async function turns(query = ""): Promise<LexTurnLogEntry[]> {
  const res = await fetch(`${emu.url}/_local/lex/turns${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return (await res.json()) as LexTurnLogEntry[];
}

describe("GET /_local/lex/turns", () => {
  it("records a chat verification with intent, slots and confidence, and masks PhoneLast4", async () => {
    const s = sessionId("turnlog-chat");
    const chat = { "x-amz-lex:channels:platform": "Connect Chat" };
    const first = await say(s, "cancel my order please", { requestAttributes: chat });
    await say(s, "2001", { requestAttributes: chat });
    const third = await say(s, "0123", { requestAttributes: chat, h1: true });
    expect(third.sessionState?.dialogAction?.type).toBe("ConfirmIntent");

    const log = await turns();
    expect(log.map((t) => t.input)).toEqual(["cancel my order please", "2001", "{PhoneLast4}"]);
    const [opening, orderTurn, verified] = log as [LexTurnLogEntry, LexTurnLogEntry, LexTurnLogEntry];
    expect(opening).toMatchObject({
      botId: "ORDERLINE1",
      aliasId: "LIVEALIAS1",
      localeId: "en_US",
      sessionId: s,
      inputMode: "Text",
      intent: "CancelOrder",
      dialogAction: "ElicitSlot",
      intentState: "InProgress",
    });
    expect(opening.nluConfidence).toBe(first.interpretations?.[0]?.nluConfidence?.score);
    expect(opening.nluConfidence).toBeGreaterThan(0.5);
    expect(opening.messages.join(" ")).toBe(first.messages?.map((m) => m.content).join(" "));
    expect(orderTurn.slots.OrderId).toBe("2001");
    expect(orderTurn.slots.PhoneLast4).toBeNull();
    expect(verified).toMatchObject({
      intent: "CancelOrder",
      dialogAction: "ConfirmIntent",
      slots: { OrderId: "2001", PhoneLast4: "****" },
    });
    // The SDK client itself still sees the value: obfuscation is for logs only (Lex semantics).
    expect(third.sessionState?.intent?.slots?.PhoneLast4?.value?.interpretedValue).toBe("0123");
    expect(JSON.stringify(log)).not.toContain("0123");
    for (const t of log) {
      expect(Date.parse(t.at)).not.toBeNaN();
      expect(t.latencyMs).toBeGreaterThanOrEqual(0);
      expect(t.latencyMs).toBeLessThan(5000);
      expect(t.error).toBeUndefined();
    }
    expect(Date.parse(log[0]!.at)).toBeLessThanOrEqual(Date.parse(log[2]!.at));
  });

  it("hides a whole answer to the PhoneLast4 prompt that does not fit the slot", async () => {
    const s = sessionId("turnlog-bad4");
    await say(s, "cancel order 2001");
    await say(s, "my number ends with 98765");
    const [, answer] = await turns(`?sessionId=${s}`);
    expect(answer?.input).toBe("{PhoneLast4}");
    expect(answer?.slots.PhoneLast4 ?? null).toBeNull();
  });

  it("filters by sessionId and keeps sessions apart", async () => {
    const a = sessionId("turnlog-a");
    const b = sessionId("turnlog-b");
    await say(a, "where is my order");
    await say(b, "注文をキャンセルしたい", { localeId: "ja_JP" });
    await say(a, "talk to a person");
    expect((await turns()).map((t) => t.sessionId)).toEqual([a, b, a]);
    const onlyB = await turns(`?sessionId=${encodeURIComponent(b)}`);
    expect(onlyB).toHaveLength(1);
    expect(onlyB[0]).toMatchObject({ localeId: "ja_JP", intent: "CancelOrder" });
    expect(await turns("?sessionId=nobody")).toEqual([]);
  });

  it("records keypad input as DTMF and Connect voice as Speech", async () => {
    const s = sessionId("turnlog-modes");
    await say(s, "I want to cancel an order", {
      requestAttributes: { "x-amz-lex:channels:platform": "Connect" },
    });
    await say(s, "2001#", {
      requestAttributes: { "x-amz-lex:channels:platform": "Connect", "x-amz-lex:dtmf-transcript": "2001#" },
    });
    expect((await turns()).map((t) => t.inputMode)).toEqual(["Speech", "DTMF"]);
  });

  it("records a failed request with its Lex error and cuts long input to 200 characters", async () => {
    const s = sessionId("turnlog-err");
    await expect(say(s, "x".repeat(1025))).rejects.toMatchObject({ name: "ValidationException" });
    await say(s, `cancel ${"a".repeat(400)}`);
    const [failed, long] = await turns();
    expect(failed).toMatchObject({ error: "ValidationException", intent: null, sessionId: s });
    expect(failed?.input).toHaveLength(200);
    expect(long?.input).toHaveLength(200);
    expect(long?.error).toBeUndefined();
  });

  it("keeps only the newest 500 turns", async () => {
    const s = sessionId("turnlog-ring");
    for (let i = 0; i < 505; i++) emu.lex.turns.record(syntheticTurn(s, `turn ${i}`));
    const log = await turns();
    expect(log).toHaveLength(500);
    expect(log[0]?.input).toBe("turn 5");
    expect(log[499]?.input).toBe("turn 504");
  });

  it("clears with DELETE and refuses other methods", async () => {
    await say(sessionId("turnlog-clear"), "hello");
    expect(await turns()).toHaveLength(1);
    expect((await fetch(`${emu.url}/_local/lex/turns`, { method: "DELETE" })).status).toBe(204);
    expect(await turns()).toEqual([]);
    const post = await fetch(`${emu.url}/_local/lex/turns`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, DELETE");
  });
});

function syntheticTurn(session: string, text: string) {
  return {
    startedAt: new Date(),
    latencyMs: 1,
    ids: { botId: bot.botId, aliasId: bot.botAliasId, localeId: "en_US", sessionId: session },
    text,
    inputMode: "Text" as const,
    before: {},
  };
}
