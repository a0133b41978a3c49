import { describe, expect, it } from "vitest";
import { resolveDate, resolveTime } from "../../../fulfillment/src/dates/index.js";

const NOW = new Date("2026-11-24T01:00:00Z");
const BUDGET_MS = 5;

/** Median wall time of `runs` calls after a warm-up, so one GC pause on a busy CI box does not fail the test. */
function medianMs(fn: () => unknown, runs = 15): number {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

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
  ])("resolves 1,000 characters of %s text in under 5 ms (%#)", (localeId, timeZone, text) => {
    expect(text.length).toBeGreaterThanOrEqual(1000);
    const opts = { localeId, timeZone, now: NOW };
    expect(medianMs(() => resolveDate(text, opts))).toBeLessThan(BUDGET_MS);
    expect(medianMs(() => resolveTime(text, opts))).toBeLessThan(BUDGET_MS);
  });

  it("still finds a date at the end of a long sentence", () => {
    const text = `${filler("so I was thinking about my order and ", 985)} on friday`;
    expect(resolveDate(text, { localeId: "en_US", timeZone: "America/New_York", now: NOW })).toBe(
      "2026-11-27",
    );
    const ja = `${filler("えーと注文のことなんですけど", 990)}来週の金曜日`;
    expect(resolveDate(ja, { localeId: "ja_JP", timeZone: "Asia/Tokyo", now: NOW })).toBe("2026-12-04");
  });
});
