import { findAll, pickFirst } from "./candidates.js";
import { clockTime, type DayHalf, fixedTime, type TimeResolution } from "./clock.js";
import { ENGLISH_CARDINALS, englishNumber, normalizeEnglish, wordAlternation } from "./numerals.js";

const HOUR_WORDS = [...ENGLISH_CARDINALS].filter(([, n]) => n >= 1 && n <= 12).map(([w]) => w);
const MINUTE_WORDS = [...ENGLISH_CARDINALS].filter(([, n]) => n >= 10 && n <= 59).map(([w]) => w);
const HOUR = `(\\d{1,2}|${wordAlternation(HOUR_WORDS)})`;
// "ten thirty", "ten oh five": spoken minutes after an hour.
const SPOKEN_MINUTES = `((?:oh|o)\\s+(?:one|two|three|four|five|six|seven|eight|nine)|${wordAlternation(MINUTE_WORDS)})`;
const MERIDIEM = "(a\\.?\\s?m\\.?|p\\.?\\s?m\\.?)(?![a-z])";
const OPTIONAL_MERIDIEM = `(?:\\s*${MERIDIEM})?`;
const NOT_A_QUANTITY =
  "(?!\\s*(?:days?|weeks?|months?|years?|hours?|hrs?|mins?|minutes?|items?|orders?|units?|pieces?|of\\b|%|st\\b|nd\\b|rd\\b|th\\b|/|-|\\.\\d))";

// hour, then optional minutes ("10:30", "10.30", "ten thirty"), o'clock and AM/PM: groups 1 hour, 2-3 minutes, 4 meridiem.
const HOUR_EXPR = `${HOUR}(?:(?::|\\.)(\\d{2})|\\s+${SPOKEN_MINUTES})?(?:\\s*o'?\\s?clock)?${OPTIONAL_MERIDIEM}`;

const NOON = /\b(?:12\s+)?(?:noon|midday|mid-day|lunchtime)\b/g;
const MIDNIGHT = /\b(?:12\s+)?midnight\b/g;
const WITH_MERIDIEM = new RegExp(
  `\\b${HOUR}(?:(?::|\\.)(\\d{2})|\\s+${SPOKEN_MINUTES})?(?:\\s*o'?\\s?clock)?\\s*${MERIDIEM}`,
  "g",
);
const COLON = new RegExp(`(?<![\\d:/.])(\\d{1,2}):(\\d{2})(?![\\d:])${OPTIONAL_MERIDIEM}`, "g");
const OCLOCK = new RegExp(`\\b${HOUR}\\s*o'?\\s?clock\\b${OPTIONAL_MERIDIEM}`, "g");
const RELATIVE_TO_HOUR = new RegExp(
  `\\b(half|a\\s+quarter|quarter|\\d{1,2}|${wordAlternation(MINUTE_WORDS)}|five|ten)\\s+(?:minutes\\s+)?(past|after|to|till|til|before)\\s+${HOUR}\\b${OPTIONAL_MERIDIEM}`,
  "g",
);
const AT_HOUR = new RegExp(
  `\\b(?:at|around|about|by|after|before|until|till)\\s+(?:like\\s+)?${HOUR_EXPR}(?![\\w:])${NOT_A_QUANTITY}`,
  "g",
);
// "3 in the afternoon", "ten thirty at night": the period right after a bare hour settles AM/PM.
const WITH_PERIOD = new RegExp(
  `(?<!\\b(?:past|after|to|till|til|before)\\s+)\\b${HOUR}(?:(?::|\\.)(\\d{2})|\\s+${SPOKEN_MINUTES})?(?:\\s*o'?\\s?clock)?\\s+(?:in\\s+the\\s+|this\\s+|tomorrow\\s+|at\\s+)?(morning|afternoon|evening|night|tonight)\\b`,
  "g",
);
// A reply that is only a time ("10", "ten thirty please") answers "what time?".
const ONLY_HOUR = new RegExp(
  `^\\s*(?:(?:um+|uh+|maybe|say)[\\s,]+)?${HOUR_EXPR}\\s*(?:please)?[.!?]*\\s*$`,
  "g",
);
// Greetings ("good morning", "good evening") must not decide AM/PM, so only phrases that place a time count.
const MORNING = /\b(?:in\s+the\s+morning|this\s+morning|tomorrow\s+morning)\b/;
const AFTERNOON =
  /\b(?:in\s+the\s+(?:afternoon|evening)|this\s+(?:afternoon|evening)|tomorrow\s+(?:afternoon|evening)|after\s+(?:work|lunch))\b/;
