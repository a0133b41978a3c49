import { RecognizeTextCommand } from "@aws-sdk/client-lex-runtime-v2";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { OutcomeCounts } from "../../local/lex-models/insights.js";
import { ALIAS_ID, BOT_ID, startModelsEmulator } from "./support.js";

let env: Awaited<ReturnType<typeof startModelsEmulator>>;
beforeAll(async () => {
  env = await startModelsEmulator();
});
afterAll(async () => {
  await env?.cleanup();
});

it("the in-process code hook's outcome metrics reach the emulator's outcome log (handoff with reason, fallback)", async () => {
  const say = (sessionId: string, text: string) =>
    env.runtime.send(
      new RecognizeTextCommand({ botId: BOT_ID, botAliasId: ALIAS_ID, localeId: "en_US", sessionId, text }),
    );
  const agent = await say("live-agent", "I want to talk to a person");
  expect(agent.sessionState?.sessionAttributes?.outcome).toBe("handoff");
  await say("live-missed", "flibbertigibbet wobble");
  const counts = (await (
    await fetch(`${env.emu.url}/_local/insights/outcomes?start=0`)
  ).json()) as OutcomeCounts;
  expect(counts.handoffs).toEqual([
    { reason: agent.sessionState?.sessionAttributes?.handoffReason ?? "unknown", count: 1 },
  ]);
  expect(counts.funnel).toContainEqual({ intent: "TransferToAgent", stage: "started", count: 1 });
  expect(counts.outcomes).toContainEqual({ intent: "TransferToAgent", outcome: "handoff", count: 1 });
  expect(counts.fallbacks).toEqual([{ fromIntent: "none", count: 1 }]);
});
