import { addDays, daysBetween, todayIn } from "../dates/index.js";

export interface ShippingDateRules {
  minDaysAhead: number;
  maxDaysAhead: number;
}

/** The dates a refusal is explained with (`YYYY-MM-DD`): the window's ends and the valid date nearest the request. */
export interface ShippingDateWindow {
  first: string;
  last: string;
  nearest: string;
}

export type ShippingDateCheck =
  | { ok: true; date: string }
  | ({ ok: false; reason: "TOO_SOON" | "TOO_LATE" | "SAME_DATE" } & ShippingDateWindow);

/**
 * A new shipping date is at least `minDaysAhead` and at most `maxDaysAhead` days after today in the shop's
 * time zone, and differs from the current one. An invalid date comes back with the window it was judged by and
 * the nearest valid date, so no channel computes the window again.
 */
export function checkShippingDate(
  requested: string,
  current: string,
  rules: ShippingDateRules,
  timeZone: string,
  now: Date = new Date(),
): ShippingDateCheck {
  const today = todayIn(timeZone, now);
  const first = addDays(today, rules.minDaysAhead);
  const last = addDays(today, rules.maxDaysAhead);
  const ahead = daysBetween(today, requested);
  if (ahead < rules.minDaysAhead)
    return { ok: false, reason: "TOO_SOON", first, last, nearest: nextDifferent(first, current, last) };
  if (ahead > rules.maxDaysAhead)
    return { ok: false, reason: "TOO_LATE", first, last, nearest: prevDifferent(last, current, first) };
  if (requested === current) {
    const after = addDays(requested, 1);
    const nearest = daysBetween(after, last) >= 0 ? after : addDays(requested, -1);
    return { ok: false, reason: "SAME_DATE", first, last, nearest };
  }
  return { ok: true, date: requested };
}

function nextDifferent(candidate: string, current: string, last: string): string {
  return candidate === current && candidate !== last ? addDays(candidate, 1) : candidate;
}
function prevDifferent(candidate: string, current: string, first: string): string {
  return candidate === current && candidate !== first ? addDays(candidate, -1) : candidate;
}
