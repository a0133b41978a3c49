import { describe, expect, it } from "vitest";
import { resolveDate } from "../../../fulfillment/src/dates/index.js";

const NEW_YORK = "America/New_York";
// Tuesday 2026-11-24 10:00 in New York.
const TUE = "2026-11-24T15:00:00Z";
// Friday 2026-11-20 23:30 in New York while UTC is already on the 21st.
const BEFORE_MIDNIGHT = "2026-11-21T04:30:00Z";
// Saturday 2026-11-21 00:30 in New York.
const AFTER_MIDNIGHT = "2026-11-21T05:30:00Z";
// Monday 2026-12-28 12:00 in New York.
const LATE_DECEMBER = "2026-12-28T17:00:00Z";
// Thursday 2026-12-31 12:00 in New York.
const NEW_YEARS_EVE = "2026-12-31T17:00:00Z";
// Spring forward, Sunday 2026-03-08: 01:30 EST, then 03:30 EDT.
const SPRING_BEFORE = "2026-03-08T06:30:00Z";
const SPRING_AFTER = "2026-03-08T07:30:00Z";
// Fall back, Sunday 2026-11-01: 01:30 EDT, then 01:30 EST an hour later.
const FALL_FIRST = "2026-11-01T05:30:00Z";
const FALL_SECOND = "2026-11-01T06:30:00Z";
// Saturday 2026-03-07 23:30 EST, the night before spring-forward.
const EVE_OF_SPRING = "2026-03-08T04:30:00Z";

function en(text: string, now: string, timeZone = NEW_YORK): string | null {
  return resolveDate(text, { localeId: "en_US", timeZone, now: new Date(now) });
}

