import { addDays, daysBetween, todayIn } from "../dates/index.js";

export interface ShippingDateRules {
  minDaysAhead: number;
  maxDaysAhead: number;
}

export type ShippingDateCheck =
  | { ok: true; date: string }
  | { ok: false; reason: "TOO_SOON" | "TOO_LATE" | "SAME_DATE"; nearest: string };

/**
 * A new shipping date is at least `minDaysAhead` and at most `maxDaysAhead` days after today in the shop's
 * time zone, and differs from the current one. An invalid date comes back with the nearest valid date.
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
    return { ok: false, reason: "TOO_SOON", nearest: nextDifferent(first, current, last) };
  if (ahead > rules.maxDaysAhead)
    return { ok: false, reason: "TOO_LATE", nearest: prevDifferent(last, current, first) };
  if (requested === current) {
    const after = addDays(requested, 1);
    const nearest = daysBetween(after, last) >= 0 ? after : addDays(requested, -1);
    return { ok: false, reason: "SAME_DATE", nearest };
  }
  return { ok: true, date: requested };
}

function nextDifferent(candidate: string, current: string, last: string): string {
  return candidate === current && candidate !== last ? addDays(candidate, 1) : candidate;
}
function prevDifferent(candidate: string, current: string, first: string): string {
  return candidate === current && candidate !== first ? addDays(candidate, -1) : candidate;
}
