import { addDays } from "./calendar.js";
import { type Found, findAll, pickFirst } from "./candidates.js";
import { chronoDates } from "./chrono-dates.js";
import type { DateContext } from "./context.js";
import {
  ENGLISH_CARDINALS,
  ENGLISH_ORDINALS,
  englishNumber,
  normalizeEnglish,
  wordAlternation,
} from "./numerals.js";
import {
  addMonthsClamped,
  endOfMonth,
  expandYear,
  explicitDate,
  lastDayOfMonth,
  nextDayOfMonth,
  nextMonthDay,
  nextWeekday,
  type Weekday,
  weekdayInWeek,
} from "./occurrence.js";

// Short forms that are also ordinary words (sat, sun, mon, wed) are left out on purpose.
const WEEKDAYS: Record<string, Weekday> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  tues: 2,
  wednesday: 3,
  weds: 3,
  thursday: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
};
const NAMED_DAYS: Record<string, number> = {
  yesterday: -1,
  today: 0,
  tonight: 0,
  tomorrow: 1,
  tomorow: 1,
  tommorow: 1,
  tommorrow: 1,
  tmrw: 1,
};
const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
const MONTH_WORD =
  "(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\b";
const WEEKDAY_WORD = `(${wordAlternation(Object.keys(WEEKDAYS))})`;
const COUNT = `(\\d{1,3}|a couple of|a couple|couple of|an|a|${wordAlternation(ENGLISH_CARDINALS.keys())})`;
const ORDINAL_WORD = `(${wordAlternation(ENGLISH_ORDINALS.keys())})`;
const NOT_MONTH_AFTER = `(?!\\s+(?:of\\s+)?${MONTH_WORD})`;

const NAMED = new RegExp(`\\b(${wordAlternation(Object.keys(NAMED_DAYS))})\\b`, "g");
const DAY_AFTER_TOMORROW = /\b(?:the\s+)?day\s+after\s+(?:tomorrow|tmrw)\b/g;
const IN_COUNT = new RegExp(`\\b(?:in|within)\\s+${COUNT}\\s+(days?|weeks?|fortnights?|months?)\\b`, "g");
const COUNT_FROM = new RegExp(
  `\\b${COUNT}\\s+(days?|weeks?|months?)\\s+from\\s+(today|now|tomorrow)\\b`,
  "g",
);
const IN_A_FORTNIGHT = /\bin\s+a\s+fortnight\b/g;
const WEEKDAY_PHRASE = new RegExp(
  `\\b(?:(this\\s+coming|this|next|coming|the\\s+following)\\s+)?${WEEKDAY_WORD}\\b(?:\\s+(next\\s+week|this\\s+week|after\\s+next))?`,
  "g",
);
const NEXT_WEEK_WEEKDAY = new RegExp(`\\b(next|this)\\s+week\\s+(?:on\\s+)?${WEEKDAY_WORD}\\b`, "g");
const WEEKEND = /\b(?:(this|next|the)\s+)?weekend\b/g;
const END_OF_MONTH = /\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(next\s+)?month\b/g;
const ORDINAL_DAY = new RegExp(`\\b(?:on\\s+)?the\\s+(\\d{1,2})(?:st|nd|rd|th)\\b${NOT_MONTH_AFTER}`, "g");
const ON_THE_DAY = new RegExp(`\\bon\\s+the\\s+(\\d{1,2})\\b(?![:/.]\\d)${NOT_MONTH_AFTER}`, "g");
const ON_THE_ORDINAL_WORD = new RegExp(`\\bon\\s+the\\s+${ORDINAL_WORD}\\b${NOT_MONTH_AFTER}`, "g");
// A reply that is only an ordinal ("the twenty eighth", "28th") answers "which day?".
const ONLY_ORDINAL = new RegExp(
  `^\\s*(?:(?:on\\s+)?the\\s+)?(?:${ORDINAL_WORD}|(\\d{1,2})(?:st|nd|rd|th))\\s*(?:please)?[.!?]*\\s*$`,
  "g",
);
const US_NUMERIC = /(?<![\d/.:-])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])/g;
const ISO_LIKE = /(?<![\d/.-])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d/.-])/g;
// Month names with a numeric day are ours too: chrono drops "feb 29" in a year without one instead of rolling on.
const MONTH_NAME = `(${wordAlternation(Object.keys(MONTHS))})\\.?`;
const YEAR_AFTER = "(?:,?\\s+(\\d{4}))?";
const MONTH_THEN_DAY = new RegExp(
  `\\b${MONTH_NAME}\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?(?![\\d:])${YEAR_AFTER}`,
  "g",
);
const DAY_THEN_MONTH = new RegExp(
  `\\b(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_NAME}\\b${YEAR_AFTER}`,
  "g",
);
const CHRONO_WORTHY = new RegExp(`\\d|\\b${MONTH_WORD}`);