describe("resolveDate (en_US)", () => {
  it.each([
    // named days
    ["today", "2026-11-24"],
    ["tonight", "2026-11-24"],
    ["Today please", "2026-11-24"],
    ["tomorrow", "2026-11-25"],
    ["tmrw", "2026-11-25"],
    ["I'd like it delivered tomorrow please", "2026-11-25"],
    ["the day after tomorrow", "2026-11-26"],
    ["day after tomorrow", "2026-11-26"],
    ["yesterday", "2026-11-23"],
    // weekdays: bare is the coming one after today, "this" includes today, "next" is next week's
    ["friday", "2026-11-27"],
    ["Friday", "2026-11-27"],
    ["can you deliver it on friday instead", "2026-11-27"],
    ["tuesday", "2026-12-01"],
    ["this tuesday", "2026-11-24"],
    ["this friday", "2026-11-27"],
    ["this coming friday", "2026-11-27"],
    ["next friday", "2026-12-04"],
    ["next monday", "2026-11-30"],
    ["next tuesday", "2026-12-01"],
    ["monday next week", "2026-11-30"],
    ["next week on wednesday", "2026-12-02"],
    ["friday this week", "2026-11-27"],
    ["friday after next", "2026-12-11"],
    ["sunday", "2026-11-29"],
    ["saturday", "2026-11-28"],
    ["thurs", "2026-11-26"],
    ["can we push it to next friday", "2026-12-04"],
    // weekends and month ends
    ["this weekend", "2026-11-28"],
    ["over the weekend", "2026-11-28"],
    ["next weekend", "2026-12-05"],
    ["end of the month", "2026-11-30"],
    ["by the end of next month", "2026-12-31"],
    // day of month alone: the next such day
    ["the 28th", "2026-11-28"],
    ["on the 28th", "2026-11-28"],
    ["ship it on the 28th instead", "2026-11-28"],
    ["the 24th", "2026-11-24"],
    ["the 3rd", "2026-12-03"],
    ["on the 31st", "2026-12-31"],
    ["on the twenty eighth", "2026-11-28"],
    ["the fifth", "2026-12-05"],
    ["on the 5th please", "2026-12-05"],
    // counted offsets, digits and words
    ["a week from today", "2026-12-01"],
    ["a week from tomorrow", "2026-12-02"],
    ["two weeks from today", "2026-12-08"],
    ["in 3 days", "2026-11-27"],
    ["in three days", "2026-11-27"],
    ["in two weeks", "2026-12-08"],
    ["in a week", "2026-12-01"],
    ["in a couple of days", "2026-11-26"],
    ["in ten days", "2026-12-04"],
    ["in twenty-one days", "2026-12-15"],
    ["in a fortnight", "2026-12-08"],
    ["in 1 month", "2026-12-24"],
    // numeric dates are US month/day
    ["12/10", "2026-12-10"],
    ["12/10/2026", "2026-12-10"],
    ["1/5", "2027-01-05"],
    ["11/1", "2027-11-01"],
    ["２/２８", "2027-02-28"],
    ["2026-12-03", "2026-12-03"],
    // month names
    ["December 3rd", "2026-12-03"],
    ["Dec 3", "2026-12-03"],
    ["3rd of December", "2026-12-03"],
    ["the 3rd of December", "2026-12-03"],
    ["december third", "2026-12-03"],
    ["December 3, 2027", "2027-12-03"],
    ["november 1", "2027-11-01"],
    ["November 24", "2026-11-24"],
    ["Actually make it December 3rd", "2026-12-03"],
    ["Dec. 3rd", "2026-12-03"],
    ["3 Dec", "2026-12-03"],
    ["the fifth of december", "2026-12-05"],
    ["the 5th of January 2027", "2027-01-05"],
    ["may 5", "2027-05-05"],
    ["feb 29", "2028-02-29"],
    ["February 30", null],
    ["December 3rd at 3pm", "2026-12-03"],
    // phrasing seen in real replies
    ["may I have it on the 5th", "2026-12-05"],
    ["1st", "2026-12-01"],
    ["on monday or tuesday", "2026-11-30"],
    ["in two days time", "2026-11-26"],
    ["two days from now", "2026-11-26"],
    ["12/10/26", "2026-12-10"],
    ["by 5pm on friday", "2026-11-27"],
    ["3pm tomorrow", "2026-11-25"],
  ])("reads %j as %s", (text, expected) => {
    expect(en(text, TUE)).toBe(expected);
  });

  it.each([
    ["today", BEFORE_MIDNIGHT, "2026-11-20"],
    ["tomorrow", BEFORE_MIDNIGHT, "2026-11-21"],
    ["friday", BEFORE_MIDNIGHT, "2026-11-27"],
    ["today", AFTER_MIDNIGHT, "2026-11-21"],
    ["tomorrow", AFTER_MIDNIGHT, "2026-11-22"],
    ["friday", AFTER_MIDNIGHT, "2026-11-27"],
  ])("reads %j relative to the New York date at %s", (text, now, expected) => {
    expect(en(text, now)).toBe(expected);
  });

  it.each([
    ["today", SPRING_BEFORE, "2026-03-08"],
    ["today", SPRING_AFTER, "2026-03-08"],
    ["tomorrow", SPRING_AFTER, "2026-03-09"],
    ["tomorrow", EVE_OF_SPRING, "2026-03-08"],
    ["in 2 days", EVE_OF_SPRING, "2026-03-09"],
    ["today", FALL_FIRST, "2026-11-01"],
    ["today", FALL_SECOND, "2026-11-01"],
    ["tomorrow", FALL_SECOND, "2026-11-02"],
    ["next friday", FALL_SECOND, "2026-11-06"],
  ])("reads %j across the DST change at %s", (text, now, expected) => {
    expect(en(text, now)).toBe(expected);
  });

  it.each([
    ["jan 5", LATE_DECEMBER, "2027-01-05"],
    ["1/5", LATE_DECEMBER, "2027-01-05"],
    ["the 5th", LATE_DECEMBER, "2027-01-05"],
    ["in 5 days", LATE_DECEMBER, "2027-01-02"],
    ["next monday", LATE_DECEMBER, "2027-01-04"],
    ["december 30", LATE_DECEMBER, "2026-12-30"],
    ["december 1", LATE_DECEMBER, "2027-12-01"],
    ["end of the month", LATE_DECEMBER, "2026-12-31"],
    ["tomorrow", NEW_YEARS_EVE, "2027-01-01"],
    ["end of the month", NEW_YEARS_EVE, "2027-01-31"],
  ])("rolls %j over into the new year (now %s)", (text, now, expected) => {
    expect(en(text, now)).toBe(expected);
  });

  it.each([
    "asdf",
    "",
    "   ",
    "🙂🙂🙂",
    "may I change my order",
    "next week",
    "order number 12345",
    "I sat down in the sun",
    "3 items please",
    "13/45",
    "at 3pm",
    "talk to an agent",
    "the first one please",
    "the 32nd",
    "sometime next week",
  ])("finds no date in %j", (text) => {
    expect(en(text, TUE)).toBeNull();
  });

  it("reads unknown locales as US English", () => {
    expect(resolveDate("tomorrow", { localeId: "fr_FR", timeZone: NEW_YORK, now: new Date(TUE) })).toBe(
      "2026-11-25",
    );
  });
});
