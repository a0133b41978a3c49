import { LexRuntimeError } from "./lex-errors.js";
import {
  type CodeHook,
  type CodeHookEvent,
  type CodeHookResult,
  DIALOG_ACTION_TYPES,
  INTENT_STATES,
  MESSAGE_CONTENT_TYPES,
} from "./lex-types.js";

// Lex runtime limits on what a turn may return.
const MAX_MESSAGES = 10;
const MAX_MESSAGE_CHARS = 1024;

/**
 * Runs the code hook like Lex runs a Lambda: a throw, a timeout or a response that breaks the contract fails the
 * turn with `DependencyFailedException` (the session keeps its previous state).
 */
export async function invokeCodeHook(
  hook: CodeHook,
  event: CodeHookEvent,
  timeoutMs: number,
): Promise<CodeHookResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new LexRuntimeError("DependencyFailedException", `Lambda timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  let raw: unknown;
  try {
    raw = await Promise.race([hook(structuredClone(event)), timeout]);
  } catch (err) {
    if (err instanceof LexRuntimeError) throw err;
    throw new LexRuntimeError(
      "DependencyFailedException",
      "Invalid Lambda Response: Received error response from Lambda: Unhandled",
      { cause: err },
    );
  } finally {
    clearTimeout(timer);
  }
  const problem = codeHookResultProblem(raw, event);
  if (problem) {
    throw new LexRuntimeError("DependencyFailedException", `Invalid Lambda Response: ${problem}`);
  }
  return raw as CodeHookResult;
}

/** Why a code hook response breaks the Lex V2 response contract (aws-contracts §2.2), or `undefined`. */
export function codeHookResultProblem(
  raw: unknown,
  event?: Pick<CodeHookEvent, "sessionState">,
): string | undefined {
  if (!isObject(raw)) return "response is not a JSON object";
  const state = raw.sessionState;
  if (!isObject(state)) return "sessionState is required";
  const action = state.dialogAction;
  if (!isObject(action) || !DIALOG_ACTION_TYPES.includes(action.type as never)) {
    return "sessionState.dialogAction.type must be one of Close, ConfirmIntent, Delegate, ElicitIntent, ElicitSlot";
  }
  const type = action.type as string;
  if (type === "ElicitSlot" && (typeof action.slotToElicit !== "string" || !action.slotToElicit)) {
    return "slotToElicit is required for ElicitSlot";
  }
  const intent = state.intent;
  if (intent !== undefined) {
    if (!isObject(intent)) return "sessionState.intent must be an object";
    if (intent.name !== undefined && typeof intent.name !== "string") return "intent.name must be a string";
    if (intent.state !== undefined && !INTENT_STATES.includes(intent.state as never)) {
      return `intent.state ${String(intent.state)} is not valid`;
    }
    if (intent.slots !== undefined && intent.slots !== null && !isObject(intent.slots)) {
      return "intent.slots must be a map";
    }
    for (const [name, slot] of Object.entries(isObject(intent.slots) ? intent.slots : {})) {
      if (slot === null) continue;
      if (!isObject(slot) || (slot.value !== undefined && !isObject(slot.value)))
        return `slot ${name} is malformed`;
    }
  }
  if (type !== "Delegate" && type !== "ElicitIntent") {
    const effective = isObject(intent) ? intent : event?.sessionState.intent;
    if (!isObject(intent) && !effective) return `intent is required for ${type}`;
    if (isObject(intent) && intent.state === undefined) return `intent.state is required for ${type}`;
  }
  if (isObject(intent) && intent.state === "ReadyForFulfillment" && type !== "Delegate") {
    return "intent.state ReadyForFulfillment is only valid with Delegate";
  }
  if (state.sessionAttributes !== undefined) {
    if (!isObject(state.sessionAttributes)) return "sessionAttributes must be a map";
    for (const [k, v] of Object.entries(state.sessionAttributes)) {
      if (typeof v !== "string") return `sessionAttributes.${k} must be a string`;
    }
  }
  const messages = raw.messages;
  if (messages !== undefined) {
    if (!Array.isArray(messages)) return "messages must be a list";
    if (messages.length > MAX_MESSAGES) return `at most ${MAX_MESSAGES} messages`;
    for (const m of messages) {
      if (!isObject(m) || !MESSAGE_CONTENT_TYPES.includes(m.contentType as never)) {
        return "message contentType must be PlainText, SSML, CustomPayload or ImageResponseCard";
      }
      if (m.contentType !== "ImageResponseCard") {
        if (typeof m.content !== "string" || m.content.length < 1 || m.content.length > MAX_MESSAGE_CHARS) {
          return `message content must be 1 to ${MAX_MESSAGE_CHARS} characters`;
        }
      }
    }
  }
  if (type === "ElicitIntent" && (!Array.isArray(messages) || messages.length === 0)) {
    return "messages are required for ElicitIntent";
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
