/**
 * The Lex V2 wire contract, declared once for the Lambda, the emulator and the tests: the code-hook event
 * (https://docs.aws.amazon.com/lexv2/latest/dg/lambda-input-format.html), the code-hook response
 * (https://docs.aws.amazon.com/lexv2/latest/dg/lambda-response-format.html) and the runtime API's session
 * state (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_runtime_SessionState.html).
 *
 * Checked with plain type guards next to the types: zod/mini doubled the lex bundle's module init (+7 ms per
 * cold start) for the same event check, and a caller waits through every cold start.
 */

export const INVOCATION_SOURCES = ["DialogCodeHook", "FulfillmentCodeHook"] as const;
export type InvocationSource = (typeof INVOCATION_SOURCES)[number];

export const INPUT_MODES = ["DTMF", "Speech", "Text"] as const;
export type InputMode = (typeof INPUT_MODES)[number];

/** `None` is in the runtime API model only; the code-hook pages list the other five. */
export const DIALOG_ACTION_TYPES = [
  "Close",
  "ConfirmIntent",
  "Delegate",
  "ElicitIntent",
  "ElicitSlot",
  "None",
] as const;
export type DialogActionType = (typeof DIALOG_ACTION_TYPES)[number];

export const INTENT_STATES = [
  "Failed",
  "Fulfilled",
  "InProgress",
  "ReadyForFulfillment",
  "Waiting",
  "FulfillmentInProgress",
] as const;
export type IntentState = (typeof INTENT_STATES)[number];

export const CONFIRMATION_STATES = ["Confirmed", "Denied", "None"] as const;
export type ConfirmationState = (typeof CONFIRMATION_STATES)[number];

export const MESSAGE_CONTENT_TYPES = ["PlainText", "SSML", "CustomPayload", "ImageResponseCard"] as const;
export type MessageContentType = (typeof MESSAGE_CONTENT_TYPES)[number];

export const SLOT_SHAPES = ["Scalar", "List", "Composite"] as const;
export type SlotShape = (typeof SLOT_SHAPES)[number];

/** Lex V2 quotas a response must respect (https://docs.aws.amazon.com/lexv2/latest/dg/quotas.html). */
export const LEX_LIMITS = {
  messagesPerResponse: 10,
  messageChars: 1024,
  /** 12 KB of session attributes; counted as 12,000 bytes of JSON to stay clear of the edge. */
  sessionAttributesBytes: 12_000,
  sessionIdChars: 100,
  intentNameChars: 100,
} as const;

export interface SlotValue {
  originalValue?: string;
  /** `null` when Lex could not settle on one value (AMAZON.Time "10 o'clock" → `resolvedValues` 10:00, 22:00). */
  interpretedValue: string | null;
  resolvedValues?: string[];
}

