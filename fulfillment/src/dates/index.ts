/**
 * Orderline's date and time understanding: transcripts → dates/times, zoned arithmetic, spoken forms.
 *
 * Readings (the same in every language, so "next friday" and 来週の金曜日 agree):
 * - "today" is today in the shop's time zone at `now`, never the process zone.
 * - A bare weekday (friday, 金曜日) is the coming one after today: said on a Friday, it is a week later.
 *   "this friday" includes today; "next friday" / 来週の金曜日 is Friday of next week (weeks start Monday);
 *   今週の月曜日 is this week's Monday even if it is past (the date policy then rejects it).
 * - Month/day without a year (December 3, 12/3, 12月3日) and a day alone (the 28th, 5日) are the next
 *   occurrence, today included; a date impossible in that year (2月29日) rolls to the next year that has it.
 * - End of the month (月末) is this month's last day, or next month's when today is the last day.
 * - A weekend (週末, this weekend) is the coming Saturday, today included.
 * - Vague spans (next week, 来週, next month) are not dates: null, so the bot asks again (`isVagueSpan` tells
 *   them apart, since Lex's AMAZON.Date does fill them).
 * - A bare hour 1..12 without AM/PM (at 10, 3時) is ambiguous: `time: null`, both readings as candidates.
 */
export { isAsap } from "./asap.js";
export { addDays, daysBetween, weekdayOf } from "./calendar.js";
export type { TimeResolution } from "./clock.js";
export type { ResolveOptions } from "./context.js";
export { parseKeypadDate } from "./keypad.js";
export { resolveDate, resolveTime } from "./resolve.js";
export { formatSpokenDate, formatSpokenTime, type SpokenDateOptions } from "./spoken.js";
export { isVagueSpan } from "./vague.js";
export {
  formatIsoWithOffset,
  instantToZoned,
  isTimeZone,
  offsetMinutesAt,
  todayIn,
  type ZonedDateTime,
  zonedToInstant,
} from "./zoned-time.js";
