import { describe, expect, it } from "vitest";
import { renderBot } from "../../bot/render.js";
import { trainNlu } from "../../local/lex/nlu/index.js";
import { CTX, localeOf, modelOf } from "./models.js";

const NASTY: [string, string][] = [
  ["empty", ""],
  ["whitespace", "   \t\n  "],
  ["emoji", "😀🙏🏽👨‍👩‍👧"],
  ["1,000 digits", "7".repeat(1000)],
  ["10,000 characters", "cancel my order ".repeat(625)],
  ["SSML", '<speak>cancel <break time="2s"/> my order <prosody rate="x-slow">now</prosody></speak>'],
  ["control characters", "cancel\u0000\u0007\u001b[31m my\u200b order\ufeff"],
  ["SQL injection", "'; DROP TABLE orders; --"],
  ["script tag", "<script>alert('x')</script>"],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal "${…}" is the point of this input
  ["template braces", "{OrderId} ${process.env} {{7*7}}"],
  ["lone surrogate", "\ud800 order \udfff"],
  ["RTL override", "\u202ereverse 1234"],
  ["only punctuation", "?!.,;:…。、！？"],
  ["keypad", "1234#"],
];

describe.each(["en_US", "ja_JP"])("bad input, %s", (id) => {
  const model = modelOf(id);
  const ctx = CTX[id]!;

  it.each(NASTY)("%s: no throw, confidences in 0..1, under 20 ms", (_name, text) => {
    const t0 = performance.now();
    const scores = model.classify(text);
    model.extractSlots(text, "CancelOrder", ctx);
    model.resolveSlot("CancelOrder", "OrderId", text, ctx);
    expect(performance.now() - t0).toBeLessThan(20);
    // Date slots hand the text to the date module, whose parsers warm up per input shape: not timed here.
    expect(() => model.extractSlots(text, "RequestCallback", ctx)).not.toThrow();
    expect(() => model.resolveSlot("ChangeShippingDate", "ShippingDate", text, ctx)).not.toThrow();
    expect(() => model.resolveSlot("RequestCallback", "CallbackTime", text, ctx)).not.toThrow();
    expect(scores.length).toBeGreaterThan(0);
    for (const s of scores) {
      expect(Number.isFinite(s.confidence)).toBe(true);
      expect(s.confidence).toBeGreaterThanOrEqual(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
  });

  it.each([
    ["empty", ""],
    ["emoji", "😀😀"],
    ["1,000 digits", "1".repeat(1000)],
    ["punctuation", "?!?!"],
  ])("%s falls under the confidence threshold", (_name, text) => {
    expect(model.classify(text)[0]!.confidence).toBeLessThan(localeOf(id).nluConfidenceThreshold);
  });

  it("does not take 1,000 digits as an order number or a phone number", () => {
    const digits = "1".repeat(1000);
    expect(model.resolveSlot("CancelOrder", "OrderId", digits, ctx)).toBeNull();
    expect(model.resolveSlot("RequestCallback", "CallbackNumber", digits, ctx)).toBeNull();
  });
});

describe("speech markup and invisible characters are ignored", () => {
  it.each([
    ["en_US", "<speak>cancel my order</speak>", "CancelOrder"],
    ["en_US", "cancel\u0000 my\u200b order", "CancelOrder"],
    ["ja_JP", "<speak>注文をキャンセルしたい</speak>", "CancelOrder"],
    ["ja_JP", "オペ\u200bレーター", "TransferToAgent"],
  ])("%s: %j → %s", (id, text, intent) => {
    expect(modelOf(id).classify(text)[0]?.intent).toBe(intent);
  });
});

describe("speed", () => {
  it("trains each locale in well under a second and classifies in under a millisecond", () => {
    for (const locale of renderBot().locales) {
      const t0 = performance.now();
      const model = trainNlu(locale);
      // Generous bound: CI machines are shared; `npm run nlu:report` prints the real figures.
      expect(performance.now() - t0).toBeLessThan(1500);
      const texts = locale.intents.flatMap((i) => i.utterances).slice(0, 50);
      for (const t of texts) model.classify(t);
      const t1 = performance.now();
      for (const t of texts) model.classify(t);
      expect((performance.now() - t1) / texts.length).toBeLessThan(1);
    }
  });
});