/** A slot; `null` in a `Slots` map means not filled. */
export interface Slot {
  shape?: SlotShape;
  value?: SlotValue;
  values?: Slot[];
  subSlots?: Slots;
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

/** The session state the runtime API takes and returns, and a code hook sees and answers. */
export interface SessionState {
  dialogAction?: DialogAction;
  intent?: Intent;
  activeContexts?: unknown[];
  sessionAttributes?: Record<string, string>;
  originatingRequestId?: string;
  runtimeHints?: unknown;
}

export interface Message {
  contentType: MessageContentType;
  content?: string;
  imageResponseCard?: unknown;
}

/** An interpretation as the runtime API returns it: the score is wrapped (`{ score }`). */
export interface Interpretation {
  nluConfidence?: { score: number };
  intent?: Intent;
  interpretationSource?: "Bedrock" | "Lex";
}

/** RecognizeText's answer (https://docs.aws.amazon.com/lexv2/latest/APIReference/API_runtime_RecognizeText.html). */
export interface RecognizeTextOutput {
  messages?: Message[];
  sessionState: SessionState;
  interpretations: Interpretation[];
  requestAttributes?: Record<string, string>;
  sessionId: string;
}

/** The code-hook event as Lex sends it (messageVersion 1.0). `nluConfidence` is a plain number here. */
export interface CodeHookEvent {
  messageVersion: "1.0";
  invocationSource: InvocationSource;
  inputMode: InputMode;
  responseContentType: string;
  sessionId: string;
  inputTranscript: string;
  invocationLabel?: string;
  bot: { id: string; name: string; aliasId: string; aliasName: string; localeId: string; version: string };
  interpretations: { intent: Intent; nluConfidence?: number; interpretationSource: "Bedrock" | "Lex" }[];
  proposedNextState?: { dialogAction: DialogAction; intent: Intent; prompt?: { attempt: string } };
  requestAttributes: Record<string, string>;
  sessionState: SessionState & { sessionAttributes: Record<string, string> };
  transcriptions: unknown[];
}

/** What a code hook returns. */
export interface CodeHookResponse {
  sessionState: SessionState & { dialogAction: DialogAction };
  messages?: Message[];
  requestAttributes?: Record<string, string>;
}

/** The part of the code-hook event Orderline relies on, as `parseLexEvent` returns it. */
export interface LexEvent {
  invocationSource: InvocationSource;
  inputMode?: InputMode;
  sessionId: string;
  inputTranscript: string;
  bot: { id?: string; localeId: string };
  sessionState: {
    sessionAttributes: Record<string, string>;
    intent: Intent & { slots: Slots };
    /** The Lex contexts active this turn (well-formed ones only): the question the answer is read against. */
    activeContexts?: EventContext[];
  };
  requestAttributes: Record<string, string>;
  /** What Lex recognised, best first: intent names and scores only. */
  interpretations: { intent: { name: string }; nluConfidence?: number }[];
}

/** An active context as the code hook reads and returns it. */
export interface EventContext {
  name: string;
  contextAttributes: Record<string, string>;
  timeToLive: { timeToLiveInSeconds: number; turnsToLive: number };
}

/** What Orderline's code hook answers: plain-text messages, every intent complete. */
export interface LexResult extends CodeHookResponse {
  sessionState: {
    sessionAttributes: Record<string, string>;
    dialogAction: { type: Exclude<DialogActionType, "None">; slotToElicit?: string };
    intent?: { name: string; slots: Slots; state: IntentState; confirmationState: ConfirmationState };
    activeContexts?: EventContext[];
  };
  messages?: { contentType: "PlainText"; content: string }[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";

function oneOf<T extends string>(values: readonly T[], v: unknown): T | undefined {
  return values.includes(v as T) ? (v as T) : undefined;
}

function stringMap(v: unknown): Record<string, string> | null {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) return null;
  return Object.values(v).every(isString) ? (v as Record<string, string>) : null;
}

/** A slot as the Lambda reads it; anything unreadable counts as not filled. */
function slotOf(v: unknown): Slot | null {
  if (!isObject(v) || !isObject(v.value)) return null;
  const { originalValue, interpretedValue, resolvedValues } = v.value;
  return {
    shape: oneOf(SLOT_SHAPES, v.shape) ?? "Scalar",
    value: {
      originalValue: isString(originalValue) ? originalValue : undefined,
      interpretedValue: isString(interpretedValue) ? interpretedValue : null,
      resolvedValues: Array.isArray(resolvedValues) ? resolvedValues.filter(isString) : [],
    },
  };
}

/**
 * Validates a code-hook event at the Lambda's edge: `null` when it is not a usable Lex V2 event. Unknown
 * fields are dropped, as AWS advises (the format may grow without a new messageVersion).
 */
export function parseLexEvent(raw: unknown): LexEvent | null {
  if (
    !isObject(raw) ||
    !isObject(raw.bot) ||
    !isObject(raw.sessionState) ||
    !isObject(raw.sessionState.intent)
  )
    return null;
  const { sessionId, bot, inputTranscript } = raw;
  const intent = raw.sessionState.intent;
  const invocationSource = oneOf(INVOCATION_SOURCES, raw.invocationSource);
  if (!invocationSource) return null;
  if (!isString(sessionId) || sessionId.length < 1 || sessionId.length > LEX_LIMITS.sessionIdChars)
    return null;
  if (!isString(bot.localeId) || bot.localeId.length < 2) return null;
  if (!isString(intent.name) || intent.name.length < 1 || intent.name.length > LEX_LIMITS.intentNameChars)
    return null;
  if (inputTranscript !== undefined && inputTranscript !== null && !isString(inputTranscript)) return null;
  const sessionAttributes = stringMap(raw.sessionState.sessionAttributes);
  const requestAttributes = stringMap(raw.requestAttributes);
  if (!sessionAttributes || !requestAttributes) return null;
  const slots: Slots = {};
  if (intent.slots !== undefined && intent.slots !== null) {
    if (!isObject(intent.slots)) return null;
    for (const [name, value] of Object.entries(intent.slots)) slots[name] = slotOf(value);
  }
  return {
    invocationSource,
    inputMode: oneOf(INPUT_MODES, raw.inputMode),
    sessionId,
    // Lex caps input at 1,024 characters; more is not a real event, so keep a bounded prefix.
    inputTranscript: isString(inputTranscript) ? inputTranscript.slice(0, 4096) : "",
    bot: { id: isString(bot.id) ? bot.id : undefined, localeId: bot.localeId },
    sessionState: {
      sessionAttributes,
      intent: {
        name: intent.name,
        slots,
        state: oneOf(INTENT_STATES, intent.state),
        confirmationState: oneOf(CONFIRMATION_STATES, intent.confirmationState),
      },
      activeContexts: contextsOf(raw.sessionState.activeContexts),
    },
    requestAttributes,
    interpretations: interpretationsOf(raw.interpretations),
  };
}

// Malformed entries are dropped, not fatal: contexts and interpretations only refine how an answer is read.
function contextsOf(v: unknown): EventContext[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((c) => {
    if (!isObject(c) || !isString(c.name)) return [];
    const ttl = isObject(c.timeToLive) ? c.timeToLive : {};
    return [
      {
        name: c.name,
        contextAttributes: stringMap(c.contextAttributes) ?? {},
        timeToLive: {
          timeToLiveInSeconds: Number(ttl.timeToLiveInSeconds) || 0,
          turnsToLive: Number(ttl.turnsToLive) || 0,
        },
      },
    ];
  });
}

function interpretationsOf(v: unknown): LexEvent["interpretations"] {
  if (!Array.isArray(v)) return [];
  return v.slice(0, 5).flatMap((i) => {
    if (!isObject(i) || !isObject(i.intent) || !isString(i.intent.name)) return [];
    const c = i.nluConfidence;
    const score =
      typeof c === "number" ? c : isObject(c) && typeof c.score === "number" ? c.score : undefined;
    return [{ intent: { name: i.intent.name }, ...(score !== undefined ? { nluConfidence: score } : {}) }];
  });
}

/** The interpreted (else original) value of a slot, or undefined. */
export function slotText(slots: Slots | null | undefined, name: string): string | undefined {
  const v = slots?.[name]?.value;
  const text = v?.interpretedValue ?? v?.originalValue;
  return text?.trim() ? text.trim() : undefined;
}

/**
 * Every reading of a slot's value: as interpreted (or said), then Lex's resolved values (a synonym's sample value,
 * e.g. かしつき → 加湿器), without repeats.
 */
export function slotReadings(slots: Slots | null | undefined, name: string): string[] {
  const v = slots?.[name]?.value;
  const all = [v?.interpretedValue ?? v?.originalValue, ...(v?.resolvedValues ?? [])];
  return [...new Set(all.map((t) => t?.trim()).filter((t): t is string => Boolean(t)))];
}

/** A slot as Lex represents a value the code hook filled in. */
export function scalarSlot(value: string, original = value): Slot {
  return {
    shape: "Scalar",
    value: { originalValue: original, interpretedValue: value, resolvedValues: [value] },
  };
}

export interface ResponseCheckOptions {
  /** The event answered: a response without an intent keeps the session's one (the emulator passes it). */
  event?: { sessionState: { intent?: Intent } };
  /**
   * Where AWS's pages disagree, take the stricter reading: ConfirmIntent needs messages, no `None` dialog
   * action, every intent carries a name and a state. The tests hold Orderline's own Lambda to this.
   */
  strictest?: boolean;
}

/**
 * Why a code-hook response breaks the Lex V2 response contract: Lex answers such a turn with
 * DependencyFailedException ("Invalid Lambda Response"). Empty when the response is valid.
 */
export function codeHookResponseProblems(raw: unknown, options: ResponseCheckOptions = {}): string[] {
  const strictest = options.strictest ?? false;
  if (!isObject(raw)) return ["response is not a JSON object"];
  const state = raw.sessionState;
  if (!isObject(state)) return ["sessionState is required"];
  const action = state.dialogAction;
  const types = DIALOG_ACTION_TYPES.filter((t) => !strictest || t !== "None");
  if (!isObject(action) || !oneOf(types, action.type)) {
    return [`sessionState.dialogAction.type must be one of ${types.join(", ")}`];
  }
  const type = action.type as DialogActionType;
  const problems: string[] = [];
  if (action.slotToElicit !== undefined && !isString(action.slotToElicit)) {
    problems.push("slotToElicit must be a string");
  }
  if (type === "ElicitSlot" && (!isString(action.slotToElicit) || !action.slotToElicit)) {
    problems.push("slotToElicit is required for ElicitSlot");
  }
  const intent = state.intent;
  if (intent !== undefined && !isObject(intent))
    return [...problems, "sessionState.intent must be an object"];
  if (intent) problems.push(...intentProblems(intent, strictest));
  const needsIntent = type !== "Delegate" && type !== "ElicitIntent";
  if (needsIntent && !intent && (strictest || !options.event?.sessionState.intent)) {
    problems.push(`intent is required for ${type}`);
  }
  if (intent && intent.state === undefined && (needsIntent || strictest)) {
    problems.push(`intent.state is required for ${type}`);
  }
  if (intent?.state === "ReadyForFulfillment" && type !== "Delegate") {
    problems.push("intent.state ReadyForFulfillment is only valid with Delegate");
  }
  problems.push(...sessionAttributeProblems(state.sessionAttributes));
  const messages = raw.messages;
  if (messages !== undefined) problems.push(...messageProblems(messages));
  const needsMessages = type === "ElicitIntent" || (strictest && type === "ConfirmIntent");
  if (needsMessages && (!Array.isArray(messages) || messages.length === 0)) {
    problems.push(`messages are required for ${type}`);
  }
  return problems;
}

function intentProblems(intent: Record<string, unknown>, strictest: boolean): string[] {
  const problems: string[] = [];
  if (intent.name !== undefined || strictest) {
    if (!isString(intent.name) || (strictest && !intent.name)) problems.push("intent.name must be a string");
  }
  if (intent.state !== undefined && !oneOf(INTENT_STATES, intent.state)) {
    problems.push(`intent.state ${String(intent.state)} is not valid`);
  }
  if (intent.confirmationState !== undefined && !oneOf(CONFIRMATION_STATES, intent.confirmationState)) {
    problems.push(`intent.confirmationState ${String(intent.confirmationState)} is not valid`);
  }
  if (intent.slots === null && strictest) problems.push("intent.slots must be a map");
  if (intent.slots !== undefined && intent.slots !== null) {
    if (!isObject(intent.slots)) return [...problems, "intent.slots must be a map"];
    for (const [name, slot] of Object.entries(intent.slots)) {
      if (slot !== null && !isSlot(slot)) problems.push(`slot ${name} is malformed`);
    }
  }
  return problems;
}

function isSlot(v: unknown): boolean {
  if (!isObject(v)) return false;
  if (v.shape !== undefined && !oneOf(SLOT_SHAPES, v.shape)) return false;
  if (v.value !== undefined) {
    const value = v.value;
    if (!isObject(value)) return false;
    if (value.interpretedValue !== null && !isString(value.interpretedValue)) return false;
    if (value.originalValue !== undefined && !isString(value.originalValue)) return false;
    if (value.resolvedValues !== undefined) {
      if (!Array.isArray(value.resolvedValues) || !value.resolvedValues.every(isString)) return false;
    }
  }
  if (v.values !== undefined && (!Array.isArray(v.values) || !v.values.every(isSlot))) return false;
  return true;
}

function sessionAttributeProblems(attributes: unknown): string[] {
  if (attributes === undefined) return [];
  if (!isObject(attributes)) return ["sessionAttributes must be a map"];
  for (const [k, v] of Object.entries(attributes)) {
    if (!isString(v)) return [`sessionAttributes.${k} must be a string`];
  }
  const bytes = new TextEncoder().encode(JSON.stringify(attributes)).length;
  return bytes > LEX_LIMITS.sessionAttributesBytes
    ? [`sessionAttributes are ${bytes} bytes, over ${LEX_LIMITS.sessionAttributesBytes}`]
    : [];
}

function messageProblems(messages: unknown): string[] {
  if (!Array.isArray(messages)) return ["messages must be a list"];
  const max = LEX_LIMITS.messagesPerResponse;
  const problems = messages.length > max ? [`at most ${max} messages`] : [];
  for (const m of messages) {
    if (!isObject(m) || !oneOf(MESSAGE_CONTENT_TYPES, m.contentType)) {
      problems.push(`message contentType must be one of ${MESSAGE_CONTENT_TYPES.join(", ")}`);
      continue;
    }
    // An image card carries its text in `imageResponseCard`; every other message needs `content`.
    if (m.contentType === "ImageResponseCard") continue;
    const chars = LEX_LIMITS.messageChars;
    if (!isString(m.content) || m.content.length < 1 || m.content.length > chars) {
      problems.push(`message content must be 1 to ${chars} characters`);
    }
  }
  return problems;
}
