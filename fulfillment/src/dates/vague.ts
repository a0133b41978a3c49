import { isJapaneseLocale } from "./context.js";

// A week, month or year named without a day: Lex's AMAZON.Date still fills it ("next week" → the last day of
// the current week, "next month" → the last day of next month;
// https://docs.aws.amazon.com/lexv2/latest/dg/built-in-slot-date.html), but no caller means that day.
const ENGLISH_SPAN =
  /\b(?:next|this|coming|following|the\s+week\s+after)\s+(?:week|month|year)\b|\bnext\s+week\b/i;
const JAPANESE_SPAN = /再来週|来週|今週|次週|翌週|来月|今月|再来月|翌月|来年|今年/;

/**
 * True when `text` names only a span (next week, 来週, next month): the caller has not chosen a day yet,
 * whatever date Lex put in the slot. Call it after `resolveDate` found no day.
 */
export function isVagueSpan(text: string, localeId: string): boolean {
  if (typeof text !== "string" || text.trim() === "") return false;
  return (isJapaneseLocale(localeId) ? JAPANESE_SPAN : ENGLISH_SPAN).test(text);
}
