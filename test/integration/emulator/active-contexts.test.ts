import { RecognizeTextCommand, type RecognizeTextCommandOutput } from "@aws-sdk/client-lex-runtime-v2";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { askingContexts, QuestionContext } from "../../../bot/definition.js";
import { startEmulator } from "../../../local/emulator.js";
import type { CodeHook } from "../../../local/lex/lex-types.js";
import { clientsFor, sessionId } from "./helpers.js";

const bot = { botId: "ORDERLINE1", botAliasId: "LIVEALIAS1", localeId: "en_US" };
const seen: { intent: string; contexts: string[] }[] = [];
// Closes every intent as fulfilled; "remember" sets a context itself, like Orderline's code hook does.
const hook: CodeHook = async (event: unknown) => {
  const e = event as {
    inputTranscript: string;
    sessionState: { intent: { name: string; slots: unknown }; activeContexts?: { name: string }[] };
  };
  seen.push({
    intent: e.sessionState.intent.name,
    contexts: (e.sessionState.activeContexts ?? []).map((c) => c.name),
  });
  const setByHook = e.inputTranscript.includes("offer")
    ? {
        activeContexts: askingContexts(QuestionContext.OfferedTime).map((name) => ({
          name,
          contextAttributes: { offered: "2026-12-01T15:00" },
          timeToLive: { timeToLiveInSeconds: 60, turnsToLive: 1 },
        })),
      }
    : {};
  return {
    sessionState: {
      ...setByHook,
      dialogAction: { type: "Close" },
      intent: { name: e.sessionState.intent.name, slots: e.sessionState.intent.slots, state: "Fulfilled" },
    },
    messages: [{ contentType: "PlainText", content: "ok" }],
  };
};

let emu: Awaited<ReturnType<typeof startEmulator>>;
let clients: ReturnType<typeof clientsFor>;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, inMemory: true, seed: false, codeHook: hook });
  clients = clientsFor(emu.url);
});
afterAll(async () => {
  clients?.destroy();
  await emu?.stop();
});

const say = (sid: string, text: string, sessionState?: Record<string, unknown>) =>
  clients.lex.send(
    new RecognizeTextCommand({ ...bot, sessionId: sid, text, ...(sessionState ? { sessionState } : {}) }),
  ) as Promise<RecognizeTextCommandOutput>;
const names = (out: RecognizeTextCommandOutput) =>
  (out.sessionState?.activeContexts ?? []).map((c) => c.name);
const question = (name: "AnythingElse" | "GreetingOrder" | "OfferedTime", turnsToLive = 1) =>
  askingContexts(name).map((n) => ({
    name: n,
    contextAttributes: {},
    timeToLive: { timeToLiveInSeconds: 60, turnsToLive },
  }));

describe("Lex V2 contexts in the emulator", () => {
  it("never recognises a yes/no intent without its input context", async () => {
    const out = await say(sessionId("ctx"), "yes please");
    expect(out.sessionState?.intent?.name).toBe("FallbackIntent");
    expect(out.interpretations?.map((i) => i.intent?.name)).not.toContain("Affirm");
  });

  it("reads yes against a question context a request activates, for its turns only", async () => {
    const sid = sessionId("ctx");
    const first = await say(sid, "yes please", { activeContexts: question("AnythingElse", 1) });
    expect(first.sessionState?.intent?.name).toBe("Affirm");
    expect(names(first)).toEqual([]);
    const second = await say(sid, "yes please");
    expect(second.sessionState?.intent?.name).toBe("FallbackIntent");
  });

  it("activates a fulfilled intent's output contexts for the next turns (turnsToLive 2)", async () => {
    const sid = sessionId("ctx");
    const done = await say(sid, "where is my order");
    expect(done.sessionState?.intent).toMatchObject({ name: "CheckOrderStatus", state: "Fulfilled" });
    expect(names(done)).toEqual(askingContexts(QuestionContext.AnythingElse));
    expect(done.sessionState?.activeContexts?.[0]?.timeToLive).toEqual({
      timeToLiveInSeconds: 90,
      turnsToLive: 2,
    });
    const no = await say(sid, "nope");
    expect(no.sessionState?.intent?.name).toBe("Deny");
    expect(seen.at(-1)).toEqual({ intent: "Deny", contexts: askingContexts(QuestionContext.AnythingElse) });
  });

  it("lets the code hook set contexts, passes them to the hook and lets an empty list clear them", async () => {
    const sid = sessionId("ctx");
    const offered = await say(sid, "call me back, make an offer");
    // The hook's contexts, plus the fulfilled intent's own output contexts.
    expect(names(offered)).toEqual(
      expect.arrayContaining([...askingContexts(QuestionContext.OfferedTime), QuestionContext.AnythingElse]),
    );
    expect(offered.sessionState?.activeContexts?.[0]?.contextAttributes).toEqual({
      offered: "2026-12-01T15:00",
    });
    const yes = await say(sid, "sounds good");
    expect(yes.sessionState?.intent?.name).toBe("Affirm");
    const cleared = await say(sid, "yes please", { activeContexts: [] });
    expect(cleared.sessionState?.intent?.name).toBe("FallbackIntent");
  });

  it("counts a context's seconds across the pause between turns, not only its turns", async () => {
    const sid = sessionId("ctx");
    const t0 = new Date("2026-11-27T10:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"], now: t0 });
    try {
      // "where is my order" leaves AnythingElse active for 90 s or 2 turns.
      const done = await say(sid, "where is my order");
      expect(names(done)).toEqual(askingContexts(QuestionContext.AnythingElse));
      vi.setSystemTime(new Date(t0.getTime() + 30_000));
      const waited = await say(sid, "where is my order");
      expect(waited.sessionState?.activeContexts?.[0]?.timeToLive?.timeToLiveInSeconds).toBe(90);
      vi.setSystemTime(new Date(t0.getTime() + 30_000 + 91_000));
      // 91 s later the context is gone, though it had a turn left: a "no" is no answer to a question.
      const late = await say(sid, "nope");
      expect(late.sessionState?.intent?.name).toBe("FallbackIntent");
    } finally {
      vi.useRealTimers();
    }
  });
});
