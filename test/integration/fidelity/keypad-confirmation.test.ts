import { RecognizeTextCommand } from "@aws-sdk/client-lex-runtime-v2";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../../local/emulator.js";
import { clientsFor, sessionId } from "../emulator/helpers.js";

const bot = { botId: "ORDERLINE1", botAliasId: "LIVEALIAS1", localeId: "en_US" };

// Keys 1 / 2 at a Lex confirmation are not documented Lex behaviour: the code hook reads them (through the
// confirmation's elicitation code hook), so the bot confirms whether or not Lex itself maps the keys.
describe.each([false, true])("keypad at a confirmation, Lex maps 1/2 itself: %s", (keypadConfirmation) => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.stop();
  });

  it.each([
    ["1", "Fulfilled"],
    ["2", "Failed|Fulfilled|InProgress"],
  ])("key %s", async (key, states) => {
    emu = await startEmulator({ port: 0, inMemory: true, fidelity: { keypadConfirmation } });
    const clients = clientsFor(emu.url);
    const sid = sessionId("keys");
    let first = true;
    const send = (text: string, dtmf = false) =>
      clients.lexH1
        .send(
          new RecognizeTextCommand({
            ...bot,
            sessionId: sid,
            text,
            requestAttributes: {
              "x-amz-lex:channels:platform": "Connect",
              ...(dtmf ? { "x-amz-lex:dtmf-transcript": text } : {}),
            },
            // The flow's attributes come with the first turn only (later ones would replace the bot's).
            ...(first ? { sessionState: { sessionAttributes: { callerPhone: "+12025550123" } } } : {}),
          }),
        )
        .finally(() => {
          first = false;
        });
    try {
      let out = await send("I want to cancel my order");
      for (let i = 0; i < 3 && out.sessionState?.dialogAction?.type === "ElicitSlot"; i++) {
        out = await send("2001", true);
      }
      expect(out.sessionState?.dialogAction?.type).toBe("ConfirmIntent");
      out = await send(key, true);
      expect(out.sessionState?.intent?.state ?? "").toMatch(new RegExp(`^(${states})$`));
      if (key === "1") expect(out.sessionState?.intent?.confirmationState).toBe("Confirmed");
      else expect(out.sessionState?.intent?.confirmationState).not.toBe("Confirmed");
    } finally {
      clients.destroy();
    }
  });
});
