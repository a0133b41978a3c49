import type { TimeResolution } from "./clock.js";
import { type DateContext, isJapaneseLocale, type ResolveOptions } from "./context.js";
import { resolveEnglishDate } from "./english-dates.js";
import { resolveEnglishTime } from "./english-times.js";
import { resolveJapaneseDate } from "./japanese-dates.js";
import { resolveJapaneseTime } from "./japanese-times.js";
import { todayIn } from "./zoned-time.js";

/**
 * The first date expression in `text` ("can you deliver it on friday instead", "来週の金曜日に"), as
 * `YYYY-MM-DD` relative to today in the shop's time zone; null when there is none.
 * Throws RangeError when `timeZone` is not an IANA zone.
 */
export function resolveDate(text: string, opts: ResolveOptions): string | null {
  if (typeof text !== "string" || text.trim() === "") return null;
  const now = opts.now ?? new Date();
  const ctx: DateContext = { today: todayIn(opts.timeZone, now), now, timeZone: opts.timeZone };
  return isJapaneseLocale(opts.localeId) ? resolveJapaneseDate(text, ctx) : resolveEnglishDate(text, ctx);
}

/**
 * The first time of day in `text`, like Lex AMAZON.Time: `{ time: "15:00", candidates: ["15:00"] }`, or for
 * "at 10" `{ time: null, candidates: ["10:00", "22:00"] }`; null when there is none ("asap" included: see isAsap).
 * Wall-clock times need no zone; `opts` is taken for symmetry with resolveDate.
 */
export function resolveTime(text: string, opts: ResolveOptions): TimeResolution | null {
  if (typeof text !== "string" || text.trim() === "") return null;
  return isJapaneseLocale(opts.localeId) ? resolveJapaneseTime(text) : resolveEnglishTime(text);
}
