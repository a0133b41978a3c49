import { describe, expect, it } from "vitest";
import { CTX, modelOf } from "./models.js";

type Row = [text: string, intent: string, expected: Record<string, string | null>];

describe("extractSlots: values in free text, en_US", () => {
  it.each<Row>([
    // AMAZON.Date
    ["move my delivery to June 20th", "ChangeShippingDate", { ShippingDate: "2025-06-20" }],
    ["deliver it tomorrow", "ChangeShippingDate", { ShippingDate: "2025-06-11" }],
    ["can you deliver it on the 28th instead", "ChangeShippingDate", { ShippingDate: "2025-06-28" }],
    ["deliver order 4521 next Friday", "ChangeShippingDate", { OrderId: "4521", ShippingDate: "2025-06-20" }],
    // AMAZON.Time (ambiguous hour: interpretedValue null, like Lex)
    ["call me back at 3pm", "RequestCallback", { CallbackTime: "15:00" }],
    [
      "call me back tomorrow at 9:30 am",
      "RequestCallback",
      { CallbackDate: "2025-06-11", CallbackTime: "09:30" },
    ],
    ["call me back at 4", "RequestCallback", { CallbackTime: null }],
    // AMAZON.PhoneNumber
    ["call me back at 555-201-7788", "RequestCallback", { CallbackNumber: "5552017788" }],
    ["please call me at +1 415 555 0132", "RequestCallback", { CallbackNumber: "+14155550132" }],
    [
      "my number is 5 5 5 2 0 1 7 7 8 8 please call me back",
      "RequestCallback",
      { CallbackNumber: "5552017788" },
    ],
    // AlphaNumeric with regex: which number is which comes from the carrier phrases
    [
      "cancel order 7731, the phone number ends in 4455",
      "CancelOrder",
      { OrderId: "7731", PhoneLast4: "4455" },
    ],
    ["cancel order one two three four", "CancelOrder", { OrderId: "1234" }],
    ["where is order number 98765", "CheckOrderStatus", { OrderId: "98765" }],
    [
      "call me back at 555 201 7788 about order 4410",
      "RequestCallback",
      { CallbackNumber: "5552017788", OrderId: "4410" },
    ],
  ])("%s", (text, intent, expected) => {
    const slots = modelOf("en_US").extractSlots(text, intent, CTX.en_US!);
    for (const [name, value] of Object.entries(expected)) {
      if (value === null) {
        expect(slots[name]?.interpretedValue).toBeNull();
        expect(slots[name]?.resolvedValues).toEqual(["04:00", "16:00"]);
      } else expect(slots[name]?.interpretedValue).toBe(value);
    }
  });
});

describe("extractSlots: values a slot type rejects", () => {
  it.each([
    ["en_US", "cancel order 12"],
    ["en_US", "cancel order 12345678901234"],
    ["ja_JP", "注文12をキャンセル"],
  ])("%s: %s leaves OrderId empty", (id, text) => {
    expect(modelOf(id).extractSlots(text, "CancelOrder", CTX[id]!).OrderId).toBeUndefined();
  });
});

describe("extractSlots: values in free text, ja_JP", () => {
  it.each<Row>([
    ["配達日を6月20日に変更してください", "ChangeShippingDate", { ShippingDate: "2025-06-20" }],
    ["明日に届けてほしい", "ChangeShippingDate", { ShippingDate: "2025-06-11" }],
    [
      "注文3321を来週の金曜日に届けてほしいです",
      "ChangeShippingDate",
      { OrderId: "3321", ShippingDate: "2025-06-20" },
    ],
    [
      "明日の午後3時に電話をください",
      "RequestCallback",
      { CallbackDate: "2025-06-11", CallbackTime: "15:00" },
    ],
    ["十四時に電話をかけ直してほしい", "RequestCallback", { CallbackTime: "14:00" }],
    ["090-1234-5678に折り返し電話してください", "RequestCallback", { CallbackNumber: "09012345678" }],
    ["携帯の０９０１２３４５６７８にかけてください", "RequestCallback", { CallbackNumber: "09012345678" }],
    [
      "注文7731をキャンセル、電話番号の下4桁は4455です",
      "CancelOrder",
      { OrderId: "7731", PhoneLast4: "4455" },
    ],
    ["注文番号は８８２１です。キャンセルしてください", "CancelOrder", { OrderId: "8821" }],
    ["一二三四の注文をキャンセルしたいです", "CancelOrder", { OrderId: "1234" }],
    ["注文番号12345の状況を教えてください", "CheckOrderStatus", { OrderId: "12345" }],
    [
      "注文4410の件で090-1234-5678に折り返してください",
      "RequestCallback",
      { OrderId: "4410", CallbackNumber: "09012345678" },
    ],
  ])("%s", (text, intent, expected) => {
    const slots = modelOf("ja_JP").extractSlots(text, intent, CTX.ja_JP!);
    for (const [name, value] of Object.entries(expected)) expect(slots[name]?.interpretedValue).toBe(value);
  });
});