const NIGHT = /\b(?:at\s+night|tonight|tomorrow\s+night)\b/;

function minuteValue(digits: string | undefined, words: string | undefined): number {
  if (digits) return Number(digits);
  if (!words) return 0;
  const spoken = words.replace(/\s+/g, " ");
  const oh = /^oh? (.+)$/.exec(spoken);
  return englishNumber(oh ? oh[1]! : spoken) ?? -1;
}

function meridiemHalf(token: string | undefined): DayHalf | null {
  if (!token) return null;
  return token.startsWith("a") ? "am" : "pm";
}

/** A written leading zero ("09:30") is already 24-hour, so it needs no AM/PM. */
function writtenHalf(hourToken: string): DayHalf | null {
  return /^0\d$/.test(hourToken) ? "am" : null;
}

/** "in the morning" / "this afternoon" / "tonight" anywhere in the reply settles AM or PM for a bare hour. */
function dayHalfOf(text: string): DayHalf | null {
  const halves = [
    MORNING.test(text) && "am",
    AFTERNOON.test(text) && "pm",
    NIGHT.test(text) && "night",
  ].filter((h): h is DayHalf => h !== false);
  return halves.length === 1 ? halves[0]! : null;
}

/** The hour before `hour` on a clock face, for "quarter to five": 1 → 12 keeps "to one" ambiguous. */
function hourBefore(hour: number): number {
  if (hour === 1) return 12;
  return hour === 0 ? 23 : hour - 1;
}

/** The first time of day in an English transcript ("3 pm", "half past two" → ambiguous), or null. */
export function resolveEnglishTime(text: string): TimeResolution | null {
  const t = normalizeEnglish(text);
  const half = dayHalfOf(t);
  const hourOf = (token: string): number => englishNumber(token) ?? -1;
  const fromHourExpr = (m: RegExpExecArray): TimeResolution | null =>
    clockTime(hourOf(m[1]!), minuteValue(m[2], m[3]), meridiemHalf(m[4]) ?? writtenHalf(m[1]!) ?? half);
  return pickFirst([
    ...findAll(t, NOON, () => fixedTime(12, 0)),
    ...findAll(t, MIDNIGHT, () => fixedTime(0, 0)),
    ...findAll(t, WITH_MERIDIEM, fromHourExpr),
    ...findAll(t, COLON, (m) =>
      clockTime(Number(m[1]), Number(m[2]), meridiemHalf(m[3]) ?? writtenHalf(m[1]!) ?? half),
    ),
    ...findAll(t, OCLOCK, (m) => clockTime(hourOf(m[1]!), 0, meridiemHalf(m[2]) ?? half)),
    ...findAll(t, RELATIVE_TO_HOUR, (m) => {
      const amount = m[1]!.replace(/\s+/g, " ");
      const minutes =
        amount === "half" ? 30 : amount.endsWith("quarter") ? 15 : (englishNumber(amount) ?? -1);
      const hour = hourOf(m[3]!);
      if (minutes < 1 || minutes > 59 || hour < 0) return null;
      const forward = m[2] === "past" || m[2] === "after";
      return clockTime(
        forward ? hour : hourBefore(hour),
        forward ? minutes : 60 - minutes,
        meridiemHalf(m[4]) ?? half,
      );
    }),
    ...findAll(t, WITH_PERIOD, (m) => {
      const period = m[4]!;
      const periodHalf: DayHalf = period === "morning" ? "am" : period.endsWith("night") ? "night" : "pm";
      return clockTime(hourOf(m[1]!), minuteValue(m[2], m[3]), periodHalf);
    }),
    ...findAll(t, AT_HOUR, fromHourExpr),
    ...findAll(t, ONLY_HOUR, fromHourExpr),
  ]);
}
