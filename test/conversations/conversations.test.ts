import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LexRuntimeV2Client } from "@aws-sdk/client-lex-runtime-v2";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../local/emulator.js";
import { shopTimeZone } from "../../local/seed/demo-orders.js";
import { type ConversationTarget, formatTranscript, loadSuites, runConversation } from "./runner.js";

const suites = loadSuites(dirname(fileURLToPath(import.meta.url)));
let emu: RunningEmulator;
let target: ConversationTarget;
let clients: { destroy(): void }[] = [];

beforeAll(async () => {
  emu = await startEmulator({ port: 0, inMemory: true });
  const base = {
    endpoint: emu.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
  const lex = new LexRuntimeV2Client(base);
  const dynamo = new DynamoDBClient(base);
  clients = [lex, dynamo];
  const get = async <T>(path: string) => (await (await fetch(`${emu.url}${path}`)).json()) as T;
  target = {
    lex,
    botId: emu.ctx.bot.botId,
    botAliasId: emu.ctx.bot.botAliasId,
    orders: { doc: DynamoDBDocumentClient.from(dynamo), tableName: emu.ctx.tables.orders },
    outbox: { sms: () => get("/_local/sms"), callbacks: () => get("/_local/callbacks") },
    timeZoneOf: shopTimeZone,
  };
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await emu?.stop();
});

it("has at least 30 conversations over both locales", () => {
  const all = suites.flatMap((s) => s.conversations);
  expect(all.length).toBeGreaterThanOrEqual(30);
  expect(new Set(all.map((c) => c.locale))).toEqual(new Set(["en_US", "ja_JP"]));
});

for (const suite of suites) {
  describe(suite.file, () => {
    for (const conv of suite.conversations) {
      it(conv.name, async () => {
        const result = await runConversation(conv, target);
        expect(result.failures, `${result.failures.join("\n")}\n${formatTranscript(result)}`).toEqual([]);
      });
    }
  });
}
