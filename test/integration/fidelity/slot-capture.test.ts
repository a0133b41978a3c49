import { RecognizeTextCommand } from "@aws-sdk/client-lex-runtime-v2";
import { afterEach, describe, expect, it } from "vitest";
import { renderBot } from "../../../bot/render.js";
import type { RenderedBot, SlotCaptureDefinition } from "../../../bot/types.js";
import type { CodeHookEvent } from "../../../fulfillment/src/contracts/lex-v2.js";
import { renderCfnBot } from "../../../infra/lex/render-cfn-bot.js";
import { type RunningEmulator, startEmulator } from "../../../local/emulator.js";
import type { CodeHook } from "../../../local/lex/lex-types.js";
import { clientsFor, sessionId } from "../emulator/helpers.js";

describe("the template", () => {
  it("lets every confirmation take keys and hand what Lex cannot read to the code hook", () => {
    const cfn = renderCfnBot(renderBot());
    const confirmations = cfn.botLocales.flatMap((l) =>
      ((l.intents ?? []) as { intentConfirmationSetting?: Record<string, unknown> }[])
        .map((i) => i.intentConfirmationSetting)
        .filter((c) => c !== undefined),
    );
    expect(confirmations.length).toBeGreaterThan(0);
    for (const c of confirmations) {
      expect(c).toMatchObject({
        elicitationCodeHook: { enableCodeHookInvocation: true },
        codeHook: { enableCodeHookInvocation: true, isActive: true },
        promptSpecification: {
          promptAttemptsSpecification: { Initial: { allowedInputTypes: { allowDtmfInput: true } } },
        },
      });
    }
  });

  it("renders an explicit SlotCaptureSetting for every slot of every intent and locale", () => {
    const cfn = renderCfnBot(renderBot());
    const slots = cfn.botLocales.flatMap((l) =>
      ((l.intents ?? []) as { name: string; slots?: Record<string, unknown>[] }[]).flatMap((i) =>
        (i.slots ?? []).map((s) => ({ intent: i.name, slot: s })),
      ),
    );
    expect(slots.length).toBeGreaterThan(10);
    for (const { slot } of slots) {
      const capture = (slot.valueElicitationSetting as { slotCaptureSetting?: Record<string, unknown> })
        .slotCaptureSetting;
      expect(capture).toMatchObject({
        codeHook: { enableCodeHookInvocation: true, isActive: true, postCodeHookSpecification: {} },
        elicitationCodeHook: { enableCodeHookInvocation: true },
        captureNextStep: { dialogAction: { type: "InvokeDialogCodeHook" } },
        failureNextStep: { dialogAction: { type: "StartIntent" }, intent: { name: "FallbackIntent" } },
      });
    }
  });
});

/** The real bot with every slot's capture setting replaced. */
function botWith(capture: SlotCaptureDefinition): RenderedBot {
  const bot = renderBot();
  for (const l of bot.locales) for (const i of l.intents) for (const s of i.slots) s.capture = capture;
  return bot;
}

describe("the emulated Lex follows the capture settings", () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.stop();
    emu = undefined;
  });

  // A hook that lets Lex decide every step, recording when it was called.
  const recordingHook = (calls: { source: string; slot: unknown }[]): CodeHook =>
    (async (event: CodeHookEvent) => {
      calls.push({
        source: event.invocationSource,
        slot: event.sessionState.intent?.slots?.ShippingDate?.value?.interpretedValue ?? null,
      });
      return {
        sessionState: {
          sessionAttributes: event.sessionState.sessionAttributes,
          dialogAction: { type: "Delegate" },
          intent: event.sessionState.intent,
        },
      };
    }) as unknown as CodeHook;

  it.each([
    { on: true, callsAfterUnfilled: 2, callsAfterFilled: 3 },
    { on: false, callsAfterUnfilled: 1, callsAfterFilled: 1 },
  ])("hooks on capture and on failure = $on", async ({ on, callsAfterUnfilled, callsAfterFilled }) => {
    const calls: { source: string; slot: unknown }[] = [];
    emu = await startEmulator({
      port: 0,
      inMemory: true,
      seed: false,
      bot: botWith({ codeHookOnCapture: on, codeHookOnFailure: on, failureNextStep: "FallbackIntent" }),
      codeHook: recordingHook(calls),
    });
    const clients = clientsFor(emu.url);
    const { lexH1 } = clients;
    const sid = sessionId("capture");
    const say = (text: string) =>
      lexH1.send(
        new RecognizeTextCommand({
          botId: "ORDERLINE1",
          botAliasId: "LIVEALIAS1",
          localeId: "en_US",
          sessionId: sid,
          text,
        }),
      );
    try {
      const first = await say("I want to change my delivery date");
      expect(first.sessionState?.dialogAction).toMatchObject({
        type: "ElicitSlot",
        slotToElicit: "ShippingDate",
      });
      expect(calls).toHaveLength(1); // the intent's own dialog code hook on the first turn
      // An answer that does not fill the slot: the elicitation code hook runs only when enabled.
      const unfilled = await say("yes please");
      expect(unfilled.sessionState?.dialogAction).toMatchObject({
        type: "ElicitSlot",
        slotToElicit: "ShippingDate",
      });
      expect(calls).toHaveLength(callsAfterUnfilled);
      // An answer that fills it: the capture code hook runs only when enabled; else Lex confirms.
      const filled = await say("next friday");
      expect(filled.sessionState?.dialogAction?.type).toBe("ConfirmIntent");
      expect(calls).toHaveLength(callsAfterFilled);
    } finally {
      clients.destroy();
    }
  });
});
