import { describe, expect, it } from "vitest";
import { isVagueSpan } from "../../../fulfillment/src/dates/index.js";
import { shopDateOf } from "../../../fulfillment/src/lex/slot-dates.js";
import { lexSpanDate } from "../../../local/lex/nlu/lex-date-spans.js";

// 2026-11-27 08:00 in Tokyo (a Friday) is 2026-11-26 18:00 in New York, where a us-east-1 bot resolves dates.
const NOW = new Date("2026-11-27T08:00:00+09:00");
const TOKYO = { localeId: "ja_JP", timeZone: "Asia/Tokyo", now: NOW };
const slot = (originalValue: string, interpretedValue: string | null) => ({
  shape: "Scalar" as const,
  value: { originalValue, interpretedValue, resolvedValues: interpretedValue ? [interpretedValue] : [] },
});

describe("shopDateOf: the caller's day in the shop's zone, not the Region's", () => {
  it.each([
    ["明日", "2026-11-27", "2026-11-28"],
    ["明後日", "2026-11-28", "2026-11-29"],
    ["あさって", null, "2026-11-29"],
  ])("%s: Lex said %s, the hook reads %s", (said, lex, expected) => {
    expect(shopDateOf({ slot: slot(said, lex), transcript: undefined, options: TOKYO })).toBe(expected);
  });

  it("reads the transcript when the slot is empty", () => {
    expect(shopDateOf({ slot: null, transcript: "明日でお願いします", options: TOKYO })).toBe("2026-11-28");
  });

  it("takes Lex's value for words our module does not read", () => {
    expect(
      shopDateOf({ slot: slot("the feast day", "2026-12-08"), transcript: undefined, options: TOKYO }),
    ).toBe("2026-12-08");
  });

  it.each(["来週", "来月"])("%s is no day, whatever Lex filled", (said) => {
    expect(shopDateOf({ slot: slot(said, "2026-11-29"), transcript: said, options: TOKYO })).toBeUndefined();
  });

  it("reads 8 keyed digits as YYYYMMDD", () => {
    expect(shopDateOf({ slot: null, transcript: "20261203", options: TOKYO })).toBe("2026-12-03");
  });
});

describe("isVagueSpan", () => {
  it.each([
    ["en_US", "next week", true],
    ["en_US", "sometime next month", true],
    ["en_US", "next friday", false],
    ["en_US", "tomorrow", false],
    ["ja_JP", "来週", true],
    ["ja_JP", "明日", false],
  ])("%s %s → %s", (localeId, text, expected) => {
    expect(isVagueSpan(text, localeId)).toBe(expected);
  });
});

describe("lexSpanDate: what Lex's AMAZON.Date makes of a day-less span", () => {
  const ny = (text: string, localeId = "en_US") => lexSpanDate(text, localeId, "America/New_York", NOW);
  it.each([
    // Thursday 2026-11-26 in New York: this ISO week runs Monday 23 to Sunday 29.
    ["next week", "2026-11-29"],
    ["this week", "2026-11-23"],
    ["next month", "2026-12-31"],
    ["next year", "2027-12-31"],
    ["tomorrow", null],
  ])("%s → %s", (text, expected) => {
    expect(ny(text)).toBe(expected);
  });

  it("来週 and 来月 the same way", () => {
    expect(ny("来週", "ja_JP")).toBe("2026-11-29");
    expect(ny("来月", "ja_JP")).toBe("2026-12-31");
  });
});