describe("resolveSlot: answers to slot prompts", () => {
  it.each<[string, string, string, string, string | null]>([
    ["en_US", "CancelOrder", "OrderId", "it's 1001", "1001"],
    ["en_US", "CancelOrder", "OrderId", "1001#", "1001"],
    ["en_US", "CancelOrder", "OrderId", "one oh oh one", "1001"],
    ["en_US", "CancelOrder", "OrderId", "the order number is ten oh one", "1001"],
    ["en_US", "CancelOrder", "OrderId", "１００１", "1001"],
    ["en_US", "CancelOrder", "OrderId", "I don't know", null],
    ["en_US", "CancelOrder", "OrderId", "12", null],
    ["en_US", "CancelOrder", "PhoneLast4", "one two three four", "1234"],
    ["en_US", "CancelOrder", "PhoneLast4", "1 2 3 4", "1234"],
    ["en_US", "CancelOrder", "PhoneLast4", "the last four digits are 5678", "5678"],
    ["en_US", "CancelOrder", "PhoneLast4", "12345", null],
    ["en_US", "ChangeShippingDate", "ShippingDate", "the 28th", "2025-06-28"],
    ["en_US", "ChangeShippingDate", "ShippingDate", "next Friday please", "2025-06-20"],
    ["en_US", "ChangeShippingDate", "ShippingDate", "no idea", null],
    ["en_US", "RequestCallback", "CallbackTime", "3:30 pm", "15:30"],
    ["en_US", "RequestCallback", "CallbackDate", "tomorrow", "2025-06-11"],
    ["en_US", "RequestCallback", "CallbackNumber", "+1 (415) 555-0132", "+14155550132"],
    [
      "en_US",
      "RequestCallback",
      "CallbackNumber",
      "five five five two zero one seven seven eight eight",
      "5552017788",
    ],
    ["ja_JP", "CancelOrder", "OrderId", "1001です", "1001"],
    ["ja_JP", "CancelOrder", "OrderId", "１００１", "1001"],
    ["ja_JP", "CancelOrder", "OrderId", "いちぜろぜろいち", "1001"],
    ["ja_JP", "CancelOrder", "OrderId", "千一番です", "1001"],
    ["ja_JP", "CancelOrder", "OrderId", "わかりません", null],
    ["ja_JP", "CancelOrder", "PhoneLast4", "下4桁は5678です", "5678"],
    ["ja_JP", "CancelOrder", "PhoneLast4", "ごーろくななはち", "5678"],
    ["ja_JP", "ChangeShippingDate", "ShippingDate", "28日でお願いします", "2025-06-28"],
    ["ja_JP", "ChangeShippingDate", "ShippingDate", "来週の金曜日", "2025-06-20"],
    ["ja_JP", "RequestCallback", "CallbackDate", "明後日", "2025-06-12"],
    ["ja_JP", "RequestCallback", "CallbackTime", "午後3時頃", "15:00"],
    ["ja_JP", "RequestCallback", "CallbackTime", "15時半", "15:30"],
    ["ja_JP", "RequestCallback", "CallbackNumber", "090-1234-5678です", "09012345678"],
    [
      "ja_JP",
      "RequestCallback",
      "CallbackNumber",
      "ぜろきゅうぜろ、いちにさんよん、ごろくななはち",
      "09012345678",
    ],
  ])("%s %s.%s: %s → %s", (id, intent, slot, text, expected) => {
    const v = modelOf(id).resolveSlot(intent, slot, text, CTX[id]!);
    if (expected === null) expect(v).toBeNull();
    else {
      expect(v?.interpretedValue).toBe(expected);
      expect(v?.resolvedValues).toEqual([expected]);
    }
  });

  it("returns null for an unknown intent or slot", () => {
    expect(modelOf("en_US").resolveSlot("NoSuchIntent", "OrderId", "1234", CTX.en_US!)).toBeNull();
    expect(modelOf("en_US").resolveSlot("CancelOrder", "NoSuchSlot", "1234", CTX.en_US!)).toBeNull();
  });
});

// Lex documents no keypad format for AMAZON.Date: keyed digits fill it only behind the emulator's
// --keypad-dates switch (local/FIDELITY.md); the code hook reads YYYYMMDD from the transcript itself.
describe("resolveSlot: keypad dates (with the keypadDates switch)", () => {
  it.each([
    ["en_US", "20250620#", "2025-06-20"],
    ["ja_JP", "20250620", "2025-06-20"],
    ["en_US", "20251345", null],
    ["en_US", "1234", null],
  ])("%s %s → %s", (id, text, expected) => {
    const ctx = { ...CTX[id]!, keypadDates: true };
    expect(
      modelOf(id).resolveSlot("ChangeShippingDate", "ShippingDate", text, ctx)?.interpretedValue ?? null,
    ).toBe(expected);
  });

  it.each(["en_US", "ja_JP"])("%s: without the switch keyed digits fill no date, as in Lex", (id) => {
    expect(modelOf(id).resolveSlot("ChangeShippingDate", "ShippingDate", "20250620", CTX[id]!)).toBeNull();
  });
});
