import { describe, expect, it } from "vitest";
import { isAsap, resolveTime, type TimeResolution } from "../../../fulfillment/src/dates/index.js";

const NOW = new Date("2026-11-24T01:00:00Z");

function time(text: string, localeId: string): TimeResolution | null {
  const timeZone = localeId === "ja_JP" ? "Asia/Tokyo" : "America/New_York";
  return resolveTime(text, { localeId, timeZone, now: NOW });
}

const fixed = (t: string): TimeResolution => ({ time: t, candidates: [t] });
const either = (am: string, pm: string): TimeResolution => ({ time: null, candidates: [am, pm] });

describe("resolveTime (ja_JP)", () => {
  it.each([
    ["午後3時", fixed("15:00")],
    ["15時半", fixed("15:30")],
    ["午前10時30分", fixed("10:30")],
    ["3時", either("03:00", "15:00")],
    ["３時", either("03:00", "15:00")],
    ["10時ごろ", either("10:00", "22:00")],
    ["12時", either("00:00", "12:00")],
    ["夕方5時", fixed("17:00")],
    ["夕方の5時", fixed("17:00")],
    ["正午", fixed("12:00")],
    ["十五時", fixed("15:00")],
    ["午後三時半", fixed("15:30")],
    ["午後3時15分", fixed("15:15")],
    ["朝9時", fixed("09:00")],
    ["夜8時", fixed("20:00")],
    ["今夜8時に電話して", fixed("20:00")],
    ["夜12時", fixed("00:00")],
    ["午前0時", fixed("00:00")],
    ["午後0時", fixed("12:00")],
    ["昼1時", fixed("13:00")],
    ["明日の午後2時にお願いします", fixed("14:00")],
    ["１５：００", fixed("15:00")],
    ["15:45", fixed("15:45")],
    ["10:30", either("10:30", "22:30")],
    ["09:30", fixed("09:30")],
    ["3時から5時の間", either("03:00", "15:00")],
    ["3時十分", either("03:10", "15:10")],
    ["4時半ごろ", either("04:30", "16:30")],
    ["午後4時45分", fixed("16:45")],
    ["夜の9時", fixed("21:00")],
    ["来週の金曜日の午後3時", fixed("15:00")],
  ])("reads %s", (text, expected) => {
    expect(time(text, "ja_JP")).toEqual(expected);
  });

  it.each(["3時間後", "一緒に", "", "asdf", "🙂", "24時", "明日", "できるだけ早く"])(
    "finds no time in %j",
    (text) => {
      expect(time(text, "ja_JP")).toBeNull();
    },
  );
});

describe("resolveTime (en_US)", () => {
  it.each([
    ["3 pm", fixed("15:00")],
    ["3pm", fixed("15:00")],
    ["3 p.m.", fixed("15:00")],
    ["3:30pm", fixed("15:30")],
    ["3:30 PM", fixed("15:30")],
    ["at 3:30pm", fixed("15:30")],
    ["call me tomorrow at 5pm", fixed("17:00")],
    ["10 am", fixed("10:00")],
    ["ten am", fixed("10:00")],
    ["12 pm", fixed("12:00")],
    ["12 am", fixed("00:00")],
    ["12:30 pm", fixed("12:30")],
    ["noon", fixed("12:00")],
    ["12 noon", fixed("12:00")],
    ["midnight", fixed("00:00")],
    ["15:00", fixed("15:00")],
    ["09:30", fixed("09:30")],
    ["00:15", fixed("00:15")],
    ["at 13", fixed("13:00")],
    ["half past two", either("02:30", "14:30")],
    ["half past two in the afternoon", fixed("14:30")],
    ["quarter to five", either("04:45", "16:45")],
    ["quarter past 3", either("03:15", "15:15")],
    ["quarter to one", either("00:45", "12:45")],
    ["twenty past four pm", fixed("16:20")],
    ["at 10", either("10:00", "22:00")],
    ["10 o'clock", either("10:00", "22:00")],
    ["10", either("10:00", "22:00")],
    ["ten", either("10:00", "22:00")],
    ["ten thirty", either("10:30", "22:30")],
    ["ten oh five", either("10:05", "22:05")],
    ["call me at 4:15", either("04:15", "16:15")],
    ["around 5", either("05:00", "17:00")],
    ["at 9:30 in the morning", fixed("09:30")],
    ["3 in the afternoon", fixed("15:00")],
    ["8 tonight", fixed("20:00")],
    ["at 7 this evening", fixed("19:00")],
    ["11 at night", fixed("23:00")],
    ["good morning, at 3 please", either("03:00", "15:00")],
  ])("reads %j", (text, expected) => {
    expect(time(text, "en_US")).toEqual(expected);
  });

  it.each([
    "asdf",
    "",
    "in 3 days",
    "in about 2 weeks",
    "order 12345",
    "asap",
    "3 items",
    "25:00",
    "tomorrow",
  ])("finds no time in %j", (text) => {
    expect(time(text, "en_US")).toBeNull();
  });
});

describe("isAsap", () => {
  it.each([
    ["as soon as possible", "en_US", true],
    ["ASAP please", "en_US", true],
    ["now", "en_US", true],
    ["right now", "en_US", true],
    ["call me now please", "en_US", true],
    ["right away", "en_US", true],
    ["immediately", "en_US", true],
    ["I'm busy right now", "en_US", false],
    ["tomorrow at 3", "en_US", false],
    ["I know", "en_US", false],
    ["", "en_US", false],
    ["できるだけ早く", "ja_JP", true],
    ["至急", "ja_JP", true],
    ["すぐ", "ja_JP", true],
    ["今すぐお願いします", "ja_JP", true],
    ["今", "ja_JP", true],
    ["なるべく早くお願いします", "ja_JP", true],
    ["明日の午後", "ja_JP", false],
    ["", "ja_JP", false],
  ])("reads %j (%s) as %s", (text, localeId, expected) => {
    expect(isAsap(text, localeId)).toBe(expected);
  });
});
