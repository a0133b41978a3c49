import { describe, expect, it } from "vitest";
import { botDefinition, IntentName, QuestionContext } from "../../bot/definition.js";
import { renderBot, renderLocale } from "../../bot/render.js";
import type { LocaleBotText, RenderedBot } from "../../bot/types.js";
import {
  DTMF_DELETION_CHARACTER,
  DTMF_END_CHARACTER,
  dtmfPromptAttempts,
  hashBotDefinition,
  messageGroups,
  renderCfnBot,
  renderIntentContexts,
} from "../../infra/lex/render-cfn-bot.js";
import { listLocaleIds, loadBotText } from "../../locales/index.js";

// biome-ignore lint/suspicious/noExplicitAny: CfnBot props are deeply optional unions; tests read them as data.
type Any = any;

const bot = renderBot();
const cfn = renderCfnBot(bot);
const locale = (id: string): Any => cfn.botLocales.find((l) => l.localeId === id);
const intent = (localeId: string, name: string): Any =>
  locale(localeId).intents.find((i: Any) => i.name === name);
const slot = (localeId: string, intentName: string, slotName: string): Any =>
  intent(localeId, intentName).slots.find((s: Any) => s.name === slotName);

function withUtterance(
  source: RenderedBot,
  localeId: string,
  intentName: string,
  utterance: string,
): RenderedBot {
  const copy = structuredClone(source);
  const target = copy.locales
    .find((l) => l.localeId === localeId)
    ?.intents.find((i) => i.name === intentName);
  if (!target) throw new Error("fixture intent missing");
  target.utterances = [...target.utterances, utterance];
  return copy;
}