function monthDay(
  today: string,
  month: number | undefined,
  day: number,
  year: string | undefined,
): string | null {
  if (month === undefined) return null;
  return year ? explicitDate(Number(year), month, day) : nextMonthDay(today, month, day);
}

function countValue(token: string): number | null {
  if (token === "a" || token === "an") return 1;
  if (token.includes("couple")) return 2;
  return englishNumber(token);
}

function afterCount(today: string, n: number, unit: string): string {
  if (unit.startsWith("day")) return addDays(today, n);
  if (unit.startsWith("week")) return addDays(today, n * 7);
  if (unit.startsWith("fortnight")) return addDays(today, n * 14);
  return addMonthsClamped(today, n);
}

function weekdayDate(
  today: string,
  weekday: Weekday,
  before: string | undefined,
  after: string | undefined,
): string {
  // "next friday" is Friday of next (Monday-based) week, like 来週の金曜日; "this friday" is the coming one,
  // today included; a bare "friday" is the coming one after today (Lex resolves "friday" forward, too).
  if (after === "next week" || before === "next") return weekdayInWeek(today, weekday, 1);
  if (after === "after next") return weekdayInWeek(today, weekday, 2);
  if (after === "this week") return weekdayInWeek(today, weekday, 0);
  if (before === "this") return nextWeekday(today, weekday, true);
  return nextWeekday(today, weekday);
}

function ownDates(text: string, ctx: DateContext): Found<string>[] {
  const today = ctx.today;
  return [
    ...findAll(text, ISO_LIKE, (m) => explicitDate(Number(m[1]), Number(m[2]), Number(m[3]))),
    ...findAll(text, US_NUMERIC, (m) =>
      m[3]
        ? explicitDate(expandYear(Number(m[3])), Number(m[1]), Number(m[2]))
        : nextMonthDay(today, Number(m[1]), Number(m[2])),
    ),
    ...findAll(text, MONTH_THEN_DAY, (m) => monthDay(today, MONTHS[m[1]!], Number(m[2]), m[3])),
    ...findAll(text, DAY_THEN_MONTH, (m) => monthDay(today, MONTHS[m[2]!], Number(m[1]), m[3])),
    ...findAll(text, DAY_AFTER_TOMORROW, () => addDays(today, 2)),
    ...findAll(text, NAMED, (m) => addDays(today, NAMED_DAYS[m[1]!] ?? 0)),
    ...findAll(text, IN_COUNT, (m) => {
      const n = countValue(m[1]!);
      return n === null ? null : afterCount(today, n, m[2]!);
    }),
    ...findAll(text, IN_A_FORTNIGHT, () => addDays(today, 14)),
    ...findAll(text, COUNT_FROM, (m) => {
      const n = countValue(m[1]!);
      const base = m[3] === "tomorrow" ? addDays(today, 1) : today;
      return n === null ? null : afterCount(base, n, m[2]!);
    }),
    ...findAll(text, NEXT_WEEK_WEEKDAY, (m) =>
      weekdayInWeek(today, WEEKDAYS[m[2]!]!, m[1] === "next" ? 1 : 0),
    ),
    ...findAll(text, WEEKDAY_PHRASE, (m) =>
      weekdayDate(today, WEEKDAYS[m[2]!]!, m[1]?.replace(/\s+/g, " "), m[3]?.replace(/\s+/g, " ")),
    ),
    ...findAll(text, WEEKEND, (m) =>
      m[1] === "next" ? weekdayInWeek(today, 6, 1) : nextWeekday(today, 6, true),
    ),
    ...findAll(text, END_OF_MONTH, (m) => (m[1] ? lastDayOfMonth(today, 1) : endOfMonth(today))),
    ...findAll(text, ORDINAL_DAY, (m) => nextDayOfMonth(today, Number(m[1]))),
    ...findAll(text, ON_THE_DAY, (m) => nextDayOfMonth(today, Number(m[1]))),
    ...findAll(text, ON_THE_ORDINAL_WORD, (m) => nextDayOfMonth(today, ENGLISH_ORDINALS.get(m[1]!) ?? 0)),
    ...findAll(text, ONLY_ORDINAL, (m) =>
      nextDayOfMonth(today, m[1] ? (ENGLISH_ORDINALS.get(m[1]) ?? 0) : Number(m[2])),
    ),
  ];
}

/** The first date expression in an English transcript, as `YYYY-MM-DD`, or null. */
export function resolveEnglishDate(text: string, ctx: DateContext): string | null {
  const normalized = normalizeEnglish(text);
  const found = ownDates(normalized, ctx);
  // chrono reads month names ("December 3rd", "3rd of Dec", "Dec 3, 2027"); skip it when none can be there.
  if (CHRONO_WORTHY.test(normalized))
    found.push(...chronoDates("en", normalized, ctx.now, ctx.timeZone, ctx.today));
  return pickFirst(found);
}
