import {
  addDays,
  addMonths,
  daysInMonth,
  isValidDate,
  parseIsoDate,
  toIsoDate,
  weekdayOf,
} from "./calendar.js";

/**
 * How relative expressions map to dates; shared by every language so "friday" and 金曜日 agree.
 * Weeks run Monday..Sunday (ISO), as 来週 is understood in Japan and by most calendars in shops.
 */

/** Weekday numbers, 0 = Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

function parts(today: string): { year: number; month: number; day: number } {
  const date = parseIsoDate(today);
  if (!date) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(today)}`);
  return date;
}

/**
 * The next `weekday` after today: 1..7 days ahead, so "friday" said on a Friday means a week later
 * (a customer who means today says "today"). With `includeToday` it is 0..6 days ahead.
 */
export function nextWeekday(today: string, weekday: Weekday, includeToday = false): string {
  const ahead = (weekday - weekdayOf(today) + 7) % 7;
  return addDays(today, ahead === 0 && !includeToday ? 7 : ahead);
}

/** `weekday` in the Monday-based week `weekOffset` weeks from this one (0 = this week, may be in the past). */
export function weekdayInWeek(today: string, weekday: Weekday, weekOffset: number): string {
  const monday = addDays(today, -((weekdayOf(today) + 6) % 7));
  return addDays(monday, weekOffset * 7 + ((weekday + 6) % 7));
}

/** The next time the calendar shows month/day, today included; a date already past this year rolls to next year. */
export function nextMonthDay(today: string, month: number, day: number): string | null {
  const t = parts(today);
  // Feb 29 may need up to 8 years to recur (2096 → 2104); other impossible pairs (4/31) never do.
  for (let year = t.year; year <= t.year + 8; year++) {
    if (!isValidDate(year, month, day)) continue;
    const iso = toIsoDate(year, month, day);
    if (iso >= today) return iso;
  }
  return null;
}

/** The next day-of-month `day`, today included; skips months that are too short (31 → the next month with a 31st). */
export function nextDayOfMonth(today: string, day: number): string | null {
  if (!Number.isInteger(day) || day < 1 || day > 31) return null;
  const t = parts(today);
  for (let n = 0; n <= 12; n++) {
    const { year, month } = addMonths(t.year, t.month, n);
    if (!isValidDate(year, month, day)) continue;
    const iso = toIsoDate(year, month, day);
    if (iso >= today) return iso;
  }
  return null;
}

/** Day `day` of the month `monthOffset` months from this one (来月の5日), or null when that month has no such day. */
export function dayInMonth(today: string, monthOffset: number, day: number): string | null {
  const t = parts(today);
  const { year, month } = addMonths(t.year, t.month, monthOffset);
  return isValidDate(year, month, day) ? toIsoDate(year, month, day) : null;
}

/** Last day of the month `monthOffset` months from this one. */
export function lastDayOfMonth(today: string, monthOffset: number): string {
  const t = parts(today);
  const { year, month } = addMonths(t.year, t.month, monthOffset);
  return toIsoDate(year, month, daysInMonth(year, month));
}

/** "End of the month": this month's last day, or next month's when today already is the last day. */
export function endOfMonth(today: string): string {
  const last = lastDayOfMonth(today, 0);
  return last === today ? lastDayOfMonth(today, 1) : last;
}

/** The same day `n` months later, clamped to the month's length (1/31 + 1 month → 2/28). */
export function addMonthsClamped(today: string, n: number): string {
  const t = parts(today);
  const { year, month } = addMonths(t.year, t.month, n);
  return toIsoDate(year, month, Math.min(t.day, daysInMonth(year, month)));
}

/** A full date with an explicit year, or null when it is not a real date. */
export function explicitDate(year: number, month: number, day: number): string | null {
  return isValidDate(year, month, day) ? toIsoDate(year, month, day) : null;
}

/** Two-digit years mean this century (26 → 2026). */
export function expandYear(year: number): number {
  return year < 100 ? 2000 + year : year;
}
