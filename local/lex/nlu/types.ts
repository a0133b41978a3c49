import type { RenderedLocale } from "../../../bot/types.js";

/** A slot value as the Lex V2 runtime shows it (`Slot.value`). */
export interface NluSlotValue {
  originalValue: string;
  /** `null` when ambiguous (e.g. AMAZON.Time "10 o'clock"); then `resolvedValues` holds the candidates. */
  interpretedValue: string | null;
  resolvedValues: string[];
}

export interface IntentScore {
  intent: string;
  /** 0..1, comparable with the locale's `nluConfidenceThreshold`. */
  confidence: number;
}

/** Context for resolving relative values (dates/times are relative to now in the shop's time zone). */
export interface ResolveContext {
  localeId: string;
  /** The zone Lex resolves relative dates in: the AWS Region's (local/fidelity.ts), not the shop's. */
  timeZone: string;
  now?: Date;
  /** Eight keyed digits (YYYYMMDD) fill AMAZON.Date (an emulator switch; Lex documents no keypad date). */
  keypadDates?: boolean;
}

/** A trained model for one locale, learned only from the rendered bot definition. */
export interface NluModel {
  readonly localeId: string;
  /** Scores for every non-fallback intent, best first. */
  classify(text: string): IntentScore[];
  /** Slots of `intentName` found in free text (utterance-level extraction), keyed by slot name. */
  extractSlots(text: string, intentName: string, ctx: ResolveContext): Record<string, NluSlotValue>;
  /** Resolves an answer to a slot prompt (elicitation turn) against the slot's type; `null` if it does not fit. */
  resolveSlot(intentName: string, slotName: string, text: string, ctx: ResolveContext): NluSlotValue | null;
}

/** Implemented in `local/lex/nlu/index.ts`. */
export type TrainNlu = (locale: RenderedLocale) => NluModel;
