/** Orderline's date and time understanding: transcripts → dates/times, zoned arithmetic, spoken forms. */
export { isAsap } from "./asap.js";
export { addDays, daysBetween, weekdayOf } from "./calendar.js";
export type { TimeResolution } from "./clock.js";
export type { ResolveOptions } from "./context.js";
export { parseKeypadDate } from "./keypad.js";
export { resolveDate, resolveTime } from "./resolve.js";
export { formatSpokenDate, formatSpokenTime, type SpokenDateOptions } from "./spoken.js";
export {
  formatIsoWithOffset,
  instantToZoned,
  offsetMinutesAt,
  todayIn,
  type ZonedDateTime,
  zonedToInstant,
} from "./zoned-time.js";
