import { isVagueSpan, parseKeypadDate, type ResolveOptions, resolveDate } from "../dates/index.js";
import type { LexSlot } from "./event.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the hook knows about one AMAZON.Date slot this turn. */
export interface DateSlotInput {
  slot: LexSlot | null | undefined;
  /** The caller's words this turn (the input transcript), read when the slot has no original value. */
  transcript: string | undefined;
  /** The shop's zone and clock for `localeId`. */
  options: ResolveOptions;
}

/**
 * The day the caller meant, in the shop's time zone.
 *
 * Lex resolves relative dates ("tomorrow", 明日) in the time zone of the AWS Region the bot runs in, not the
 * caller's (Lex V2 has no per-locale zone; https://docs.aws.amazon.com/lexv2/latest/dg/built-in-slot-date.html),
 * so one bot in us-east-1 would give a Tokyo caller at 08:00 JST *today* for 明日. Whenever our date module
 * understands what was said (the slot's `originalValue`, else the transcript) its reading in the shop's zone
 * wins; Lex's `interpretedValue` is used only for expressions our module does not read. A span without a day
 * (next week, 来週) is no date even when Lex filled the slot; 8 keyed digits are YYYYMMDD.
 */
export function shopDateOf(input: DateSlotInput): string | undefined {
  const value = input.slot?.value;
  const texts = [value?.originalValue, input.transcript].filter(
    (t): t is string => typeof t === "string" && t.trim() !== "",
  );
  for (const text of texts) {
    const keyed = /^[\d\s]+#?$/.test(text) ? text.replace(/\D/g, "") : null;
    const ours =
      keyed !== null
        ? keyed.length === 8
          ? parseKeypadDate(keyed)
          : null
        : resolveDate(text, input.options);
    if (ours) return ours;
    if (isVagueSpan(text, input.options.localeId)) return undefined;
  }
  const lex = value?.interpretedValue;
  return lex && ISO_DATE.test(lex) ? lex : undefined;
}
