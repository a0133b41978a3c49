import { describe, expect, it } from "vitest";
import { resolveDate, resolveTime } from "../../../fulfillment/src/dates/index.js";
import { medianMs } from "../../support/timing.js";

const NOW = new Date("2026-11-24T01:00:00Z");
// Hostile input may cost at most this many times ordinary text of the same length, measured in the same run: a
// ratio to a baseline holds whatever the machine's load, where a wall-clock budget cannot. Repeated date-like
// tokens ("12/12/12/…") legitimately cost a few hundred times more (every token is a candidate date); a runaway
// (exponential) regex costs many orders of magnitude more.
const MAX_RATIO = 2000;

const filler = (unit: string, length = 1000): string =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

describe("long and hostile input", () => {
  it.each([
    ["en_US", "America/New_York", `${filler("so I was thinking about my order and ", 985)} on friday 12/10`],
    ["en_US", "America/New_York", filler("1")],
    ["en_US", "America/New_York", filler("at ")],
    ["en_US", "America/New_York", filler("12/")],
    ["en_US", "America/New_York", filler("the 1st of ")],
    ["en_US", "America/New_York", filler("in two weeks from ")],
    ["en_US", "America/New_York", filler("🙂")],
    ["ja_JP", "Asia/Tokyo", `${filler("えーと注文のことなんですけど", 994)}来週の金曜日`],
    ["ja_JP", "Asia/Tokyo", filler("一")],
    ["ja_JP", "Asia/Tokyo", filler("３日後の")],
    ["ja_JP", "Asia/Tokyo", filler("来週の")],
    ["ja_JP", "Asia/Tokyo", filler("12月")],
  ])(
    "resolves 1,000 characters of %s text at a bounded multiple of ordinary text (%#)",
    (localeId, timeZone, text) => {
      expect(text.length).toBeGreaterThanOrEqual(1000);
      const opts = { localeId, timeZone, now: NOW };
      const ordinary = filler(
        localeId === "ja_JP" ? "えーと注文のことなんですけど" : "so I was thinking about my order and ",
      );
      const baseDate = medianMs(() => resolveDate(ordinary, opts));
      const baseTime = medianMs(() => resolveTime(ordinary, opts));
      // + 0.1 ms: below that, timer resolution and not the parser decides.
      expect(medianMs(() => resolveDate(text, opts))).toBeLessThanOrEqual(MAX_RATIO * baseDate + 0.1);
      expect(medianMs(() => resolveTime(text, opts))).toBeLessThanOrEqual(MAX_RATIO * baseTime + 0.1);
    },
  );

  it("still finds a date at the end of a long sentence", () => {
    const text = `${filler("so I was thinking about my order and ", 985)} on friday`;
    expect(resolveDate(text, { localeId: "en_US", timeZone: "America/New_York", now: NOW })).toBe(
      "2026-11-27",
    );
    const ja = `${filler("えーと注文のことなんですけど", 990)}来週の金曜日`;
    expect(resolveDate(ja, { localeId: "ja_JP", timeZone: "Asia/Tokyo", now: NOW })).toBe("2026-12-04");
  });
});
