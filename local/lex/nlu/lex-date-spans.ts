/**
 * What Lex V2's AMAZON.Date does with a week, month or year named without a day
 * (https://docs.aws.amazon.com/lexv2/latest/dg/built-in-slot-date.html): a future week ("next week", 来週)
 * becomes the last day of the *current* week, the current week its first day (weeks run Monday..Sunday), a
 * future month ("next month", 来月) the last day of that month, next year (来年) its last day. Orderline's
 * date module refuses these on purpose (the caller has not chosen a day); the emulated Lex fills the slot as
 * Lex does, so the code hook's own reading is what is tested.
 */
import { addDays, todayIn, weekdayOf } from "../../../fulfillment/src/dates/index.js";

type Span = "thisWeek" | "nextWeek" | "nextMonth" | "nextYear";

const EN: [RegExp, Span][] = [
  [/\b(?:next|the following|the coming|coming) week\b/i, "nextWeek"],
  [/\bthis week\b/i, "thisWeek"],
  [/\b(?:next|the following|the coming|coming) month\b/i, "nextMonth"],
  [/\bnext year\b/i, "nextYear"],
];
const JA: [RegExp, Span][] = [
  [/来週|次週|翌週/, "nextWeek"],
  [/今週/, "thisWeek"],
  [/来月|翌月/, "nextMonth"],
  [/来年/, "nextYear"],
];

function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return d.toISOString().slice(0, 10);
}

/** Lex's value for a day-less span in `text`, resolved in `timeZone` (the Region's); null when none. */
export function lexSpanDate(text: string, localeId: string, timeZone: string, now: Date): string | null {
  const rules = /^ja/i.test(localeId) ? JA : EN;
  const span = rules.find(([re]) => re.test(text))?.[1];
  if (!span) return null;
  const today = todayIn(timeZone, now);
  // weekdayOf: 0 = Sunday … 6 = Saturday; ISO weeks start on Monday.
  const fromMonday = (weekdayOf(today) + 6) % 7;
  const [y, m] = today.split("-").map(Number) as [number, number];
  switch (span) {
    case "thisWeek":
      return addDays(today, -fromMonday);
    case "nextWeek":
      return addDays(today, 6 - fromMonday);
    case "nextMonth":
      return lastDayOfMonth(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1);
    case "nextYear":
      return `${y + 1}-12-31`;
  }
}
