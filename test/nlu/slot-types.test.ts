/**
 * Built-in and custom slot types the Orderline bot does not use today (AMAZON.Number, plain
 * AMAZON.AlphaNumeric, custom values with synonyms), exercised on a small fixture locale.
 */
import { describe, expect, it } from "vitest";
import type { RenderedIntent, RenderedLocale, RenderedSlot } from "../../bot/types.js";
import { trainNlu } from "../../local/lex/nlu/index.js";
import { CTX } from "./models.js";

function slot(name: string, slotType: string): RenderedSlot {
  return { name, slotType, required: false, maxRetries: 2, prompts: ["?"], sampleUtterances: [`{${name}}`] };
}

function intent(name: string, utterances: string[], slots: RenderedSlot[]): RenderedIntent {
  return {
    name,
    utterances,
    slots,
    confirmation: false,
    dialogCodeHook: false,
    fulfillmentCodeHook: true,
    confirmationPrompts: [],
  };
}

function fixture(localeId: "en_US" | "ja_JP"): RenderedLocale {
  const en = localeId === "en_US";
  const slots = [slot("Quantity", "AMAZON.Number"), slot("Colour", "Colour"), slot("Voucher", "VoucherCode")];
  return {
    localeId,
    languageCode: en ? "en-US" : "ja-JP",
    voice: { voiceId: en ? "Joanna" : "Takumi", engine: "neural" },
    nluConfidenceThreshold: 0.4,
    timeZone: en ? "America/New_York" : "Asia/Tokyo",
    intents: [
      intent(
        "BuyItems",
        en
          ? [
              "I want {Quantity} {Colour} shirts",
              "buy {Quantity} shirts",
              "order {Colour} shirts with code {Voucher}",
            ]
          : [
              "{Colour}のシャツを{Quantity}枚ください",
              "シャツを{Quantity}枚買いたい",
              "クーポン{Voucher}で{Colour}のシャツを買う",
            ],
        slots,
      ),
      intent("Goodbye", en ? ["bye", "goodbye", "see you"] : ["さようなら", "またね", "失礼します"], []),
    ],
    slotTypes: [
      {
        name: "Colour",
        resolutionStrategy: "TOP_RESOLUTION",
        values: [
          { value: "red", synonyms: en ? ["crimson", "scarlet"] : ["赤", "赤色", "レッド"] },
          { value: "blue", synonyms: en ? ["navy", "azure"] : ["青", "青色", "ブルー"] },
        ],
      },
      {
        name: "VoucherCode",
        parentSlotTypeSignature: "AMAZON.AlphaNumeric",
        resolutionStrategy: "ORIGINAL_VALUE",
        values: [],
      },
    ],
  };
}

describe.each(["en_US", "ja_JP"] as const)("fixture slot types, %s", (id) => {
  const model = trainNlu(fixture(id));
  const ctx = CTX[id]!;

  it.each(
    id === "en_US"
      ? [
          ["25", "25"],
          ["twenty five", "25"],
          ["one hundred and two", "102"],
          ["minus 15", "-15"],
          ["2.5", "2.5"],
          ["１２３", "123"],
        ]
      : [
          ["二十五", "25"],
          ["百二", "102"],
          ["１２３", "123"],
          ["千二百三十四", "1234"],
          ["マイナス15", "-15"],
          ["25枚", "25"],
        ],
  )("AMAZON.Number: %s → %s", (text, expected) => {
    expect(model.resolveSlot("BuyItems", "Quantity", text, ctx)?.interpretedValue).toBe(expected);
  });

  it.each(
    id === "en_US"
      ? [
          ["crimson", "red"],
          ["Navy please", "blue"],
          ["red", "red"],
        ]
      : [
          ["赤色でお願いします", "red"],
          ["ブルー", "blue"],
          ["青", "blue"],
        ],
  )("custom type with synonyms (TOP_RESOLUTION): %s → %s", (text, expected) => {
    const v = model.resolveSlot("BuyItems", "Colour", text, ctx);
    expect(v?.interpretedValue).toBe(expected);
    expect(v?.resolvedValues).toEqual([expected]);
  });

  it("rejects a value outside a TOP_RESOLUTION type", () => {
    expect(model.resolveSlot("BuyItems", "Colour", id === "en_US" ? "green" : "緑", ctx)).toBeNull();
  });

  it("reads plain AMAZON.AlphaNumeric letters and digits", () => {
    expect(model.resolveSlot("BuyItems", "Voucher", "ab12c", ctx)?.interpretedValue).toBe("AB12C");
  });

  it("extracts number and synonym from one sentence", () => {
    const text = id === "en_US" ? "I want twenty five scarlet shirts" : "レッドのシャツを二十五枚ください";
    const slots = model.extractSlots(text, "BuyItems", ctx);
    expect(slots.Quantity?.interpretedValue).toBe("25");
    expect(slots.Colour?.interpretedValue).toBe("red");
  });

  it("classifies with custom values replaced by their type", () => {
    const text = id === "en_US" ? "I want 3 azure shirts" : "青のシャツを3枚ください";
    expect(model.classify(text)[0]?.intent).toBe("BuyItems");
  });
});