describe("renderCfnBot", () => {
  it("renders every locale on disk, including en_US and ja_JP", () => {
    expect(cfn.botLocales.map((l) => l.localeId)).toEqual(listLocaleIds());
    expect(listLocaleIds()).toEqual(expect.arrayContaining(["en_US", "ja_JP"]));
  });

  it("uses CloudFormation casing for dataPrivacy and builds the locales", () => {
    expect(cfn.dataPrivacy).toEqual({ ChildDirected: false });
    expect(cfn.autoBuildBotLocales).toBe(true);
    expect(cfn.idleSessionTtlInSeconds).toBe(botDefinition.idleSessionTtlInSeconds);
  });

  it.each(listLocaleIds())("%s has the six intents with the locale's utterance counts", (localeId) => {
    const text = loadBotText(localeId);
    const names = locale(localeId).intents.map((i: Any) => i.name);
    expect(names).toEqual(Object.values(IntentName));
    for (const name of names.filter((n: string) => n !== IntentName.FallbackIntent)) {
      expect(intent(localeId, name).sampleUtterances).toHaveLength(
        text.intents[name]?.utterances.length ?? -1,
      );
    }
    expect(locale(localeId).voiceSettings).toEqual({
      voiceId: text.voice.voiceId,
      engine: text.voice.engine,
    });
    expect(locale(localeId).nluConfidenceThreshold).toBe(text.nluConfidenceThreshold);
  });

  it("adds AMAZON.FallbackIntent by signature, without utterances or slots", () => {
    const fallback = intent("ja_JP", IntentName.FallbackIntent);
    expect(fallback).toEqual({
      name: "FallbackIntent",
      parentIntentSignature: "AMAZON.FallbackIntent",
      dialogCodeHook: { enabled: false },
      fulfillmentCodeHook: { enabled: true },
    });
  });

  it("lets digit slots be keyed, with # to end and * to clear, on every attempt", () => {
    const orderId = slot("ja_JP", IntentName.CancelOrder, "OrderId");
    const attempts = orderId.valueElicitationSetting.promptSpecification.promptAttemptsSpecification;
    expect(Object.keys(attempts)).toEqual(["Initial", "Retry1", "Retry2"]);
    for (const attempt of Object.values(attempts) as Any[]) {
      expect(attempt.allowedInputTypes).toEqual({ allowAudioInput: true, allowDtmfInput: true });
      expect(attempt.audioAndDtmfInputSpecification.dtmfSpecification).toMatchObject({
        endCharacter: "#",
        deletionCharacter: "*",
      });
    }
    expect(DTMF_END_CHARACTER).toBe("#");
    expect(DTMF_DELETION_CHARACTER).toBe("*");
  });

  it("leaves slots without allowDtmf to Lex defaults", () => {
    const date = slot("en_US", IntentName.RequestCallback, "CallbackDate");
    expect(date.valueElicitationSetting.promptSpecification.promptAttemptsSpecification).toBeUndefined();
  });

  it("obfuscates the phone-digits slot and orders slots by priority", () => {
    const cancel = intent("en_US", IntentName.CancelOrder);
    expect(slot("en_US", IntentName.CancelOrder, "PhoneLast4").obfuscationSetting).toEqual({
      obfuscationSettingType: "DefaultObfuscation",
    });
    expect(slot("en_US", IntentName.CancelOrder, "OrderId").obfuscationSetting).toBeUndefined();
    expect(cancel.slotPriorities).toEqual([
      { priority: 1, slotName: "OrderId" },
      { priority: 2, slotName: "PhoneLast4" },
      { priority: 3, slotName: "ItemName" },
    ]);
  });

  it("renders slot prompts from the locale text, first as message and the next two as variations", () => {
    const prompts = loadBotText("ja_JP").intents.CancelOrder?.slots?.OrderId?.prompts ?? [];
    const group = slot("ja_JP", IntentName.CancelOrder, "OrderId").valueElicitationSetting.promptSpecification
      .messageGroupsList[0];
    expect(group.message.plainTextMessage.value).toBe(prompts[0]);
    expect(group.variations.map((v: Any) => v.plainTextMessage.value)).toEqual(prompts.slice(1, 3));
  });

  it("renders regex slot types on AMAZON.AlphaNumeric and refers to them by name", () => {
    expect(locale("en_US").slotTypes).toContainEqual({
      name: "OrderNumber",
      parentSlotTypeSignature: "AMAZON.AlphaNumeric",
      valueSelectionSetting: {
        resolutionStrategy: "ORIGINAL_VALUE",
        regexFilter: { pattern: "[0-9]{3,10}" },
      },
    });
    expect(slot("en_US", IntentName.CancelOrder, "OrderId").slotTypeName).toBe("OrderNumber");
    expect(slot("en_US", IntentName.ChangeShippingDate, "ShippingDate").slotTypeName).toBe("AMAZON.Date");
  });

  it("asks for confirmation with the locale's prompts and declination", () => {
    const text = loadBotText("en_US").intents.CancelOrder?.confirmation;
    const setting = intent("en_US", IntentName.CancelOrder).intentConfirmationSetting;
    expect(setting.promptSpecification.messageGroupsList[0].message.plainTextMessage.value).toBe(
      text?.prompts[0],
    );
    expect(setting.declinationResponse.messageGroupsList[0].message.plainTextMessage.value).toBe(
      text?.declined,
    );
    expect(intent("en_US", IntentName.CheckOrderStatus).intentConfirmationSetting).toBeUndefined();
  });

  it("enables the code hooks the definition asks for", () => {
    expect(intent("en_US", IntentName.CancelOrder)).toMatchObject({
      dialogCodeHook: { enabled: true },
      fulfillmentCodeHook: { enabled: true },
    });
    expect(intent("en_US", IntentName.TransferToAgent)).toMatchObject({
      dialogCodeHook: { enabled: false },
      fulfillmentCodeHook: { enabled: true },
    });
  });

  it.each(listLocaleIds())(
    "%s: yes/no intents answer only while a question context is active (inputContexts)",
    (id) => {
      for (const name of [IntentName.Affirm, IntentName.Deny]) {
        expect(intent(id, name).inputContexts).toEqual([{ name: QuestionContext.YesNo }]);
      }
      expect(intent(id, IntentName.NeverMind).inputContexts).toBeUndefined();
      expect(intent(id, IntentName.SmallTalk).inputContexts).toBeUndefined();
    },
  );

  it("activates the anything-else question when a request is fulfilled (outputContexts with TTL)", () => {
    for (const name of [IntentName.CancelOrder, IntentName.CheckOrderStatus]) {
      expect(intent("ja_JP", name).outputContexts).toEqual([
        { name: QuestionContext.AnythingElse, timeToLiveInSeconds: 90, turnsToLive: 2 },
        { name: QuestionContext.YesNo, timeToLiveInSeconds: 90, turnsToLive: 2 },
      ]);
    }
    expect(intent("en_US", IntentName.TransferToAgent).outputContexts).toBeUndefined();
  });

  it("refuses a context the bot does not declare", () => {
    expect(() => renderIntentContexts({ name: "X", inputContexts: ["Nope"] }, [])).toThrow(
      "intent X names context Nope, which the bot does not declare",
    );
  });

  it("renders the item-name slot type with the catalog as samples and ORIGINAL_VALUE", () => {
    const itemType = locale("en_US").slotTypes.find((t: Any) => t.name === "ItemName");
    expect(itemType.valueSelectionSetting).toEqual({ resolutionStrategy: "ORIGINAL_VALUE" });
    expect(itemType.slotTypeValues.length).toBeGreaterThan(20);
    expect(slot("ja_JP", IntentName.CancelOrder, "ItemName").slotTypeName).toBe("ItemName");
  });

  it("refuses a bot without locales", () => {
    expect(() => renderCfnBot({ ...bot, locales: [] })).toThrow(
      "The bot has no locales: add a locales/<localeId>/bot.json",
    );
  });

  it("refuses an utterance that names a slot the intent lacks", () => {
    const broken = withUtterance(bot, "en_US", IntentName.TransferToAgent, "agent about {OrderId}");
    expect(() => renderCfnBot(broken)).toThrow(
      'en_US: TransferToAgent utterance "agent about {OrderId}" names unknown slot {OrderId}',
    );
  });

  it("renders a minimal fixture locale", () => {
    const text = JSON.parse(JSON.stringify(loadBotText("en_US"))) as LocaleBotText;
    text.localeId = "en_GB";
    const rendered = renderCfnBot({ ...bot, locales: [renderLocale(botDefinition, text)] });
    expect(rendered.botLocales.map((l) => l.localeId)).toEqual(["en_GB"]);
  });
});

