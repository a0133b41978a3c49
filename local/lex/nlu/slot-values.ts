/**
 * Slot type semantics, like Lex's built-in types: which mentions a type accepts and what value it reports.
 * AMAZON.Date/Time go through the date module; numbers, ids and phone numbers through spoken-numbers.
 */
import type { RenderedSlotType } from "../../../bot/types.js";
import { parseKeypadDate, resolveDate, resolveTime } from "../../../fulfillment/src/dates/index.js";
import type { EntitySpan } from "./entity-spans.js";
import { lexSpanDate } from "./lex-date-spans.js";
import type { NluSlotValue, ResolveContext } from "./types.js";

/** Lex caps a regex-filtered AlphaNumeric value at this many characters. */
const ALPHANUMERIC_MAX = 30;
/** Shortest and longest digit count accepted as a phone number (E.164 allows 15). */
const PHONE_DIGITS = { min: 7, max: 15 } as const;

/** How one slot type turns a mention (or a whole answer) into a Lex slot value. */
export interface SlotValueResolver {
  readonly slotType: string;
  /** The value of a mention, or `null` if this type does not accept it. */
  fromSpan(span: EntitySpan, ctx: ResolveContext): NluSlotValue | null;
  /** A value read from a whole answer when no single mention fits (e.g. "next Friday please"), or `null`. */
  fromText(text: string, ctx: ResolveContext): NluSlotValue | null;
}

function value(
  originalValue: string,
  interpretedValue: string | null,
  resolvedValues?: string[],
): NluSlotValue {
  return {
    originalValue,
    interpretedValue,
    resolvedValues: resolvedValues ?? (interpretedValue === null ? [] : [interpretedValue]),
  };
}

function dateResolver(slotType: string): SlotValueResolver {
  return {
    slotType,
    fromSpan: (span, ctx) => {
      if (span.kind !== "date") return null;
      const iso = resolveDate(span.text, ctx) ?? lexSpan(span.text, ctx);
      return iso ? value(span.text, iso) : null;
    },
    fromText: (text, ctx) => {
      // Keypad input (DTMF) as YYYYMMDD only behind a switch (Lex documents none); other digits are no date.
      const keyed = /^[\d\s]+#?$/.test(text) ? text.replace(/\D/g, "") : null;
      const iso =
        keyed === null
          ? (resolveDate(text, ctx) ?? lexSpan(text, ctx))
          : keyed.length === 8 && ctx.keypadDates
            ? parseKeypadDate(keyed)
            : null;
      return iso ? value(text, iso) : null;
    },
  };
}

// "next week", 来週, "next month": Lex fills AMAZON.Date with a day of that span (lex-date-spans.ts).
function lexSpan(text: string, ctx: ResolveContext): string | null {
  return lexSpanDate(text, ctx.localeId, ctx.timeZone, ctx.now ?? new Date());
}

function timeResolver(slotType: string): SlotValueResolver {
  const read = (text: string, ctx: ResolveContext) => {
    const t = resolveTime(text, ctx);
    return t && t.candidates.length > 0 ? value(text, t.time, t.candidates) : null;
  };
  return {
    slotType,
    fromSpan: (span, ctx) => {
      if (span.kind !== "time") return null;
      const own = read(span.text, ctx);
      if (own) return own;
      // A bare hour ("3") needs its lead-in ("at 3") to read as a time.
      const led = read(`${span.before}${span.text}`, ctx);
      return led ? { ...led, originalValue: span.text } : null;
    },
    fromText: read,
  };
}

function numberResolver(slotType: string): SlotValueResolver {
  return {
    slotType,
    fromSpan: (span) =>
      span.kind === "number" && span.number?.value ? value(span.text, span.number.value) : null,
    fromText: () => null,
  };
}

function phoneResolver(slotType: string): SlotValueResolver {
  return {
    slotType,
    fromSpan: (span) => {
      if (span.kind !== "phone" && span.kind !== "number") return null;
      const digits = span.number!.digits;
      const bare = digits.replace(/\D/g, "");
      if (bare.length < PHONE_DIGITS.min || bare.length > PHONE_DIGITS.max || digits.includes("."))
        return null;
      return value(span.text, digits);
    },
    fromText: () => null,
  };
}

function alphaNumericResolver(slotType: string, regex: string | undefined): SlotValueResolver {
  const filter = regex ? new RegExp(`^(?:${regex})$`) : null;
  const accepts = (v: string) =>
    filter ? v.length <= ALPHANUMERIC_MAX && filter.test(v) : /^[\p{L}\p{N}]+$/u.test(v);
  return {
    slotType,
    fromSpan: (span) => {
      if (span.kind !== "number" && span.kind !== "phone") return null;
      const digits = span.number!.digits.replace(/^\+/, "");
      return accepts(digits) ? value(span.text, digits) : null;
    },
    // Letters and digits typed together ("AB12C"): only when no regex narrows the type to digits.
    fromText: (text) => {
      if (filter) return null;
      const token = text.match(/[\p{L}\p{N}]*\p{N}[\p{L}\p{N}]*/u)?.[0];
      return token && accepts(token) ? value(token, token.toUpperCase()) : null;
    },
  };
}

function customResolver(type: RenderedSlotType): SlotValueResolver {
  return {
    slotType: type.name,
    fromSpan: (span) =>
      span.kind === "custom" && span.slotType === type.name && span.captured
        ? // Words outside the values: an ORIGINAL_VALUE type keeps them as said, with no value they resolve to.
          type.resolutionStrategy === "ORIGINAL_VALUE"
          ? value(span.text, span.text, [])
          : null
        : span.kind === "custom" && span.slotType === type.name && span.canonical
          ? value(span.text, type.resolutionStrategy === "TOP_RESOLUTION" ? span.canonical : span.text, [
              span.canonical,
            ])
          : null,
    // ORIGINAL_VALUE types accept any answer, as Lex does; TOP_RESOLUTION types only their values.
    fromText: (text) =>
      type.resolutionStrategy === "ORIGINAL_VALUE" && text.trim() ? value(text, text.trim()) : null,
  };
}

/** The resolver for a slot type name (built-in or custom) of a locale. */
export function resolverFor(slotType: string, slotTypes: RenderedSlotType[]): SlotValueResolver {
  const custom = slotTypes.find((t) => t.name === slotType);
  if (custom && custom.values.length > 0) return customResolver(custom);
  switch (custom ? custom.parentSlotTypeSignature : slotType) {
    case "AMAZON.Date":
      return dateResolver(slotType);
    case "AMAZON.Time":
      return timeResolver(slotType);
    case "AMAZON.Number":
      return numberResolver(slotType);
    case "AMAZON.PhoneNumber":
      return phoneResolver(slotType);
    default:
      return alphaNumericResolver(slotType, custom?.regex);
  }
}
