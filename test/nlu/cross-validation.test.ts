/**
 * Cross-validation scores each held-back utterance as the emulator would hear it: a context-gated intent's
 * utterances (Affirm, Deny) with its input contexts active, every other utterance with none.
 */
import { describe, expect, it } from "vitest";
import { crossValidate } from "../../local/lex/nlu/evaluation.js";
import { trainingExamples } from "../../local/lex/nlu/index.js";
import { localeOf } from "./models.js";

describe.each(["en_US", "ja_JP"])("cross-validation %s", (id) => {
  const locale = localeOf(id);
  const gated = new Set(locale.intents.filter((i) => (i.inputContexts ?? []).length > 0).map((i) => i.name));
  const cv = crossValidate(locale, 5);

  it("scores every sample utterance once", () => {
    expect(cv.total).toBe(trainingExamples(locale).length);
  });

  it("has context-gated intents (Affirm and Deny)", () => {
    expect([...gated].sort()).toEqual(["Affirm", "Deny"]);
  });

  it("never predicts a context-gated intent for an utterance said without its context", () => {
    const leaked = cv.results.filter((r) => !gated.has(r.expected) && gated.has(r.predicted));
    expect(leaked).toEqual([]);
  });
});
