import { describe, expect, it } from "vitest";
import { formatSpokenDate, formatSpokenTime, parseKeypadDate } from "../../../fulfillment/src/dates/index.js";

const NOW = new Date("2026-11-24T01:00:00Z");

describe("formatSpokenDate", () => {
  it.each([
    ["2026-11-30", "ja_JP", "11月30日（月）"],
    ["2026-12-03", "ja_JP", "12月3日（木）"],
    ["2027-01-04", "ja_JP", "2027年1月4日（月）"],
    ["2026-11-30", "en_US", "Monday, November 30"],
    ["2026-12-03", "en_US", "Thursday, December 3"],
    ["2027-01-04", "en_US", "Monday, January 4, 2027"],
    ["2025-12-31", "en_US", "Wednesday, December 31, 2025"],
    ["2026-11-30", "fr_FR", "Monday, November 30"],
    ["2026-11-30", "ja", "11月30日（月）"],
  ])("says %s in %s as %s", (iso, localeId, expected) => {
    expect(formatSpokenDate(iso, localeId, { now: NOW })).toBe(expected);
  });

  it("leaves out the year when it is the current year in the shop's zone", () => {
    // 2026-12-31T15:30Z is already 2027 in Tokyo but still 2026 in New York.
    const now = new Date("2026-12-31T15:30:00Z");
    expect(formatSpokenDate("2027-01-01", "ja_JP", { now, timeZone: "Asia/Tokyo" })).toBe("1月1日（金）");
    expect(formatSpokenDate("2027-01-01", "en_US", { now, timeZone: "America/New_York" })).toBe(
      "Friday, January 1, 2027",
    );
  });

  it.each(["2026-02-30", "30/11/2026", ""])("throws RangeError for %j", (iso) => {
    expect(() => formatSpokenDate(iso, "en_US", { now: NOW })).toThrow(RangeError);
  });
});

describe("formatSpokenTime", () => {
  it.each([
    ["15:30", "ja_JP", "午後3時30分"],
    ["15:00", "ja_JP", "午後3時"],
    ["09:05", "ja_JP", "午前9時5分"],
    ["00:00", "ja_JP", "午前0時"],
    ["12:00", "ja_JP", "午後0時"],
    ["23:59", "ja_JP", "午後11時59分"],
    ["15:30", "en_US", "3:30 PM"],
    ["15:00", "en_US", "3 PM"],
    ["09:05", "en_US", "9:05 AM"],
    ["00:00", "en_US", "12 AM"],
    ["12:00", "en_US", "12 PM"],
    ["12:45", "de_DE", "12:45 PM"],
  ])("says %s in %s as %s", (hhmm, localeId, expected) => {
    expect(formatSpokenTime(hhmm, localeId)).toBe(expected);
  });

  it.each(["25:00", "3:30", "15:3", "noon", ""])("throws RangeError for %j", (hhmm) => {
    expect(() => formatSpokenTime(hhmm, "ja_JP")).toThrow(RangeError);
  });
});

describe("parseKeypadDate", () => {
  it.each([
    ["20261130", "2026-11-30"],
    ["20280229", "2028-02-29"],
    [" 20261130 ", "2026-11-30"],
    ["20270101", "2027-01-01"],
    ["20260230", null],
    ["20270229", null],
    ["20261301", null],
    ["20261100", null],
    ["2026113", null],
    ["202611300", null],
    ["2026-11-30", null],
    ["abcdefgh", null],
    ["２０２６１１３０", null],
    ["", null],
  ])("reads %j as %s", (digits, expected) => {
    expect(parseKeypadDate(digits)).toBe(expected);
  });
});
