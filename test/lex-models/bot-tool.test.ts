import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BuildBotLocaleCommand, DescribeBotLocaleCommand } from "@aws-sdk/client-lex-models-v2";
import { RecognizeTextCommand } from "@aws-sdk/client-lex-runtime-v2";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { renderBot } from "../../bot/render.js";
import { compareBots } from "../../local/lex-models/bot-comparison.js";
import { readLexJsonZip } from "../../local/lex-models/lex-json.js";
import { botSpecOf } from "../../local/lex-models/lex-spec.js";
import type { ReviewEntry } from "../../local/lex-models/missed-utterances.js";
import { runBotTool } from "../../local/tools/bot.js";
import { ALIAS_ID, BOT_ID, startModelsEmulator } from "./support.js";

const work = mkdtempSync(join(tmpdir(), "orderline-bot-tool-"));
function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm run bot -- export", () => {
  it("writes the LexJson zip whose read-back equals the definition exactly", async () => {
    const { out, io } = capture();
    expect(await runBotTool(["export", "--out", work], io)).toBe(0);
    const file = readdirSync(work).find((f) => f.endsWith("_LexJson.zip"))!;
    expect(file).toBe("Orderline_DRAFT_LOCALEXPORT_LexJson.zip");
    expect(out.join("\n")).toMatch(/identical to the definition/);
    const bytes = readFileSync(join(work, file));
    const source = botSpecOf(renderBot());
    expect(compareBots(source, readLexJsonZip(bytes), { names: true })).toEqual([]);
    const paths = Object.keys(unzipSync(bytes));
    expect(paths).toContain("manifest.json");
    expect(paths).toContain("Orderline/Bot.json");
    expect(paths).toContain("Orderline/BotLocales/ja_JP/BotLocale.json");
    expect(paths).toContain("Orderline/BotLocales/ja_JP/Intents/CancelOrder/Slots/PhoneLast4/Slot.json");
    expect(paths).toContain("Orderline/BotLocales/en_US/SlotTypes/OrderNumber/SlotType.json");
    const fallback = JSON.parse(
      Buffer.from(
        unzipSync(bytes)["Orderline/BotLocales/en_US/Intents/FallbackIntent/Intent.json"]!,
      ).toString(),
    );
    expect(fallback).toMatchObject({
      identifier: "FALLBCKINT",
      parentIntentSignature: "AMAZON.FallbackIntent",
    });
  });

  it("notices when an archive differs from the definition", () => {
    const source = botSpecOf(renderBot());
    const changed = structuredClone(source);
    changed.locales[0]!.intents[0]!.sampleUtterances![0] = { utterance: "something else" };
    const diffs = compareBots(source, changed);
    expect(diffs.map((d) => d.target ?? d.source)).toEqual([
      source.locales[0]!.intents[0]!.sampleUtterances![0],
      { utterance: "something else" },
    ]);
  });
});

describe("npm run bot -- drift | missed | accept (local target)", () => {
  let env: Awaited<ReturnType<typeof startModelsEmulator>>;
  beforeAll(async () => {
    env = await startModelsEmulator();
  });
  afterAll(async () => {
    await env?.cleanup();
  });
  const target = () => ["--target", "local", "--endpoint", env.emu.url];

  it("reports no drift for the bot as started, then the changed utterance after an edit and a build, exit 1", async () => {
    const clean = capture();
    expect(await runBotTool(["drift", ...target()], clean.io)).toBe(0);
    expect(clean.out.join("\n")).toMatch(/No drift/);

    const file = join(env.localesDir, "ja_JP", "bot.json");
    const text = JSON.parse(readFileSync(file, "utf8"));
    const old = text.intents.CancelOrder.utterances[0];
    text.intents.CancelOrder.utterances[0] = "注文をキャンセルにしたい";
    writeFileSync(file, JSON.stringify(text, null, 2));
    await env.models.send(
      new BuildBotLocaleCommand({ botId: BOT_ID, botVersion: "DRAFT", localeId: "ja_JP" }),
    );
    for (let i = 0; i < 100; i++) {
      const d = await env.models.send(
        new DescribeBotLocaleCommand({ botId: BOT_ID, botVersion: "DRAFT", localeId: "ja_JP" }),
      );
      if (d.botLocaleStatus === "Built") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const drifted = capture();
    expect(await runBotTool(["drift", ...target()], drifted.io)).toBe(1);
    const report = drifted.out.join("\n");
    expect(report).toMatch(/2 difference/);
    expect(report).toContain(
      `- ja_JP › CancelOrder › sampleUtterances: only in source {"utterance":"${old}"}`,
    );
    expect(report).toContain(
      '+ ja_JP › CancelOrder › sampleUtterances: only in target {"utterance":"注文をキャンセルにしたい"}',
    );
  });

  it("groups missed utterances with a suggested intent and accepts reviewed ones, never held-out ones", async () => {
    const say = (text: string, sessionId: string) =>
      env.runtime.send(
        new RecognizeTextCommand({ botId: BOT_ID, botAliasId: ALIAS_ID, localeId: "en_US", sessionId, text }),
      );
    for (const [i, text] of [
      "zorp my parcel",
      "zorp my parcel please",
      "zorp my parcel!",
      "banana telephone",
    ].entries()) {
      await say(text, `missed-${i}`);
    }
    const reviewFile = join(work, "review.yaml");
    const run = capture();
    expect(await runBotTool(["missed", ...target(), "--since", "1h", "--out", reviewFile], run.io)).toBe(0);
    const review = parse(readFileSync(reviewFile, "utf8")) as { entries: ReviewEntry[] };
    const zorp = review.entries.find((e) => e.utterance.startsWith("zorp"))!;
    expect(zorp.count).toBe(3);
    expect(zorp.variants).toHaveLength(2);
    expect(review.entries[0]).toBe(zorp);
    expect(typeof zorp.suggestedIntent).toBe("string");

    const heldOut = parse(
      readFileSync(join(import.meta.dirname, "..", "nlu", "heldout.en_US.yaml"), "utf8"),
    ) as {
      examples: { text: string; intent: string }[];
    };
    const entries: ReviewEntry[] = [
      { ...zorp, intent: "CheckOrderStatus", accept: true },
      { ...review.entries.find((e) => e.utterance === "banana telephone")!, accept: false },
      {
        locale: "en_US",
        utterance: heldOut.examples[0]!.text,
        count: 1,
        variants: [],
        suggestedIntent: heldOut.examples[0]!.intent,
        confidence: 1,
        intent: heldOut.examples[0]!.intent,
        accept: true,
      },
    ];
    writeFileSync(reviewFile, stringify({ entries }));
    const before = readFileSync(join(env.localesDir, "en_US", "bot.json"), "utf8");
    const acc = capture();
    expect(
      await runBotTool(["accept", "--file", reviewFile], { ...acc.io, localesDir: env.localesDir }),
    ).toBe(0);
    const after = readFileSync(join(env.localesDir, "en_US", "bot.json"), "utf8");
    const utterances = JSON.parse(after).intents.CheckOrderStatus.utterances as string[];
    // "zorp my parcel!" is "zorp my parcel" once punctuation is ignored: added once.
    expect(utterances.slice(-2).sort()).toEqual(["zorp my parcel", "zorp my parcel please"]);
    expect(acc.err.join("\n")).toContain("duplicate");
    expect(acc.err.join("\n")).toContain("held-out");
    expect(after).not.toContain("banana telephone");
    // Only added lines: the rest of the file is untouched.
    expect(after.split("\n").length - before.split("\n").length).toBe(2);
  });
});
