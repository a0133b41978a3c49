import { RecognizeTextCommand } from "@aws-sdk/client-lex-runtime-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayIn } from "../../../fulfillment/src/dates/index.js";
import { type RunningEmulator, startEmulator } from "../../../local/emulator.js";
import { clientsFor, sessionId } from "../emulator/helpers.js";

// One bot in us-east-1 serves Tokyo: Lex resolves 明日 in New York's zone, which at 08:00 and 10:00 JST is
// still yesterday. The code hook reads the caller's words again in the shop's zone (Asia/Tokyo).
const bot = { botId: "ORDERLINE1", botAliasId: "LIVEALIAS1", localeId: "ja_JP" };
const caller = "+819012345678"; // demo order 1001, placed

describe.each(["2026-11-27T08:00:00+09:00", "2026-11-27T10:00:00+09:00"])("at %s (JST)", (instant) => {
  let emu: RunningEmulator;
  let clients: ReturnType<typeof clientsFor>;
  const tokyoToday = todayIn("Asia/Tokyo", new Date(instant));
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, inMemory: true, fidelity: { startAt: new Date(instant) } });
    clients = clientsFor(emu.url);
  });
  afterAll(async () => {
    clients?.destroy();
    await emu?.stop();
  });

  const send = (sid: string, text: string, first: boolean) =>
    clients.lexH1.send(
      new RecognizeTextCommand({
        ...bot,
        sessionId: sid,
        text,
        ...(first ? { sessionState: { sessionAttributes: { callerPhone: caller } } } : {}),
      }),
    );
  // The request, then the order number whenever the bot asks for it (step-up verification before a change).
  const say = async (sid: string, text: string) => {
    let out = await send(sid, text, true);
    for (let i = 0; i < 2 && out.sessionState?.dialogAction?.slotToElicit === "OrderId"; i++) {
      out = await send(sid, "1001", false);
    }
    return out;
  };

  it("the emulated Lex resolves 明日 in the Region's zone (America/New_York): Tokyo's today", async () => {
    expect(emu.health().fidelity).toMatchObject({ lexTimeZone: "America/New_York" });
    // Without a code hook the slot holds what Lex resolved.
    const bare = await startEmulator({
      port: 0,
      inMemory: true,
      codeHook: null,
      fidelity: { startAt: new Date(instant) },
    });
    const raw = clientsFor(bare.url);
    try {
      const out = await raw.lexH1.send(
        new RecognizeTextCommand({ ...bot, sessionId: sessionId("tz"), text: "配送日を明日に変更したい" }),
      );
      expect(out.sessionState?.intent?.slots?.ShippingDate?.value?.interpretedValue).toBe(tokyoToday);
    } finally {
      raw.destroy();
      await bare.stop();
    }
  });

  it("明日 is Tokyo's tomorrow for the hook: refused as too early, with 明後日 offered", async () => {
    const out = await say(sessionId("tz"), "配送日を明日に変更したい");
    const attrs = out.sessionState?.sessionAttributes ?? {};
    expect(attrs["ol:dateSuggested"]).toBe(addDays(tokyoToday, 2));
    const spoken = (out.messages ?? []).map((m) => m.content).join(" ");
    expect(spoken).not.toMatch(/本日/);
  });

  it("明後日 (the earliest allowed day) is accepted and confirmed as Tokyo's day after tomorrow", async () => {
    const out = await say(sessionId("tz"), "配送日を明後日に変更したい");
    expect(out.sessionState?.dialogAction?.type).toBe("ConfirmIntent");
    expect(out.sessionState?.intent?.slots?.ShippingDate?.value?.interpretedValue).toBe(
      addDays(tokyoToday, 2),
    );
  });
});
