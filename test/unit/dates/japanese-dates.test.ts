import { describe, expect, it } from "vitest";
import { resolveDate } from "../../../fulfillment/src/dates/index.js";

const TOKYO = "Asia/Tokyo";
// Tuesday 2026-11-24 10:00 in Tokyo.
const TUE = "2026-11-24T01:00:00Z";
// Friday 2026-11-20 15:30 UTC is already Saturday 2026-11-21 00:30 in Tokyo.
const PAST_MIDNIGHT = "2026-11-20T15:30:00Z";
// Friday 2026-11-20 23:59 in Tokyo, one minute before the date changes.
const BEFORE_MIDNIGHT = "2026-11-20T14:59:00Z";
// Monday 2026-12-28 12:00 in Tokyo: late December, next year is days away.
const LATE_DECEMBER = "2026-12-28T03:00:00Z";
// Monday 2026-11-30 10:00 in Tokyo: the last day of the month.
const MONTH_LAST_DAY = "2026-11-30T01:00:00Z";
// Sunday 2027-01-10 in Tokyo: next month (February 2027) has 28 days.
const JANUARY = "2027-01-10T01:00:00Z";

function ja(text: string, now: string, timeZone = TOKYO): string | null {
  return resolveDate(text, { localeId: "ja_JP", timeZone, now: new Date(now) });
}

