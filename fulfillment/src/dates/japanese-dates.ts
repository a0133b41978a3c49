import { addDays, parseIsoDate } from "./calendar.js";
import { type Found, findAll, pickFirst } from "./candidates.js";
import { chronoDates } from "./chrono-dates.js";
import type { DateContext } from "./context.js";
import { normalizeJapanese } from "./numerals.js";
import {
  addMonthsClamped,
  dayInMonth,
  endOfMonth,
  explicitDate,
  lastDayOfMonth,
  nextDayOfMonth,
  nextMonthDay,
  nextWeekday,
  type Weekday,
  weekdayInWeek,
} from "./occurrence.js";

const WEEKDAY_KANJI: Record<string, Weekday> = { 日: 0, 月: 1, 火: 2, 水: 3, 木: 4, 金: 5, 土: 6 };
const WEEKDAY_KANA: Record<string, Weekday> = { にち: 0, げつ: 1, か: 2, すい: 3, もく: 4, きん: 5, ど: 6 };
const WEEK_OFFSET: Record<string, number> = { 今週: 0, 来週: 1, 次週: 1, 翌週: 1, 再来週: 2 };
const MONTH_OFFSET: Record<string, number> = { 今月: 0, 来月: 1, 翌月: 1, 再来月: 2 };
const YEAR_OFFSET: Record<string, number> = { 今年: 0, 来年: 1, 翌年: 1, 再来年: 2 };
const NAMED_DAYS: Record<string, number> = {
  一昨日: -2,
  おととい: -2,
  昨日: -1,
  きのう: -1,
  今日: 0,
  本日: 0,
  きょう: 0,
  明日: 1,
  あした: 1,
  あす: 1,
  翌日: 1,
  明後日: 2,
  あさって: 2,
  明々後日: 3,
  明明後日: 3,
  しあさって: 3,
};

// Patterns run on normalised text: digits are ASCII and kanji numerals are already arabic (三日後 → 3日後).
const NAMED = new RegExp(
  Object.keys(NAMED_DAYS)
    .sort((a, b) => b.length - a.length)
    .join("|"),
  "g",
);
const AFTER_N = /(?<!\d)(\d{1,3})\s*(日|週間|週|か月|ヶ月|カ月|ケ月|ヵ月)\s*後/g;
const FULL_DATE = /(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g;
const NUMERIC_FULL_DATE = /(?<![\d/.-])(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?![\d/.-])/g;
const RELATIVE_YEAR_DATE = /(再来年|来年|翌年|今年)\s*の?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g;
const MONTH_DAY = /(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日/g;
const NUMERIC_MONTH_DAY = /(?<![\d/.-])(\d{1,2})\/(\d{1,2})(?![\d/])/g;
const RELATIVE_MONTH_DAY = /(再来月|来月|翌月|今月)\s*の?\s*(\d{1,2})\s*日/g;
const MONTH_END = /(再来月|来月|翌月|今月)\s*の?\s*末|月末/g;
// 3日 alone is "the next 3rd"; 3日後 (3 days later), 3日間 (for 3 days), 1日中 (all day) are not dates.
const DAY_ONLY = /(?<![\d月/])(\d{1,2})\s*日(?![後間前中目以]|\s*後)/g;
const WEEKDAY = /(?:(再来週|来週|次週|翌週|今週)\s*の?\s*)?([日月火水木金土])曜日?/g;
const WEEKDAY_IN_KANA = /(?:(再来週|来週|次週|翌週|今週)\s*の?\s*)?(にち|げつ|か|すい|もく|きん|ど)ようび/g;
const WEEKEND = /(再来週|来週|次週|翌週|今週)?\s*の?\s*週末|(再来週|来週|今週)末/g;

function weekdayDate(ctx: DateContext, weekPrefix: string | undefined, weekday: Weekday): string {
  // A bare weekday (金曜日, 次の金曜日) is the coming one; with 今週/来週 it is that week's day.
  return weekPrefix === undefined
    ? nextWeekday(ctx.today, weekday)
    : weekdayInWeek(ctx.today, weekday, WEEK_OFFSET[weekPrefix] ?? 0);
}

function afterN(ctx: DateContext, n: number, unit: string): string {
  if (unit === "日") return addDays(ctx.today, n);
  if (unit === "週間" || unit === "週") return addDays(ctx.today, n * 7);
  return addMonthsClamped(ctx.today, n);
}

function ownDates(text: string, ctx: DateContext): Found<string>[] {
  const today = ctx.today;
  const year = parseIsoDate(today)!.year;
  return [
    ...findAll(text, FULL_DATE, (m) => explicitDate(Number(m[1]), Number(m[2]), Number(m[3]))),
    ...findAll(text, NUMERIC_FULL_DATE, (m) => explicitDate(Number(m[1]), Number(m[2]), Number(m[3]))),
    ...findAll(text, RELATIVE_YEAR_DATE, (m) =>
      explicitDate(year + (YEAR_OFFSET[m[1]!] ?? 0), Number(m[2]), Number(m[3])),
    ),
    ...findAll(text, MONTH_DAY, (m) => nextMonthDay(today, Number(m[1]), Number(m[2]))),
    ...findAll(text, NUMERIC_MONTH_DAY, (m) => nextMonthDay(today, Number(m[1]), Number(m[2]))),
    ...findAll(text, RELATIVE_MONTH_DAY, (m) => dayInMonth(today, MONTH_OFFSET[m[1]!] ?? 0, Number(m[2]))),
    ...findAll(text, MONTH_END, (m) =>
      m[1] ? lastDayOfMonth(today, MONTH_OFFSET[m[1]] ?? 0) : endOfMonth(today),
    ),
    ...findAll(text, AFTER_N, (m) => afterN(ctx, Number(m[1]), m[2]!)),
    ...findAll(text, NAMED, (m) => addDays(today, NAMED_DAYS[m[0]] ?? 0)),
    ...findAll(text, WEEKDAY, (m) => weekdayDate(ctx, m[1], WEEKDAY_KANJI[m[2]!]!)),
    ...findAll(text, WEEKDAY_IN_KANA, (m) => weekdayDate(ctx, m[1], WEEKDAY_KANA[m[2]!]!)),
    ...findAll(text, WEEKEND, (m) => {
      const prefix = m[1] ?? m[2];
      // 週末 / 今週末 is the coming Saturday (today if it is Saturday); 来週末 is next week's.
      return prefix === undefined || prefix === "今週"
        ? nextWeekday(today, 6, true)
        : weekdayInWeek(today, 6, WEEK_OFFSET[prefix] ?? 1);
    }),
    ...findAll(text, DAY_ONLY, (m) => nextDayOfMonth(today, Number(m[1]))),
  ];
}

/** The first date expression in a Japanese transcript, as `YYYY-MM-DD`, or null. */
export function resolveJapaneseDate(text: string, ctx: DateContext): string | null {
  const normalized = normalizeJapanese(text);
  const found = ownDates(normalized, ctx);
  // chrono adds eras (令和8年12月3日) and other written forms; it only ever fires on text with digits.
  if (/\d/.test(normalized)) found.push(...chronoDates("ja", normalized, ctx.now, ctx.timeZone, ctx.today));
  return pickFirst(found);
}
