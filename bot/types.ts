/**
 * The typed, locale-agnostic shape of the Orderline Lex V2 bot.
 * Text (utterances, prompts) lives in `locales/<localeId>/bot.json`; `renderBot` joins the two.
 * The same rendered model feeds the CDK `CfnBot` (infra/) and the local Lex emulator (local/).
 */
import type { LocaleBotText } from "../locales/types.js";

export type { LocaleBotText };

/** Built-in Lex V2 slot types Orderline uses. */
export type BuiltInSlotType =
  | "AMAZON.Date"
  | "AMAZON.Time"
  | "AMAZON.Number"
  | "AMAZON.PhoneNumber"
  | "AMAZON.AlphaNumeric";

export interface SlotDefinition {
  name: string;
  /** A built-in type or the name of a custom slot type in `BotDefinition.slotTypes`. */
  slotType: BuiltInSlotType | string;
  /** Lex `slotConstraint`. Orderline's code hook decides most elicitation, so most slots are optional. */
  required: boolean;
  /** Never log or echo the value (Lex `DefaultObfuscation`). */
  obfuscated?: boolean;
  /** Digits may be keyed on the phone keypad (Lex DTMF input, `#` ends input). */
  allowDtmf?: boolean;
  /** Lex `maxRetries` for the slot prompt. */
  maxRetries: number;
  /**
   * Lex `slotCaptureSetting`: whether the dialog code hook runs after an answer to this slot's prompt. Lex's
   * default when the template leaves it unset is undocumented, so every slot says it. @default SLOT_CAPTURE_DEFAULT
   */
  capture?: SlotCaptureDefinition;
}

/**
 * What Lex does after an answer to a slot prompt (`SlotCaptureSetting`,
 * https://docs.aws.amazon.com/lexv2/latest/APIReference/API_SlotCaptureSetting.html).
 */
export interface SlotCaptureDefinition {
  /** The dialog code hook runs after the answer filled the slot (`codeHook`); else Lex moves to the next slot. */
  codeHookOnCapture: boolean;
  /**
   * The dialog code hook runs when an answer does not fill the slot (`elicitationCodeHook`): はい to a date the
   * bot offered, "as soon as possible", an order chosen by its item. Else Lex re-prompts on its own.
   */
  codeHookOnFailure: boolean;
  /** When the slot's retries are used up (`failureNextStep`): the FallbackIntent, or end the conversation. */
  failureNextStep: "FallbackIntent" | "EndConversation";
}

/** Every Orderline slot: the code hook decides after every answer, filled or not. */
export const SLOT_CAPTURE_DEFAULT: SlotCaptureDefinition = {
  codeHookOnCapture: true,
  codeHookOnFailure: true,
  failureNextStep: "FallbackIntent",
};

/**
 * A Lex V2 context: a question the bot or the flow asked, so that a short answer ("yes", 「はい」) is read
 * against it. Lex keeps it active for `turnsToLive` turns or `timeToLiveInSeconds`, whichever ends first.
 */
export interface ContextDefinition {
  /** Lex pattern `^([A-Za-z]_?)+$`. */
  name: string;
  /** 5..86400. */
  timeToLiveInSeconds: number;
  /** 1..20. */
  turnsToLive: number;
}

export interface IntentDefinition {
  name: string;
  /** Elicitation priority = array order. */
  slots: SlotDefinition[];
  /** The intent asks for confirmation before fulfilment. */
  confirmation: boolean;
  dialogCodeHook: boolean;
  fulfillmentCodeHook: boolean;
  /** Built-in intents, e.g. `AMAZON.FallbackIntent`: no utterances, no slots. */
  parentIntentSignature?: string;
  /**
   * Lex `inputContexts`: the intent is recognised only while *every* one of these contexts is active (names
   * of `BotDefinition.contexts`). Omitted = always eligible.
   */
  inputContexts?: string[];
  /** Lex `outputContexts`: activated when the intent is fulfilled (names of `BotDefinition.contexts`). */
  outputContexts?: string[];
}

export interface SlotTypeDefinition {
  name: string;
  /** Extend a built-in type (with `regex`), e.g. `AMAZON.AlphaNumeric`. */
  parentSlotTypeSignature?: BuiltInSlotType;
  /** Lex regex filter (no `*`, `+`, `.`, `{x,}`), only with `AMAZON.AlphaNumeric`. */
  regex?: string;
  resolutionStrategy: "ORIGINAL_VALUE" | "TOP_RESOLUTION";
}

export interface BotDefinition {
  name: string;
  description: string;
  idleSessionTtlInSeconds: number;
  intents: IntentDefinition[];
  slotTypes: SlotTypeDefinition[];
  /** Contexts intents may name in `inputContexts` / `outputContexts` (optional: older definitions have none). */
  contexts?: ContextDefinition[];
}

/** A fully rendered locale: definition joined with text. What CDK and the emulator consume. */
export interface RenderedSlot extends SlotDefinition {
  prompts: string[];
  sampleUtterances: string[];
}
export interface RenderedIntent extends Omit<IntentDefinition, "slots"> {
  utterances: string[];
  slots: RenderedSlot[];
  confirmationPrompts: string[];
  declinationResponse?: string;
}
export interface RenderedSlotType extends SlotTypeDefinition {
  values: { value: string; synonyms: string[] }[];
}
export interface RenderedLocale {
  localeId: string;
  languageCode: string;
  voice: LocaleBotText["voice"];
  nluConfidenceThreshold: number;
  timeZone: string;
  intents: RenderedIntent[];
  slotTypes: RenderedSlotType[];
  /** The bot's contexts (empty when the definition declares none). */
  contexts?: ContextDefinition[];
}
export interface RenderedBot {
  name: string;
  description: string;
  idleSessionTtlInSeconds: number;
  locales: RenderedLocale[];
}
