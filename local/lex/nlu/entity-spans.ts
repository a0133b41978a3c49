/**
 * Typed mentions in an utterance: dates, times, numbers, phone numbers and custom slot type values.
 * The classifier replaces each mention with a placeholder token (the same token a `{Slot}` reference of
 * that type becomes in training), and the slot filler assigns mentions to slots.
 */
import type { RenderedSlotType } from "../../../bot/types.js";
import { findDateTimeSpans } from "./date-time-spans.js";
import { findNumberSpans, type NumberSpan } from "./spoken-numbers.js";

export type EntityKind = "date" | "time" | "number" | "phone" | "custom";

export interface EntitySpan {
  start: number;
  end: number;
  text: string;
  /** Up to a dozen characters before the mention ("at " before "3"), for resolvers that need a lead-in. */
  before: string;
  kind: EntityKind;
  /** For `number` and `phone`. */
  number?: NumberSpan;
  /** For `custom`: the slot type and the canonical value the words matched. */
  slotType?: string;
  canonical?: string;
  /** For `custom`: words outside the type's values, captured by their carrier phrase (item-spans.ts). */
  captured?: boolean;
}

/** Digits from which a number stands for an id/phone in the classifier; shorter ones stay words ("4桁"). */
const MIN_PLACEHOLDER_DIGITS = 3;
/** From this many digits a bare digit run reads as a phone number rather than an order id. */
const PHONE_MIN_DIGITS = 10;
/** Longer digit runs fit no slot type; they get a token no training utterance has. */
const MAX_SLOT_DIGITS = 20;

/** A value list of a custom slot type, prepared for matching inside sentences. */
export interface CustomValueIndex {
  slotType: string;
  /** Lower-cased phrase → canonical value, longest phrases first. */
  phrases: [string, string][];
}

/** Builds the phrase index of every enumerated custom slot type of a locale. */
export function indexCustomValues(slotTypes: RenderedSlotType[]): CustomValueIndex[] {
  return slotTypes
    .filter((t) => t.values.length > 0)
    .map((t) => {
      const phrases: [string, string][] = [];
      for (const v of t.values) {
        for (const p of [v.value, ...v.synonyms]) {
          const key = p.normalize("NFKC").toLowerCase().trim();
          if (key) phrases.push([key, v.value]);
        }
      }
      phrases.sort((a, b) => b[0].length - a[0].length);
      return { slotType: t.name, phrases };
    });
}

function isWordChar(ch: string | undefined): boolean {
  return (
    ch !== undefined &&
    /[\p{L}\p{N}]/u.test(ch) &&
    !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(ch)
  );
}

function customSpans(text: string, index: CustomValueIndex[]): EntitySpan[] {
  const lower = text.toLowerCase();
  const out: EntitySpan[] = [];
  for (const t of index) {
    for (const [phrase, canonical] of t.phrases) {
      let from = 0;
      for (;;) {
        const at = lower.indexOf(phrase, from);
        if (at < 0) break;
        from = at + 1;
        const end = at + phrase.length;
        // Latin phrases match whole words only; Japanese has no word boundaries to check.
        if (isWordChar(lower[at - 1]) || isWordChar(lower[end])) continue;
        if (out.some((s) => at < s.end && s.start < end)) continue;
        out.push({
          start: at,
          end,
          text: text.slice(at, end),
          before: "",
          kind: "custom",
          slotType: t.slotType,
          canonical,
        });
      }
    }
  }
  return out;
}

/** All typed mentions in normalised `text`, non-overlapping, left to right. */
export function findEntitySpans(
  text: string,
  lang: "en" | "ja",
  custom: CustomValueIndex[] = [],
): EntitySpan[] {
  const spans: EntitySpan[] = customSpans(text, custom);
  const free = (s: number, e: number) => !spans.some((k) => s < k.end && k.start < e);
  for (const d of findDateTimeSpans(text, lang)) {
    if (free(d.start, d.end)) spans.push({ ...d, text: text.slice(d.start, d.end), before: "" });
  }
  for (const n of findNumberSpans(text, lang)) {
    if (!free(n.start, n.end)) continue;
    const bare = n.digits.replace(/\D/g, "");
    const kind = n.phoneLike || bare.length >= PHONE_MIN_DIGITS ? "phone" : "number";
    spans.push({ start: n.start, end: n.end, text: text.slice(n.start, n.end), before: "", kind, number: n });
  }
  for (const s of spans) s.before = text.slice(Math.max(0, s.start - 12), s.start);
  return spans.sort((a, b) => a.start - b.start);
}

/** The placeholder token a mention becomes in the classifier's input, or `null` to keep its words. */
export function placeholderFor(span: EntitySpan): string | null {
  if (span.kind === "custom") return `<${span.slotType}>`;
  const digits = span.number?.digits.replace(/\D/g, "").length ?? 0;
  if (digits > MAX_SLOT_DIGITS) return "<digits>";
  if (span.kind === "number") return digits >= MIN_PLACEHOLDER_DIGITS ? "<num>" : null;
  return `<${span.kind}>`;
}

/** The placeholder a `{Slot}` reference of `slotType` becomes in training utterances. */
export function placeholderForSlotType(slotType: string, slotTypes: RenderedSlotType[]): string {
  const custom = slotTypes.find((t) => t.name === slotType);
  const builtIn = custom ? custom.parentSlotTypeSignature : slotType;
  if (custom && custom.values.length > 0) return `<${custom.name}>`;
  switch (builtIn) {
    case "AMAZON.Date":
      return "<date>";
    case "AMAZON.Time":
      return "<time>";
    case "AMAZON.PhoneNumber":
      return "<phone>";
    default:
      return "<num>";
  }
}
