import { findAll, pickFirst } from "./candidates.js";
import { clockTime, type DayHalf, fixedTime, type TimeResolution } from "./clock.js";
import { normalizeJapanese } from "./numerals.js";

const HALVES: Record<string, DayHalf> = {
  午前: "am",
  朝: "am",
  明け方: "am",
  早朝: "am",
  深夜: "night",
  夜中: "night",
  午後: "pm",
  昼: "pm",
  夕方: "pm",
  夕: "pm",
  夜: "night",
  晩: "night",
};
const HALF_WORD = Object.keys(HALVES)
  .sort((a, b) => b.length - a.length)
  .join("|");

// 3時間 is a duration, not a time; 午後3時, 15時半, 午前10時30分, 夕方の5時 are times.
const HOUR_CLOCK = new RegExp(
  `(?:(${HALF_WORD})\\s*の?\\s*)?(\\d{1,2})\\s*時(?!間)\\s*(?:(\\d{1,2})\\s*分|(半))?`,
  "g",
);
const COLON_CLOCK = new RegExp(
  `(?:(${HALF_WORD})\\s*の?\\s*)?(?<![\\d:/])(\\d{1,2}):(\\d{2})(?![\\d:])`,
  "g",
);
const NOON = /正午|お昼の?12時|昼の12時/g;
const MIDNIGHT = /真夜中の?12時|夜中の12時|午前0時/g;

/** The first time of day in a Japanese transcript (午後3時, 15時半, 3時 → ambiguous), or null. */
export function resolveJapaneseTime(text: string): TimeResolution | null {
  const t = normalizeJapanese(text);
  return pickFirst([
    ...findAll(t, NOON, () => fixedTime(12, 0)),
    ...findAll(t, MIDNIGHT, () => fixedTime(0, 0)),
    ...findAll(t, HOUR_CLOCK, (m) => {
      const minute = m[4] ? 30 : Number(m[3] ?? 0);
      return clockTime(Number(m[2]), minute, m[1] ? (HALVES[m[1]] ?? null) : null);
    }),
    ...findAll(t, COLON_CLOCK, (m) => {
      // A written leading zero (09:30) is already 24-hour.
      const half = m[1] ? (HALVES[m[1]] ?? null) : m[2]!.length === 2 && m[2]!.startsWith("0") ? "am" : null;
      return clockTime(Number(m[2]), Number(m[3]), half);
    }),
  ]);
}
