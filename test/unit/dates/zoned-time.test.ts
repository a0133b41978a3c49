import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  formatIsoWithOffset,
  instantToZoned,
  offsetMinutesAt,
  resolveDate,
  resolveTime,
  todayIn,
  weekdayOf,
  zonedToInstant,
} from "../../../fulfillment/src/dates/index.js";

describe("todayIn", () => {
  it.each([
    ["Asia/Tokyo", "2026-11-20T15:30:00Z", "2026-11-21"],
    ["Asia/Tokyo", "2026-11-20T14:59:59Z", "2026-11-20"],
    ["America/New_York", "2026-11-20T15:30:00Z", "2026-11-20"],
    ["America/New_York", "2026-11-21T04:59:59Z", "2026-11-20"],
    ["UTC", "2026-11-20T23:59:59Z", "2026-11-20"],
    ["Pacific/Kiritimati", "2026-11-20T10:00:00Z", "2026-11-21"],
    ["Pacific/Pago_Pago", "2026-11-20T10:00:00Z", "2026-11-19"],
  ])("gives today in %s at %s as %s", (timeZone, now, expected) => {
    expect(todayIn(timeZone, new Date(now))).toBe(expected);
  });

  it("throws RangeError for an unknown zone", () => {
    expect(() => todayIn("Mars/Olympus_Mons", new Date())).toThrow(RangeError);
  });
});

