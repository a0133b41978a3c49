// Only the two languages we use: the package root loads every chrono locale (~4x the cold import time).
import type { Chrono, ParsingOption } from "chrono-node";
import * as chronoEn from "chrono-node/en";
import * as chronoJa from "chrono-node/ja";
import type { Found } from "./candidates.js";
import { nextMonthDay } from "./occurrence.js";
import { offsetMinutesAt } from "./zoned-time.js";

/** Where chrono-node reads a language; built once at import, chrono parsers are reusable. */
export type ChronoLanguage = "en" | "ja";

const parsers: Record<ChronoLanguage, Chrono> = { en: chronoEn.casual, ja: chronoJa.casual };
const options: ParsingOption = { forwardDate: true };

/**
 * Full dates chrono-node finds in `text` (month names, eras, "end of the month" …). Only readings with a
 * certain day and month count: time-only hits ("at 10") and vague ones ("next month", a weekday) are left
 * to our own parsers. Without a stated year the date rolls forward from our zoned `today`, not chrono's.
 */
export function chronoDates(
  language: ChronoLanguage,
  text: string,
  now: Date,
  timeZone: string,
  today: string,
): Found<string>[] {
  // An IANA name as chrono's timezone is ignored when the process runs on UTC; an offset in minutes is not.
  const reference = { instant: now, timezone: offsetMinutesAt(now, timeZone) };
  const out: Found<string>[] = [];
  for (const result of parsers[language].parse(text, reference, options)) {
    const start = result.start;
    if (!start.isCertain("day") || !start.isCertain("month")) continue;
    const month = start.get("month");
    const day = start.get("day");
    const year = start.get("year");
    if (month === null || day === null || year === null) continue;
    const iso = start.isCertain("year")
      ? `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`
      : nextMonthDay(today, month, day);
    if (iso) out.push({ start: result.index, end: result.index + result.text.length, value: iso });
  }
  return out;
}
