import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  BuildBotLocaleCommand,
  DescribeBotAliasCommand,
  DescribeBotCommand,
  DescribeBotLocaleCommand,
  DescribeIntentCommand,
  DescribeSlotCommand,
  DescribeSlotTypeCommand,
  LexModelsV2ServiceException,
  ListBotAliasesCommand,
  ListBotLocalesCommand,
  ListBotsCommand,
  ListBotVersionsCommand,
  ListIntentsCommand,
  ListSlotsCommand,
  ListSlotTypesCommand,
  paginateListIntents,
} from "@aws-sdk/client-lex-models-v2";
import { RecognizeTextCommand } from "@aws-sdk/client-lex-runtime-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderBot } from "../../bot/render.js";
import { ALIAS_ID, BOT_ID, startModelsEmulator } from "./support.js";

let env: Awaited<ReturnType<typeof startModelsEmulator>>;
const draft = { botId: BOT_ID, botVersion: "DRAFT" };
const source = renderBot();

beforeAll(async () => {
  env = await startModelsEmulator();
});
afterAll(async () => {
  await env?.cleanup();
});

async function intentId(localeId: string, name: string): Promise<string> {
  const out = await env.models.send(
    new ListIntentsCommand({
      ...draft,
      localeId,
      filters: [{ name: "IntentName", operator: "EQ", values: [name] }],
    }),
  );
  return out.intentSummaries![0]!.intentId!;
}

describe("Lex V2 Models API: bot, versions, aliases", () => {
  it("describes the bot from the definition", async () => {
    const bot = await env.models.send(new DescribeBotCommand({ botId: BOT_ID }));
    expect(bot).toMatchObject({
      botId: BOT_ID,
      botName: "Orderline",
      botStatus: "Available",
      idleSessionTTLInSeconds: source.idleSessionTtlInSeconds,
      dataPrivacy: { childDirected: false },
    });
    expect(bot.creationDateTime).toBeInstanceOf(Date);
  });

  it("lists bots with a name filter", async () => {
    const hit = await env.models.send(
      new ListBotsCommand({ filters: [{ name: "BotName", operator: "CO", values: ["order"] }] }),
    );
    expect(hit.botSummaries?.map((b) => b.botName)).toEqual(["Orderline"]);
    const miss = await env.models.send(
      new ListBotsCommand({ filters: [{ name: "BotName", operator: "EQ", values: ["Other"] }] }),
    );
    expect(miss.botSummaries).toEqual([]);
  });

  it("lists the DRAFT version and both aliases, and describes the live alias's code hook", async () => {
    const versions = await env.models.send(new ListBotVersionsCommand({ botId: BOT_ID }));
    expect(versions.botVersionSummaries?.map((v) => v.botVersion)).toEqual(["DRAFT"]);
    const aliases = await env.models.send(new ListBotAliasesCommand({ botId: BOT_ID }));
    expect(aliases.botAliasSummaries?.map((a) => a.botAliasId)).toEqual([ALIAS_ID, "TSTALIASID"]);
    const alias = await env.models.send(new DescribeBotAliasCommand({ botId: BOT_ID, botAliasId: ALIAS_ID }));
    expect(alias.botAliasName).toBe("live");
    expect(
      alias.botAliasLocaleSettings?.ja_JP?.codeHookSpecification?.lambdaCodeHook?.codeHookInterfaceVersion,
    ).toBe("1.0");
  });

  it.each([
    [
      "an unknown bot",
      () => new DescribeBotCommand({ botId: "NOSUCHBOT1" }),
      "ResourceNotFoundException",
      404,
    ],
    ["a malformed bot id", () => new DescribeBotCommand({ botId: "short" }), "ValidationException", 400],
    [
      "a numbered version",
      () => new ListBotLocalesCommand({ botId: BOT_ID, botVersion: "7" }),
      "ResourceNotFoundException",
      404,
    ],
    ["maxResults 0", () => new ListBotsCommand({ maxResults: 0 }), "ValidationException", 400],
    [
      "an unknown locale",
      () => new DescribeBotLocaleCommand({ ...draft, localeId: "fr_FR" }),
      "ResourceNotFoundException",
      404,
    ],
  ])("answers %s with an error", async (_what, command, name, status) => {
    const err = await env.models.send(command() as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LexModelsV2ServiceException);
    expect((err as LexModelsV2ServiceException).name).toBe(name);
    expect((err as LexModelsV2ServiceException).$metadata.httpStatusCode).toBe(status);
  });
});