describe("calendar arithmetic", () => {
  it.each([
    ["2026-12-31", 1, "2027-01-01"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2027-02-28", 1, "2027-03-01"],
    ["2026-03-01", -1, "2026-02-28"],
    ["2026-03-07", 2, "2026-03-09"],
    ["2026-11-24", 0, "2026-11-24"],
    ["2026-11-24", 400, "2027-12-29"],
  ])("adds to %s %i days giving %s", (iso, n, expected) => {
    expect(addDays(iso, n)).toBe(expected);
  });

  it.each([
    ["2026-11-24", "2026-12-03", 9],
    ["2026-12-03", "2026-11-24", -9],
    ["2026-12-31", "2027-01-01", 1],
    ["2026-03-07", "2026-03-09", 2],
    ["2028-01-01", "2029-01-01", 366],
  ])("counts from %s to %s as %i days", (a, b, expected) => {
    expect(daysBetween(a, b)).toBe(expected);
  });

  it.each([
    ["2026-11-29", 0],
    ["2026-11-30", 1],
    ["2026-11-24", 2],
    ["2026-11-28", 6],
    ["2027-01-01", 5],
  ])("gives %s weekday %i", (iso, expected) => {
    expect(weekdayOf(iso)).toBe(expected);
  });

  it.each(["2026-02-30", "2026-13-01", "26-11-24", "", "2026-11-24T00:00"])("rejects %j", (iso) => {
    expect(() => addDays(iso, 1)).toThrow(RangeError);
    expect(() => weekdayOf(iso)).toThrow(RangeError);
  });
});

describe("zonedToInstant", () => {
  it.each([
    ["2026-11-24", "10:00", "Asia/Tokyo", "2026-11-24T01:00:00.000Z"],
    ["2026-11-24", "00:00", "Asia/Tokyo", "2026-11-23T15:00:00.000Z"],
    ["2026-07-01", "12:00", "America/New_York", "2026-07-01T16:00:00.000Z"],
    ["2026-12-01", "12:00", "America/New_York", "2026-12-01T17:00:00.000Z"],
    ["2026-11-24", "10:00", "Asia/Kolkata", "2026-11-24T04:30:00.000Z"],
    // spring forward: 02:00..02:59 does not exist and moves forward by the gap
    ["2026-03-08", "01:59", "America/New_York", "2026-03-08T06:59:00.000Z"],
    ["2026-03-08", "02:30", "America/New_York", "2026-03-08T07:30:00.000Z"],
    ["2026-03-08", "03:00", "America/New_York", "2026-03-08T07:00:00.000Z"],
    ["2026-03-29", "01:30", "Europe/London", "2026-03-29T01:30:00.000Z"],
    // fall back: 01:00..01:59 happens twice; the earlier (EDT) one is taken
    ["2026-11-01", "00:59", "America/New_York", "2026-11-01T04:59:00.000Z"],
    ["2026-11-01", "01:30", "America/New_York", "2026-11-01T05:30:00.000Z"],
    ["2026-11-01", "02:00", "America/New_York", "2026-11-01T07:00:00.000Z"],
  ])("maps %s %s in %s to %s", (date, time, timeZone, expected) => {
    expect(zonedToInstant(date, time, timeZone).toISOString()).toBe(expected);
  });

  it.each([
    ["2026-02-30", "10:00"],
    ["2026-11-24", "24:00"],
    ["2026-11-24", "9:00"],
    ["2026-11-24", "10:60"],
  ])("rejects %s %s", (date, time) => {
    expect(() => zonedToInstant(date, time, "Asia/Tokyo")).toThrow(RangeError);
  });

  it("gives back the same wall clock for any instant and zone", () => {
    const zones = [
      "America/New_York",
      "Europe/London",
      "Asia/Tokyo",
      "Australia/Lord_Howe",
      "America/Santiago",
    ];
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("2020-01-01T00:00:00Z"),
          max: new Date("2032-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.constantFrom(...zones),
        (instant, timeZone) => {
          const wall = instantToZoned(instant, timeZone);
          expect(instantToZoned(zonedToInstant(wall.date, wall.time, timeZone), timeZone)).toMatchObject({
            date: wall.date,
            time: wall.time,
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("instantToZoned and formatIsoWithOffset", () => {
  it.each([
    ["2026-11-20T15:30:00Z", "Asia/Tokyo", { date: "2026-11-21", time: "00:30", offset: "+09:00" }],
    ["2026-11-20T15:30:00Z", "America/New_York", { date: "2026-11-20", time: "10:30", offset: "-05:00" }],
    ["2026-07-01T16:00:00Z", "America/New_York", { date: "2026-07-01", time: "12:00", offset: "-04:00" }],
    ["2026-11-01T05:30:00Z", "America/New_York", { date: "2026-11-01", time: "01:30", offset: "-04:00" }],
    ["2026-11-01T06:30:00Z", "America/New_York", { date: "2026-11-01", time: "01:30", offset: "-05:00" }],
    ["2026-11-24T01:00:00Z", "Asia/Kolkata", { date: "2026-11-24", time: "06:30", offset: "+05:30" }],
    ["2026-11-24T01:00:00Z", "UTC", { date: "2026-11-24", time: "01:00", offset: "+00:00" }],
  ])("reads %s in %s", (instant, timeZone, expected) => {
    expect(instantToZoned(new Date(instant), timeZone)).toEqual(expected);
  });

  it.each([
    ["2026-11-24T01:00:00Z", "Asia/Tokyo", "2026-11-24T10:00:00+09:00"],
    ["2026-11-24T01:00:00Z", "America/New_York", "2026-11-23T20:00:00-05:00"],
    ["2026-11-24T01:00:07.900Z", "UTC", "2026-11-24T01:00:07+00:00"],
  ])("formats %s in %s as %s", (instant, timeZone, expected) => {
    expect(formatIsoWithOffset(new Date(instant), timeZone)).toBe(expected);
  });

  it.each([
    ["2026-11-24T01:00:00Z", "Asia/Tokyo", 540],
    ["2026-03-08T06:59:00Z", "America/New_York", -300],
    ["2026-03-08T07:00:00Z", "America/New_York", -240],
  ])("gives the offset at %s in %s as %i minutes", (instant, timeZone, expected) => {
    expect(offsetMinutesAt(new Date(instant), timeZone)).toBe(expected);
  });
});

describe("independence from the process time zone", () => {
  const original = process.env.TZ;
  afterAll(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(["UTC", "Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati"])(
    "gives the same answers with TZ=%s",
    (tz) => {
      process.env.TZ = tz;
      const now = new Date("2026-11-20T15:30:00Z");
      expect(resolveDate("明日", { localeId: "ja_JP", timeZone: "Asia/Tokyo", now })).toBe("2026-11-22");
      expect(resolveDate("来週の金曜日", { localeId: "ja_JP", timeZone: "Asia/Tokyo", now })).toBe(
        "2026-11-27",
      );
      expect(resolveDate("December 3rd", { localeId: "en_US", timeZone: "America/New_York", now })).toBe(
        "2026-12-03",
      );
      expect(resolveDate("tomorrow", { localeId: "en_US", timeZone: "America/New_York", now })).toBe(
        "2026-11-21",
      );
      expect(resolveTime("3 pm", { localeId: "en_US", timeZone: "America/New_York", now })?.time).toBe(
        "15:00",
      );
      expect(todayIn("Asia/Tokyo", now)).toBe("2026-11-21");
      expect(zonedToInstant("2026-11-24", "10:00", "Asia/Tokyo").toISOString()).toBe(
        "2026-11-24T01:00:00.000Z",
      );
    },
  );
});

describe("wall clock readings within one minute and across a DST change", () => {
  it.each([
    // New York falls back at 06:00Z on 2026-11-01: 01:59:59 EDT, then 01:00:00 EST.
    ["2026-11-01T05:59:00.000Z", "2026-11-01T01:59:00-04:00"],
    ["2026-11-01T05:59:59.999Z", "2026-11-01T01:59:59-04:00"],
    ["2026-11-01T06:00:00.000Z", "2026-11-01T01:00:00-05:00"],
    ["2026-11-01T06:00:30.500Z", "2026-11-01T01:00:30-05:00"],
    // Springs forward at 07:00Z on 2026-03-08: 01:59:59 EST, then 03:00:00 EDT.
    ["2026-03-08T06:59:01.000Z", "2026-03-08T01:59:01-05:00"],
    ["2026-03-08T06:59:59.000Z", "2026-03-08T01:59:59-05:00"],
    ["2026-03-08T07:00:00.000Z", "2026-03-08T03:00:00-04:00"],
  ])("reads %s in New York as %s, in order", (instant, expected) => {
    expect(formatIsoWithOffset(new Date(instant), "America/New_York")).toBe(expected);
  });

  it("reads several instants of one minute, in any order, from the same offset", () => {
    const readings = [42, 5, 59, 0].map((s) =>
      formatIsoWithOffset(new Date(`2026-12-03T14:30:${String(s).padStart(2, "0")}Z`), "Asia/Tokyo"),
    );
    expect(readings).toEqual([
      "2026-12-03T23:30:42+09:00",
      "2026-12-03T23:30:05+09:00",
      "2026-12-03T23:30:59+09:00",
      "2026-12-03T23:30:00+09:00",
    ]);
  });
});