describe("messageGroups", () => {
  const texts = (group: Any) => [
    group.message.plainTextMessage.value,
    ...(group.variations ?? []).map((v: Any) => v.plainTextMessage.value),
  ];

  it.each([
    [["a"], [["a"]]],
    [["a", "b", "c"], [["a", "b", "c"]]],
    // Lex speaks one message from every group, so texts past the third are not made into more groups.
    [["a", "b", "c", "d", "e"], [["a", "b", "c"]]],
  ])("puts %j into one group", (input, expected) => {
    expect(messageGroups(input).map(texts)).toEqual(expected);
  });

  it("refuses an empty prompt", () => {
    expect(() => messageGroups([])).toThrow("A prompt needs at least one message");
  });
});

describe("dtmfPromptAttempts", () => {
  it("covers the initial prompt and each retry", () => {
    expect(Object.keys(dtmfPromptAttempts(0))).toEqual(["Initial"]);
    expect(Object.keys(dtmfPromptAttempts(3))).toEqual(["Initial", "Retry1", "Retry2", "Retry3"]);
  });
});

describe("hashBotDefinition", () => {
  it("is stable for the same definition", () => {
    expect(hashBotDefinition(renderCfnBot(renderBot()))).toBe(hashBotDefinition(cfn));
    expect(hashBotDefinition(cfn)).toMatch(/^[0-9a-f]{16}$/);
  });

  it("ignores key order", () => {
    const reordered = Object.fromEntries(Object.entries(cfn).reverse()) as typeof cfn;
    expect(hashBotDefinition(reordered)).toBe(hashBotDefinition(cfn));
  });

  it("changes when one utterance changes", () => {
    const changed = renderCfnBot(withUtterance(bot, "ja_JP", IntentName.CancelOrder, "注文をなしにしたい"));
    expect(hashBotDefinition(changed)).not.toBe(hashBotDefinition(cfn));
  });

  it("changes when a prompt changes", () => {
    const copy = structuredClone(bot);
    const orderId = copy.locales[0]?.intents[0]?.slots[0];
    if (!orderId) throw new Error("fixture slot missing");
    orderId.prompts = ["Your order number, please.", ...orderId.prompts.slice(1)];
    expect(hashBotDefinition(renderCfnBot(copy))).not.toBe(hashBotDefinition(cfn));
  });
});
