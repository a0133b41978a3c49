/** Plain calendar-date arithmetic on `YYYY-MM-DD` strings (proleptic Gregorian, no time zone involved). */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date split into numbers; `month` is 1..12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Number of days in a month (`month` 1..12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when year/month/day name a real calendar date (e.g. 2027-02-29 is not). */
export function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Formats numbers as `YYYY-MM-DD`; does not validate. */
export function toIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Parses a `YYYY-MM-DD` string into numbers, or null when it is malformed or not a real date. */
export function parseIsoDate(iso: string): CalendarDate | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isValidDate(year, month, day) ? { year, month, day } : null;
}

function requireIsoDate(iso: string): CalendarDate {
  const date = parseIsoDate(iso);
  if (!date) throw new RangeError(`Not a valid YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  return date;
}

function dayNumber(iso: string): number {
  const { year, month, day } = requireIsoDate(iso);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function fromDayNumber(n: number): string {
  const d = new Date(n * MS_PER_DAY);
  return toIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The date `n` days after `iso` (negative `n` goes back). Throws RangeError on a malformed date. */
export function addDays(iso: string, n: number): string {
  return fromDayNumber(dayNumber(iso) + n);
}

/** Whole days from `isoA` to `isoB`: positive when B is later. Throws RangeError on a malformed date. */
export function daysBetween(isoA: string, isoB: string): number {
  return dayNumber(isoB) - dayNumber(isoA);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. Throws RangeError on a malformed date. */
export function weekdayOf(iso: string): number {
  const { year, month, day } = requireIsoDate(iso);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Year and month `n` months after the given one. */
export function addMonths(year: number, month: number, n: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + n;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}
