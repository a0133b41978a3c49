/** Lex V2 runtime shapes (botocore `lexv2-runtime` 2020-08-07), as the emulator stores and returns them. */

export type DialogActionType =
  | "Close"
  | "ConfirmIntent"
  | "Delegate"
  | "ElicitIntent"
  | "ElicitSlot"
  | "None";
export const DIALOG_ACTION_TYPES: readonly DialogActionType[] = [
  "Close",
  "ConfirmIntent",
  "Delegate",
  "ElicitIntent",
  "ElicitSlot",
  "None",
];
export type IntentState =
  | "Failed"
  | "Fulfilled"
  | "InProgress"
  | "ReadyForFulfillment"
  | "Waiting"
  | "FulfillmentInProgress";
export const INTENT_STATES: readonly IntentState[] = [
  "Failed",
  "Fulfilled",
  "InProgress",
  "ReadyForFulfillment",
  "Waiting",
  "FulfillmentInProgress",
];
export type ConfirmationState = "Confirmed" | "Denied" | "None";
export const MESSAGE_CONTENT_TYPES = ["PlainText", "SSML", "CustomPayload", "ImageResponseCard"] as const;

export interface SlotValue {
  originalValue?: string;
  interpretedValue: string | null;
  resolvedValues?: string[];
}

export interface Slot {
  shape?: "Scalar" | "List" | "Composite";
  value?: SlotValue;
  values?: Slot[];
  subSlots?: Record<string, Slot | null>;
}

export type Slots = Record<string, Slot | null>;

export interface Intent {
  name: string;
  slots?: Slots;
  state?: IntentState;
  confirmationState?: ConfirmationState;
}

export interface DialogAction {
  type: DialogActionType;
  slotToElicit?: string;
  slotElicitationStyle?: "Default" | "SpellByLetter" | "SpellByWord";
  subSlotToElicit?: unknown;
}

export interface SessionState {
  dialogAction?: DialogAction;
  intent?: Intent;
  activeContexts?: unknown[];
  sessionAttributes?: Record<string, string>;
  originatingRequestId?: string;
  runtimeHints?: unknown;
}

export interface Message {
  contentType: (typeof MESSAGE_CONTENT_TYPES)[number];
  content?: string;
  imageResponseCard?: unknown;
}

export interface Interpretation {
  nluConfidence?: { score: number };
  intent?: Intent;
  interpretationSource?: "Bedrock" | "Lex";
}

export interface RecognizeTextOutput {
  messages?: Message[];
  sessionState: SessionState;
  interpretations: Interpretation[];
  requestAttributes?: Record<string, string>;
  sessionId: string;
}

/** The Lambda code hook event (messageVersion 1.0). `nluConfidence` is a plain number there. */
export interface CodeHookEvent {
  messageVersion: "1.0";
  invocationSource: "DialogCodeHook" | "FulfillmentCodeHook";
  inputMode: "DTMF" | "Speech" | "Text";
  responseContentType: string;
  sessionId: string;
  inputTranscript: string;
  invocationLabel?: string;
  bot: { id: string; name: string; aliasId: string; aliasName: string; localeId: string; version: string };
  interpretations: { intent: Intent; nluConfidence?: number; interpretationSource: "Lex" }[];
  proposedNextState?: { dialogAction: DialogAction; intent: Intent; prompt?: { attempt: string } };
  requestAttributes: Record<string, string>;
  sessionState: SessionState & { sessionAttributes: Record<string, string> };
  transcriptions: unknown[];
}

/** What the code hook returns (validated before use). */
export interface CodeHookResult {
  sessionState: SessionState & { dialogAction: DialogAction };
  messages?: Message[];
  requestAttributes?: Record<string, string>;
}

/** The code hook: the fulfillment Lambda's handler, run in-process. */
export type CodeHook = (event: CodeHookEvent) => Promise<unknown>;
