/** A time the customer said, resolved like Lex's AMAZON.Time: one value, or none with AM/PM candidates. */
export interface TimeResolution {
  /** `HH:MM` (24-hour) when the time is unambiguous, else null. */
  time: string | null;
  /** Every reading, AM first: `["10:00", "22:00"]` for "at 10"; `[time]` when unambiguous. */
  candidates: string[];
}

/** Which half of the day a qualifier names; "night" also turns 12 into midnight. */
export type DayHalf = "am" | "pm" | "night";

const pad2 = (n: number): string => String(n).padStart(2, "0");

function hhmm(hour: number, minute: number): string {
  return `${pad2(hour)}:${pad2(minute)}`;
}

/** An unambiguous 24-hour time, or null when out of range. */
export function fixedTime(hour: number, minute: number): TimeResolution | null {
  if (
    !Number.isInteger(hour) ||
    !Number.isInteger(minute) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59
  ) {
    return null;
  }
  const time = hhmm(hour, minute);
  return { time, candidates: [time] };
}

/**
 * Reads an hour the customer said with or without AM/PM. Hours 0 and 13..23 are 24-hour clock and need no
 * qualifier; 1..12 without one is ambiguous and yields both readings (12 → 00:MM and 12:MM).
 */
export function clockTime(hour: number, minute: number, half: DayHalf | null): TimeResolution | null {
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  if (hour === 0 && half === "pm") return fixedTime(12, minute); // 午後0時 is noon
  if (hour === 0 || hour > 12) return fixedTime(hour, minute);
  if (half === "am") return fixedTime(hour % 12, minute);
  if (half === "pm") return fixedTime(hour === 12 ? 12 : hour + 12, minute);
  if (half === "night") return fixedTime(hour === 12 ? 0 : hour < 5 ? hour : hour + 12, minute);
  return { time: null, candidates: [hhmm(hour % 12, minute), hhmm((hour % 12) + 12, minute)] };
}
