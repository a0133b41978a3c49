import { parseIsoDate } from "./calendar.js";
import { isJapaneseLocale } from "./context.js";
import { todayIn } from "./zoned-time.js";

const JA_WEEKDAYS = ["日", "月", "火", "水", "木", "金", "土"];
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

// Built once: Intl formatters cost far more to create than to use.
const EN_DATE = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC",
  weekday: "long",
  month: "long",
  day: "numeric",
});
const EN_DATE_WITH_YEAR = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC",
  weekday: "long",
  month: "long",
  day: "numeric",
  year: "numeric",
});

/** Options for spoken dates: the year is said only when it is not the current year at `now` in `timeZone`. */
export interface SpokenDateOptions {
  /** @default new Date() */
  now?: Date;
  /** @default "UTC" */
  timeZone?: string;
}

/**
 * A date as the bot says it: ja_JP `11月30日（月）`, en_US `Monday, November 30`, with the year only when it
 * is not the current one. Locales other than Japanese use the en_US form. Throws RangeError on a malformed date.
 */
export function formatSpokenDate(iso: string, localeId: string, opts: SpokenDateOptions = {}): string {
  const date = parseIsoDate(iso);
  if (!date) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  const currentYear = Number(todayIn(opts.timeZone ?? "UTC", opts.now ?? new Date()).slice(0, 4));
  const withYear = date.year !== currentYear;
  const utc = new Date(Date.UTC(date.year, date.month - 1, date.day));
  if (isJapaneseLocale(localeId)) {
    const weekday = JA_WEEKDAYS[utc.getUTCDay()];
    return `${withYear ? `${date.year}年` : ""}${date.month}月${date.day}日（${weekday}）`;
  }
  return (withYear ? EN_DATE_WITH_YEAR : EN_DATE).format(utc);
}

/**
 * A time as the bot says it: ja_JP `午後3時30分` / `午後3時`, en_US `3:30 PM` / `3 PM` (noon is 午後0時 / 12 PM).
 * Throws RangeError on anything but `HH:MM`.
 */
export function formatSpokenTime(hhmm: string, localeId: string): string {
  const m = HH_MM.exec(hhmm);
  if (!m) throw new RangeError(`Not a valid HH:MM time: ${JSON.stringify(hhmm)}`);
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (isJapaneseLocale(localeId)) {
    // NHK style: 午前0時 … 午前11時, 午後0時 … 午後11時.
    const half = hour < 12 ? "午前" : "午後";
    return `${half}${hour % 12}時${minute === 0 ? "" : `${minute}分`}`;
  }
  const suffix = hour < 12 ? "AM" : "PM";
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0 ? `${h12} ${suffix}` : `${h12}:${m[2]} ${suffix}`;
}
