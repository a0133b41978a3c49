/**
 * The part of the Lex V2 code-hook event Orderline relies on (aws-contracts.md §2.1). Unknown fields are
 * ignored, as AWS advises. Validated with plain type guards: a schema library costs ~60 ms of cold start.
 */
export interface LexSlotValue {
  originalValue?: string;
  interpretedValue?: string | null;
  resolvedValues?: string[];
}
export interface LexSlot {
  shape?: string;
  value?: LexSlotValue;
  values?: unknown[];
}
export type LexSlots = Record<string, LexSlot | null>;

export interface LexEvent {
  invocationSource: "DialogCodeHook" | "FulfillmentCodeHook";
  inputMode?: string;
  sessionId: string;
  inputTranscript: string;
  bot: { id?: string; localeId: string };
  sessionState: {
    sessionAttributes: Record<string, string>;
    intent: { name: string; slots: LexSlots; state?: string; confirmationState?: string };
  };
  requestAttributes: Record<string, string>;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";

function stringMap(v: unknown): Record<string, string> | null {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) return null;
  return Object.values(v).every(isString) ? (v as Record<string, string>) : null;
}

function slotOf(v: unknown): LexSlot | null {
  if (!isObject(v) || !isObject(v.value)) return null;
  const { originalValue, interpretedValue, resolvedValues } = v.value;
  return {
    shape: isString(v.shape) ? v.shape : "Scalar",
    value: {
      originalValue: isString(originalValue) ? originalValue : undefined,
      interpretedValue: isString(interpretedValue) ? interpretedValue : null,
      resolvedValues: Array.isArray(resolvedValues) ? resolvedValues.filter(isString) : [],
    },
  };
}

/** Validates at the edge; `null` when the event is not a usable Lex V2 event. */
export function parseLexEvent(raw: unknown): LexEvent | null {
  if (
    !isObject(raw) ||
    !isObject(raw.bot) ||
    !isObject(raw.sessionState) ||
    !isObject(raw.sessionState.intent)
  )
    return null;
  const { invocationSource, sessionId, bot, inputTranscript, inputMode } = raw;
  const intent = raw.sessionState.intent;
  if (invocationSource !== "DialogCodeHook" && invocationSource !== "FulfillmentCodeHook") return null;
  if (!isString(sessionId) || sessionId.length < 1 || sessionId.length > 100) return null;
  if (!isString(bot.localeId) || bot.localeId.length < 2) return null;
  if (!isString(intent.name) || intent.name.length < 1 || intent.name.length > 100) return null;
  if (inputTranscript !== undefined && inputTranscript !== null && !isString(inputTranscript)) return null;
  const sessionAttributes = stringMap(raw.sessionState.sessionAttributes);
  const requestAttributes = stringMap(raw.requestAttributes);
  if (!sessionAttributes || !requestAttributes) return null;
  const slots: LexSlots = {};
  if (intent.slots !== undefined && intent.slots !== null) {
    if (!isObject(intent.slots)) return null;
    for (const [name, value] of Object.entries(intent.slots)) slots[name] = slotOf(value);
  }
  return {
    invocationSource,
    inputMode: isString(inputMode) ? inputMode : undefined,
    sessionId,
    inputTranscript: isString(inputTranscript) ? inputTranscript.slice(0, 4096) : "",
    bot: { id: isString(bot.id) ? bot.id : undefined, localeId: bot.localeId },
    sessionState: {
      sessionAttributes,
      intent: {
        name: intent.name,
        slots,
        state: isString(intent.state) ? intent.state : undefined,
        confirmationState: isString(intent.confirmationState) ? intent.confirmationState : undefined,
      },
    },
    requestAttributes,
  };
}

/** The interpreted (else original) value of a slot, or undefined. */
export function slotText(slots: LexSlots | null | undefined, name: string): string | undefined {
  const v = slots?.[name]?.value;
  const text = v?.interpretedValue ?? v?.originalValue;
  return text?.trim() ? text.trim() : undefined;
}

/** A slot as Lex represents a value the code hook filled in. */
export function scalarSlot(value: string, original = value): LexSlot {
  return {
    shape: "Scalar",
    value: { originalValue: original, interpretedValue: value, resolvedValues: [value] },
  };
}