describe("Lex V2 Models API: locales, intents, slots, slot types", () => {
  it("lists and describes locales as built", async () => {
    const list = await env.models.send(
      new ListBotLocalesCommand({ ...draft, sortBy: { attribute: "BotLocaleName", order: "Descending" } }),
    );
    expect(list.botLocaleSummaries?.map((l) => [l.localeId, l.botLocaleStatus])).toEqual([
      ["ja_JP", "Built"],
      ["en_US", "Built"],
    ]);
    const ja = await env.models.send(new DescribeBotLocaleCommand({ ...draft, localeId: "ja_JP" }));
    expect(ja).toMatchObject({
      localeId: "ja_JP",
      botLocaleStatus: "Built",
      nluIntentConfidenceThreshold: 0.45,
      voiceSettings: { voiceId: "Kazuha", engine: "neural" },
      intentsCount: source.locales[1]!.intents.length,
      slotTypesCount: source.locales[1]!.slotTypes.length,
    });
  });

  it("pages intents with nextToken, filters and sorts them", async () => {
    const names: string[] = [];
    for await (const page of paginateListIntents(
      { client: env.models, pageSize: 2 },
      { ...draft, localeId: "en_US", sortBy: { attribute: "IntentName", order: "Ascending" } },
    )) {
      expect(page.intentSummaries!.length).toBeLessThanOrEqual(2);
      names.push(...page.intentSummaries!.map((i) => i.intentName!));
    }
    expect(names).toEqual(source.locales[0]!.intents.map((i) => i.name).sort());
    const filtered = await env.models.send(
      new ListIntentsCommand({
        ...draft,
        localeId: "en_US",
        filters: [{ name: "IntentName", operator: "CO", values: ["Order"] }],
      }),
    );
    expect(filtered.intentSummaries?.map((i) => i.intentName).sort()).toEqual([
      "CancelOrder",
      "CheckOrderStatus",
    ]);
  });

  it("describes an intent with its utterances, slot priorities, confirmation and code hooks", async () => {
    const id = await intentId("ja_JP", "CancelOrder");
    const intent = await env.models.send(
      new DescribeIntentCommand({ ...draft, localeId: "ja_JP", intentId: id }),
    );
    const def = source.locales[1]!.intents.find((i) => i.name === "CancelOrder")!;
    expect(intent.sampleUtterances?.map((u) => u.utterance)).toEqual(def.utterances);
    expect(intent.slotPriorities?.map((p) => p.priority)).toEqual(def.slots.map((_, i) => i + 1));
    expect(intent.dialogCodeHook?.enabled).toBe(true);
    expect(intent.fulfillmentCodeHook?.enabled).toBe(true);
    expect(
      intent.intentConfirmationSetting?.promptSpecification?.messageGroups?.[0]?.message?.plainTextMessage
        ?.value,
    ).toBe(def.confirmationPrompts[0]);
    const fallback = await env.models.send(
      new DescribeIntentCommand({ ...draft, localeId: "ja_JP", intentId: "FALLBCKINT" }),
    );
    expect(fallback.parentIntentSignature).toBe("AMAZON.FallbackIntent");
  });

  it("lists and describes slots: obfuscation, constraint, keypad input, slot type", async () => {
    const id = await intentId("en_US", "CancelOrder");
    const slots = await env.models.send(new ListSlotsCommand({ ...draft, localeId: "en_US", intentId: id }));
    const def = source.locales[0]!.intents.find((i) => i.name === "CancelOrder")!;
    expect(slots.slotSummaries?.map((s) => s.slotName).sort()).toEqual(def.slots.map((s) => s.name).sort());
    const last4 = slots.slotSummaries!.find((s) => s.slotName === "PhoneLast4")!;
    const slot = await env.models.send(
      new DescribeSlotCommand({ ...draft, localeId: "en_US", intentId: id, slotId: last4.slotId! }),
    );
    expect(slot.obfuscationSetting?.obfuscationSettingType).toBe("DefaultObfuscation");
    expect(slot.valueElicitationSetting?.slotConstraint).toBe("Optional");
    expect(
      slot.valueElicitationSetting?.promptSpecification?.promptAttemptsSpecification?.Initial
        ?.allowedInputTypes?.allowDTMFInput,
    ).toBe(true);
    const type = await env.models.send(
      new DescribeSlotTypeCommand({ ...draft, localeId: "en_US", slotTypeId: slot.slotTypeId! }),
    );
    expect(type).toMatchObject({
      slotTypeName: "PhoneLast4Digits",
      parentSlotTypeSignature: "AMAZON.AlphaNumeric",
      valueSelectionSetting: { resolutionStrategy: "OriginalValue", regexFilter: { pattern: "[0-9]{4}" } },
    });
    const types = await env.models.send(new ListSlotTypesCommand({ ...draft, localeId: "en_US" }));
    expect(types.slotTypeSummaries?.map((t) => [t.slotTypeName, t.slotTypeCategory])).toEqual(
      source.locales[0]!.slotTypes.map((t) => [
        t.name,
        t.parentSlotTypeSignature ? "Extended" : "Custom",
      ]).sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
  });
});

describe("BuildBotLocale", () => {
  it("rereads an edited bot.json, shows NotBuilt until built, and the bot then understands the new utterance", async () => {
    const recognize = async (text: string, sessionId: string) =>
      env.runtime.send(
        new RecognizeTextCommand({ botId: BOT_ID, botAliasId: ALIAS_ID, localeId: "ja_JP", sessionId, text }),
      );
    const phrase = "ぽんぽこぴーの手続き";
    expect((await recognize(phrase, "before-build")).sessionState?.intent?.name).toBe("FallbackIntent");

    const file = join(env.localesDir, "ja_JP", "bot.json");
    const text = JSON.parse(readFileSync(file, "utf8"));
    text.intents.TransferToAgent.utterances.push(
      "ぽんぽこぴーの手続き",
      "ぽんぽこぴーをお願いします",
      "ぽんぽこぴーしたい",
    );
    writeFileSync(file, JSON.stringify(text, null, 2));
    const edited = await env.models.send(new DescribeBotLocaleCommand({ ...draft, localeId: "ja_JP" }));
    expect(edited.botLocaleStatus).toBe("NotBuilt");

    const build = await env.models.send(new BuildBotLocaleCommand({ ...draft, localeId: "ja_JP" }));
    expect(build.botLocaleStatus).toBe("Building");
    expect(build.$metadata.httpStatusCode).toBe(202);
    let status = build.botLocaleStatus;
    for (let i = 0; i < 100 && status !== "Built" && status !== "Failed"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await env.models.send(new DescribeBotLocaleCommand({ ...draft, localeId: "ja_JP" })))
        .botLocaleStatus;
    }
    expect(status).toBe("Built");
    expect((await recognize(phrase, "after-build")).sessionState?.intent?.name).toBe("TransferToAgent");
    const id = await intentId("ja_JP", "TransferToAgent");
    const intent = await env.models.send(
      new DescribeIntentCommand({ ...draft, localeId: "ja_JP", intentId: id }),
    );
    expect(intent.sampleUtterances?.map((u) => u.utterance)).toContain("ぽんぽこぴーしたい");
  });

  it("fails a build of a broken bot.json with its reason", async () => {
    const file = join(env.localesDir, "en_US", "bot.json");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, "{ not json");
    try {
      await env.models.send(new BuildBotLocaleCommand({ ...draft, localeId: "en_US" }));
      let out = await env.models.send(new DescribeBotLocaleCommand({ ...draft, localeId: "en_US" }));
      for (let i = 0; i < 50 && out.botLocaleStatus === "Building"; i++) {
        await new Promise((r) => setTimeout(r, 20));
        out = await env.models.send(new DescribeBotLocaleCommand({ ...draft, localeId: "en_US" }));
      }
      expect(out.botLocaleStatus).toBe("Failed");
      expect(out.failureReasons?.[0]).toMatch(/JSON/);
    } finally {
      writeFileSync(file, original);
    }
  });
});
