/**
 * Item names outside the ItemName slot type's sample values, captured from their carrier phrases as Lex captures
 * a slot whose type expands its values (valueSelectionSetting ORIGINAL_VALUE); a TOP_RESOLUTION type keeps to
 * its values. The sentences name products the catalog samples do not have.
 */
import { describe, expect, it } from "vitest";
import { botDefinition } from "../../bot/definition.js";
import type { RenderedLocale, RenderedSlotType } from "../../bot/types.js";
import { trainingExamples, trainNluWith } from "../../local/lex/nlu/index.js";
import { CTX, localeOf, modelOf } from "./models.js";

type Row = [text: string, intent: string, item: string];

describe("the bot's ItemName slot type", () => {
  it("expands its values (ORIGINAL_VALUE), so the emulator captures names outside its samples", () => {
    expect(botDefinition.slotTypes.find((t) => t.name === "ItemName")?.resolutionStrategy).toBe(
      "ORIGINAL_VALUE",
    );
  });
});

describe.each<[string, Row[]]>([
  [
    "en_US",
    [
      ["cancel the garden hose", "CancelOrder", "garden hose"],
      ["please cancel the ceramic vase I ordered", "CancelOrder", "ceramic vase"],
      ["where is my patio umbrella", "CheckOrderStatus", "patio umbrella"],
      ["is my bird feeder on the way", "CheckOrderStatus", "bird feeder"],
      ["can the garden hose arrive on friday", "ChangeShippingDate", "garden hose"],
      ["call me back about my hammock", "RequestCallback", "hammock"],
    ],
  ],
  [
    "ja_JP",
    [
      ["ガーデンホースをキャンセルしたい", "CancelOrder", "ガーデンホース"],
      ["えーと、陶器の花瓶のキャンセルをお願いします", "CancelOrder", "陶器の花瓶"],
      ["ハンモックはいつ届きますか", "CheckOrderStatus", "ハンモック"],
      ["ぶらんこの配達日を来週の金曜日にしたい", "ChangeShippingDate", "ぶらんこ"],
      ["注文したぶらんこを取り消したい", "CancelOrder", "ぶらんこ"],
      ["ガーデンホースのことで電話がほしい", "RequestCallback", "ガーデンホース"],
    ],
  ],
])("names outside the samples, %s", (id, rows) => {
  const model = modelOf(id);
  const threshold = localeOf(id).nluConfidenceThreshold;

  it.each(rows)("%s → %s, ItemName %s", (text, intent, item) => {
    const [top] = model.classify(text);
    expect(top?.intent).toBe(intent);
    expect(top?.confidence).toBeGreaterThanOrEqual(threshold);
    // As Lex reports an expanded value: what the caller said, resolving to no sample value.
    expect(model.extractSlots(text, intent, CTX[id]!).ItemName).toEqual({
      originalValue: item,
      interpretedValue: item,
      resolvedValues: [],
    });
  });
});

describe("no capture where the words are the bot's own", () => {
  it.each([
    ["en_US", "cancle my oder", "CancelOrder"],
    ["en_US", "cancel my order", "CancelOrder"],
    ["en_US", "where is my package", "CheckOrderStatus"],
    ["ja_JP", "ちゅうもんをきゃんせるしたい", "CancelOrder"],
    ["ja_JP", "注文をキャンセルしたい", "CancelOrder"],
  ])("%s: %s", (id, text, intent) => {
    expect(modelOf(id).extractSlots(text, intent, CTX[id]!).ItemName).toBeUndefined();
  });

  it("a sample value's reading (a synonym) resolves to the value, said as it was said", () => {
    expect(
      modelOf("ja_JP").extractSlots("注文したかしつきを取り消したい", "CancelOrder", CTX.ja_JP!).ItemName,
    ).toEqual({ originalValue: "かしつき", interpretedValue: "かしつき", resolvedValues: ["加湿器"] });
  });

  it("a sample value keeps its resolution", () => {
    expect(modelOf("en_US").extractSlots("cancel the yoga mat", "CancelOrder", CTX.en_US!).ItemName).toEqual({
      originalValue: "yoga mat",
      interpretedValue: "yoga mat",
      resolvedValues: ["yoga mat"],
    });
  });
});

// The bot's own locale with the ItemName type switched to TOP_RESOLUTION: Lex then keeps to the values.
function withResolution(
  id: string,
  resolutionStrategy: RenderedSlotType["resolutionStrategy"],
): RenderedLocale {
  const locale = localeOf(id);
  return {
    ...locale,
    slotTypes: locale.slotTypes.map((t) => (t.name === "ItemName" ? { ...t, resolutionStrategy } : t)),
  };
}

describe.each([
  ["en_US", "cancel the garden hose", "cancel the yoga mat", "yoga mat"],
  ["ja_JP", "ガーデンホースをキャンセルしたい", "加湿器をキャンセルしたい", "加湿器"],
])("a TOP_RESOLUTION type, %s", (id, outside, sample, value) => {
  const locale = withResolution(id, "TOP_RESOLUTION");
  const model = trainNluWith(locale, trainingExamples(locale));

  it("captures nothing outside its values", () => {
    expect(model.extractSlots(outside, "CancelOrder", CTX[id]!).ItemName).toBeUndefined();
  });

  it("still fills its values", () => {
    expect(model.extractSlots(sample, "CancelOrder", CTX[id]!).ItemName?.interpretedValue).toBe(value);
  });
});
