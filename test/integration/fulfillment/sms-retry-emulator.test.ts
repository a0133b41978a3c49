import { LexRuntimeV2Client, RecognizeTextCommand } from "@aws-sdk/client-lex-runtime-v2";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../../local/emulator.js";

// Mutable on purpose: SNS is down for the conversation, then back for the retry.
const faults = { sns: 1 };
let emu: RunningEmulator;
let lex: LexRuntimeV2Client;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, inMemory: true, faults });
  lex = new LexRuntimeV2Client({
    endpoint: emu.url,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
});
afterAll(async () => {
  lex.destroy();
  await emu.stop();
});

it("keeps the confirmation when SNS is down and sends it through POST /_local/sms/retry", async () => {
  const say = (text: string, first = false) =>
    lex.send(
      new RecognizeTextCommand({
        botId: emu.ctx.bot.botId,
        botAliasId: emu.ctx.bot.botAliasId,
        localeId: "ja_JP",
        sessionId: "sms-retry-1",
        text,
        sessionState: first ? { sessionAttributes: { callerPhone: "+819012345678" } } : undefined,
      }),
    );
  // Voice step-up (issue 11): the order number with the caller ID.
  await say("注文番号1001をキャンセルしたいです", true);
  const done = await say("はい");
  expect(done.messages?.map((m) => m.content).join("")).toContain("遅れて届く");
  expect(await (await fetch(`${emu.url}/_local/sms`)).json()).toEqual([]);

  faults.sns = 0;
  const run = await fetch(`${emu.url}/_local/sms/retry`, { method: "POST" });
  expect(await run.json()).toEqual({ sent: 1, failed: 0, skipped: 0 });
  const sms = (await (await fetch(`${emu.url}/_local/sms`)).json()) as {
    phoneNumber: string;
    message: string;
  }[];
  expect(sms).toEqual([
    expect.objectContaining({ phoneNumber: "+819012345678", message: expect.stringContaining("1001") }),
  ]);
});