describe("resolveDate (ja_JP)", () => {
  it.each([
    // named days
    ["今日", TUE, "2026-11-24"],
    ["本日", TUE, "2026-11-24"],
    ["きょう届けてください", TUE, "2026-11-24"],
    ["明日", TUE, "2026-11-25"],
    ["あした", TUE, "2026-11-25"],
    ["あすでお願いします", TUE, "2026-11-25"],
    ["明後日", TUE, "2026-11-26"],
    ["あさって", TUE, "2026-11-26"],
    ["しあさって", TUE, "2026-11-27"],
    ["明々後日", TUE, "2026-11-27"],
    // N days / weeks later, arabic, full-width and kanji numerals
    ["3日後", TUE, "2026-11-27"],
    ["３日後", TUE, "2026-11-27"],
    ["三日後", TUE, "2026-11-27"],
    ["十日後", TUE, "2026-12-04"],
    ["10日後", TUE, "2026-12-04"],
    ["十四日後にしてください", TUE, "2026-12-08"],
    ["二週間後", TUE, "2026-12-08"],
    ["2週間後", TUE, "2026-12-08"],
    ["１週間後", TUE, "2026-12-01"],
    ["1か月後", TUE, "2026-12-24"],
    // weekdays: bare is the coming one after today; 今週/来週/再来週 name a Monday-based week
    ["来週の金曜日に届けてほしいです", TUE, "2026-12-04"],
    ["来週金曜", TUE, "2026-12-04"],
    ["来週の日曜日", TUE, "2026-12-06"],
    ["再来週の月曜", TUE, "2026-12-07"],
    ["今週の金曜日", TUE, "2026-11-27"],
    ["今週の月曜日", TUE, "2026-11-23"],
    ["金曜日", TUE, "2026-11-27"],
    ["金曜", TUE, "2026-11-27"],
    ["火曜日", TUE, "2026-12-01"],
    ["次の火曜日でお願いします", TUE, "2026-12-01"],
    ["日曜日", TUE, "2026-11-29"],
    ["きんようびに", TUE, "2026-11-27"],
    ["えーと、来週の水曜日でお願いします", TUE, "2026-12-02"],
    // weekends and month ends
    ["今週末", TUE, "2026-11-28"],
    ["週末に届けて", TUE, "2026-11-28"],
    ["来週末", TUE, "2026-12-05"],
    ["月末", TUE, "2026-11-30"],
    ["月末", MONTH_LAST_DAY, "2026-12-31"],
    ["来月末", TUE, "2026-12-31"],
    // day of a relative month
    ["来月の5日", TUE, "2026-12-05"],
    ["来月5日", TUE, "2026-12-05"],
    ["再来月の1日", TUE, "2027-01-01"],
    ["今月の30日", TUE, "2026-11-30"],
    ["来月の30日", JANUARY, null],
    // month and day: the next occurrence, a past date this year rolls to next year
    ["12月3日", TUE, "2026-12-03"],
    ["十二月三日", TUE, "2026-12-03"],
    ["12月3日に変更してください", TUE, "2026-12-03"],
    ["１２月３日", TUE, "2026-12-03"],
    ["11月1日", TUE, "2027-11-01"],
    ["11月24日", TUE, "2026-11-24"],
    ["２月２９日", TUE, "2028-02-29"],
    ["2月30日", TUE, null],
    // day of month alone: the next such day
    ["5日", TUE, "2026-12-05"],
    ["25日にお願いします", TUE, "2026-11-25"],
    ["24日", TUE, "2026-11-24"],
    ["31日", TUE, "2026-12-31"],
    ["三十日", TUE, "2026-11-30"],
    // full dates
    ["2026年12月3日", TUE, "2026-12-03"],
    ["二〇二六年十二月三日", TUE, "2026-12-03"],
    ["2027年2月29日", TUE, null],
    ["2026/12/3", TUE, "2026-12-03"],
    ["２０２６／１２／３", TUE, "2026-12-03"],
    ["12/3", TUE, "2026-12-03"],
    ["令和8年12月3日", TUE, "2026-12-03"],
    ["来年の1月5日", TUE, "2027-01-05"],
    ["配送日を明後日にしてもらえますか", TUE, "2026-11-26"],
    // phrasing seen in real replies
    ["来週の金曜日か土曜日", TUE, "2026-12-04"],
    ["十一月二十日", TUE, "2027-11-20"],
    ["二十日", TUE, "2026-12-20"],
    ["12月3日(木)", TUE, "2026-12-03"],
    ["今月末", TUE, "2026-11-30"],
    ["3日の午後", TUE, "2026-12-03"],
    ["月曜日から金曜日", TUE, "2026-11-30"],
    ["来週の金曜日の午後3時", TUE, "2026-12-04"],
  ])("reads %s (now %s) as %s", (text, now, expected) => {
    expect(ja(text, now)).toBe(expected);
  });

  it.each([
    // Tokyo is already on the 21st although UTC is still on the 20th.
    ["今日", PAST_MIDNIGHT, "2026-11-21"],
    ["明日", PAST_MIDNIGHT, "2026-11-22"],
    ["金曜日", PAST_MIDNIGHT, "2026-11-27"],
    ["今週末", PAST_MIDNIGHT, "2026-11-21"],
    ["今日", BEFORE_MIDNIGHT, "2026-11-20"],
    ["明日", BEFORE_MIDNIGHT, "2026-11-21"],
  ])("reads %s relative to the Tokyo date at %s", (text, now, expected) => {
    expect(ja(text, now)).toBe(expected);
  });

  it("reads the same words relative to the shop's zone, not Japan's", () => {
    expect(ja("今日", PAST_MIDNIGHT, "America/New_York")).toBe("2026-11-20");
  });

  it.each([
    ["1月5日", "2027-01-05"],
    ["12月30日", "2026-12-30"],
    ["12月1日", "2027-12-01"],
    ["5日", "2027-01-05"],
    ["来月の5日", "2027-01-05"],
    ["3日後", "2026-12-31"],
    ["5日後", "2027-01-02"],
    ["月末", "2026-12-31"],
    ["来週の月曜日", "2027-01-04"],
    ["1/5", "2027-01-05"],
  ])("rolls %s over into the new year in late December", (text, expected) => {
    expect(ja(text, LATE_DECEMBER)).toBe(expected);
  });

  it.each([
    "asdf",
    "",
    "   ",
    "🙂🙂🙂",
    "よろしくお願いします",
    "一緒に",
    "3日間",
    "一日中",
    "来週",
    "3時間後",
    "注文番号は12345です",
    "オペレーターと話したい",
  ])("finds no date in %j", (text) => {
    expect(ja(text, TUE)).toBeNull();
  });
});
