import { parseIsoDate, toIsoDate } from "./calendar.js";

/** A wall-clock reading in some time zone. */
export interface ZonedDateTime {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:MM`, 24-hour */
  time: string;
  /** UTC offset as `+09:00` / `-05:00` / `+00:00` */
  offset: string;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MS_PER_MINUTE = 60_000;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

// Intl formatters are expensive to build (~50 µs) and cheap to reuse, so keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// en-US with h23 formats as "11/24/2026, 10:00:00"; format() is about twice as fast as formatToParts().
const EN_US_WALL_CLOCK = /^(\d{1,2})\/(\d{1,2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;

// A zone's UTC offset only changes on a whole minute, so one formatter call per zone and UTC minute serves every
// reading in that minute (a turn reads "now" in the shop's zone a dozen times).
const offsetOfMinute = new Map<string, { minute: number; offsetMs: number }>();

function wallClockAt(instant: Date, timeZone: string): WallClock {
  const ms = instant.getTime();
  const minute = Math.floor(ms / MS_PER_MINUTE);
  let known = offsetOfMinute.get(timeZone);
  if (known?.minute !== minute) {
    const clock = formattedWallClock(instant, timeZone);
    known = { minute, offsetMs: wallClockAsUtcMs(clock) - Math.floor(ms / 1000) * 1000 };
    offsetOfMinute.set(timeZone, known);
    return clock;
  }
  const wall = new Date(ms + known.offsetMs);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

function formattedWallClock(instant: Date, timeZone: string): WallClock {
  const formatter = formatterFor(timeZone);
  const m = EN_US_WALL_CLOCK.exec(formatter.format(instant));
  if (m) {
    return {
      year: Number(m[3]),
      month: Number(m[1]),
      day: Number(m[2]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6]),
    };
  }
  // Another ICU build may punctuate differently; the parts API is slower but layout-proof.
  const clock: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter.formatToParts(instant)) {
    if (part.type in clock) clock[part.type as keyof WallClock] = Number(part.value);
  }
  return clock;
}

function wallClockAsUtcMs(c: WallClock): number {
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** True when `timeZone` is an IANA zone this runtime knows (`Asia/Tokyo`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** UTC offset of `timeZone` at `instant`, in minutes east of UTC (Tokyo: 540). Throws RangeError on an unknown zone. */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallClockAsUtcMs(wallClockAt(instant, timeZone)) - wholeSeconds) / MS_PER_MINUTE);
}

/** Today's date in `timeZone` (not the process zone) as `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const c = wallClockAt(now, timeZone);
  return toIsoDate(c.year, c.month, c.day);
}

/** The wall-clock date, time and offset of `instant` in `timeZone`. */
export function instantToZoned(instant: Date, timeZone: string): ZonedDateTime {
  const c = wallClockAt(instant, timeZone);
  return {
    date: toIsoDate(c.year, c.month, c.day),
    time: `${pad2(c.hour)}:${pad2(c.minute)}`,
    offset: formatOffset(offsetMinutesAt(instant, timeZone)),
  };
}

/** ISO 8601 with the zone's offset, e.g. `2026-11-24T10:00:00+09:00`. */
export function formatIsoWithOffset(instant: Date, timeZone: string): string {
  const c = wallClockAt(instant, timeZone);
  const offset = formatOffset(offsetMinutesAt(instant, timeZone));
  return `${toIsoDate(c.year, c.month, c.day)}T${pad2(c.hour)}:${pad2(c.minute)}:${pad2(c.second)}${offset}`;
}

/**
 * The instant when the wall clock in `timeZone` reads `dateIso` `timeHHMM`.
 * DST follows Temporal's "compatible" rule: a time skipped by spring-forward moves forward by the gap
 * (02:30 on 2026-03-08 in New York → 03:30 EDT); a time repeated at fall-back takes the earlier one (EDT).
 * Throws RangeError on a malformed date or time, or an unknown zone.
 */
export function zonedToInstant(dateIso: string, timeHHMM: string, timeZone: string): Date {
  const date = parseIsoDate(dateIso);
  const time = HH_MM.exec(timeHHMM);
  if (!date) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(dateIso)}`);
  if (!time) throw new RangeError(`Not a valid HH:MM time: ${JSON.stringify(timeHHMM)}`);
  const wall = Date.UTC(
    date.year,
    date.month - 1,
    date.day,
    Number(time[1]),
    Number(time[2]),
    Number(time[3] ?? 0),
  );
  // Offsets a day either side bracket any single transition (zones never change twice within two days).
  const before = offsetMinutesAt(new Date(wall - 86_400_000), timeZone);
  const after = offsetMinutesAt(new Date(wall + 86_400_000), timeZone);
  const matches = [...new Set([before, after])]
    .map((offset) => wall - offset * MS_PER_MINUTE)
    .filter((ms) => wallClockAsUtcMs(wallClockAt(new Date(ms), timeZone)) === wall)
    .sort((a, b) => a - b);
  // No match means the wall time falls in a gap: reading it with the pre-gap offset lands after the gap.
  return new Date(matches[0] ?? wall - before * MS_PER_MINUTE);
}
