import { describe, expect, it } from "vitest";
import { renderBot } from "../../bot/render.js";
import { trainNlu } from "../../local/lex/nlu/index.js";
import { medianMs } from "../support/timing.js";
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

  it.each(NASTY)("%s: no throw, confidences in 0..1, at most 10× plain text of its length", (_name, text) => {
    const understand = (t: string) => () => {
      model.classify(t);
      model.extractSlots(t, "CancelOrder", ctx);
      model.resolveSlot("CancelOrder", "OrderId", t, ctx);
    };
    // A ratio to ordinary text of the same length in the same run, not a wall-clock budget: catches runaway
    // (super-linear) work on hostile input whatever the machine's load.
    const plain = "cancel my order "
      .repeat(Math.ceil(Math.max(text.length, 16) / 16))
      .slice(0, Math.max(text.length, 16));
    expect(medianMs(understand(text))).toBeLessThanOrEqual(10 * medianMs(understand(plain)) + 0.05);
    const scores = model.classify(text);
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

describe("training", () => {
  // Training time and latency are figures of `npm run nlu:report` and `npm run bench`, not timed tests.
  it("trains each locale from scratch into a model that classifies its own utterances", () => {
    for (const locale of renderBot().locales) {
      const model = trainNlu(locale);
      const texts = locale.intents.flatMap((i) => i.utterances.slice(0, 3).map((u) => [i.name, u] as const));
      const right = texts.filter(
        ([intent, u]) => model.classify(u.replace(/\{\w+\}/g, "1234"))[0]?.intent === intent,
      );
      expect(right.length / texts.length).toBeGreaterThanOrEqual(0.9);
    }
  });
});
