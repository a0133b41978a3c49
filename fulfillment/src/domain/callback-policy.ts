import { addDays, instantToZoned, weekdayOf, zonedToInstant } from "../dates/index.js";

export interface CallbackRules {
  businessHours: { days: number[]; start: string; end: string };
  minLeadMinutes: number;
  maxDaysAhead: number;
}

/** The slots a refusal is explained with: the first and last bookable ones and the one nearest the request. */
export interface CallbackWindow {
  first: Date | null;
  last: Date | null;
  nearest: Date | null;
}

export type CallbackCheck =
  | { ok: true; at: Date }
  | ({ ok: false; reason: "OUTSIDE_HOURS" | "TOO_SOON" | "TOO_LATE" | "NO_SLOT" } & CallbackWindow);

const SLOT_MINUTES = 15;

/**
 * A callback is inside business hours (shop time zone), at least `minLeadMinutes` ahead and at most
 * `maxDaysAhead` days ahead (Connect's limit for scheduled tasks). Invalid times come back with the first, last
 * and nearest valid slots, so no channel computes them again.
 */
export function checkCallbackTime(
  date: string,
  time: string,
  rules: CallbackRules,
  timeZone: string,
  now: Date = new Date(),
): CallbackCheck {
  const at = zonedToInstant(date, time, timeZone);
  const earliest = new Date(now.getTime() + rules.minLeadMinutes * 60_000);
  const latest = new Date(now.getTime() + rules.maxDaysAhead * 86_400_000);
  const inside = at.getTime() >= earliest.getTime() && at.getTime() <= latest.getTime();
  if (inside && withinHours(at, rules, timeZone)) return { ok: true, at };
  const first = firstSlotFrom(earliest, rules, timeZone, latest);
  const last = lastSlotBefore(latest, rules, timeZone, earliest);
  if (at.getTime() < earliest.getTime())
    return { ok: false, reason: "TOO_SOON", first, last, nearest: first };
  if (at.getTime() > latest.getTime()) return { ok: false, reason: "TOO_LATE", first, last, nearest: last };
  const nearest = firstSlotFrom(at, rules, timeZone, latest);
  return { ok: false, reason: "OUTSIDE_HOURS", first, last, nearest };
}

/** "As soon as possible": the first valid slot from now. */
export function earliestCallback(
  rules: CallbackRules,
  timeZone: string,
  now: Date = new Date(),
): Date | null {
  const earliest = new Date(now.getTime() + rules.minLeadMinutes * 60_000);
  const latest = new Date(now.getTime() + rules.maxDaysAhead * 86_400_000);
  return firstSlotFrom(earliest, rules, timeZone, latest);
}

function withinHours(at: Date, rules: CallbackRules, timeZone: string): boolean {
  const z = instantToZoned(at, timeZone);
  if (!rules.businessHours.days.includes(weekdayOf(z.date))) return false;
  return z.time >= rules.businessHours.start && z.time < rules.businessHours.end;
}

/** The first business-hours slot (on a quarter hour) at or after `from`, not after `limit`. */
function firstSlotFrom(from: Date, rules: CallbackRules, timeZone: string, limit: Date): Date | null {
  const rounded = new Date(Math.ceil(from.getTime() / (SLOT_MINUTES * 60_000)) * SLOT_MINUTES * 60_000);
  if (withinHours(rounded, rules, timeZone)) return rounded <= limit ? rounded : null;
  let day = instantToZoned(rounded, timeZone).date;
  for (let i = 0; i <= rules.maxDaysAhead + 1; i++) {
    if (rules.businessHours.days.includes(weekdayOf(day))) {
      const open = zonedToInstant(day, rules.businessHours.start, timeZone);
      if (open.getTime() >= rounded.getTime()) return open <= limit ? open : null;
    }
    day = addDays(day, 1);
  }
  return null;
}

/** The last business-hours slot at or before `to`, not before `floor`. */
function lastSlotBefore(to: Date, rules: CallbackRules, timeZone: string, floor: Date): Date | null {
  const rounded = new Date(Math.floor(to.getTime() / (SLOT_MINUTES * 60_000)) * SLOT_MINUTES * 60_000);
  if (withinHours(rounded, rules, timeZone)) return rounded >= floor ? rounded : null;
  let day = instantToZoned(rounded, timeZone).date;
  for (let i = 0; i <= rules.maxDaysAhead + 1; i++) {
    if (rules.businessHours.days.includes(weekdayOf(day))) {
      const close = new Date(
        zonedToInstant(day, rules.businessHours.end, timeZone).getTime() - SLOT_MINUTES * 60_000,
      );
      if (close.getTime() <= rounded.getTime()) return close >= floor ? close : null;
    }
    day = addDays(day, -1);
  }
  return null;
}
