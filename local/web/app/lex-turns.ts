/** One Lex turn as the console shows it. */
export interface LexTurn {
  conversation: string;
  input: string;
  intent: string;
  slots: string;
  confidence: string;
  dialogState: string;
  /** What the bot answered on this turn. */
  reply: string;
}

type Obj = Record<string, unknown>;

/**
 * Reads Lex turns from a turn log or a call record, tolerating the shapes Lex itself uses
 * (`sessionState.intent`, `interpretations[].nluConfidence`) and flatter ones (`intent`, `slots`, `confidence`).
 */
export function readLexTurns(data: unknown, conversation = ""): LexTurn[] {
  const list = findTurnList(data);
  return list.filter(isObj).map((turn) => toTurn(turn, conversation));
}

function findTurnList(data: unknown): unknown[] {
  if (Array.isArray(data)) return data;
  if (!isObj(data)) return [];
  for (const key of ["turns", "lexTurns", "lex", "items"]) {
    const value = data[key];
    if (Array.isArray(value)) return value;
  }
  // A call transcript may interleave Lex turns with prompts.
  const transcript = data.transcript;
  if (Array.isArray(transcript)) {
    return transcript
      .filter((e) => isObj(e) && (e.type === "lex" || e.kind === "lex" || "intent" in e || "lex" in e))
      .map((e) => (isObj((e as Obj).lex) ? (e as Obj).lex : e));
  }
  return [];
}

function toTurn(turn: Obj, conversation: string): LexTurn {
  const state = obj(turn.sessionState);
  const stateIntent = obj(state.intent);
  const first = obj(Array.isArray(turn.interpretations) ? turn.interpretations[0] : undefined);
  const firstIntent = obj(first.intent);
  const intentField = turn.intent;
  const intentName =
    (typeof intentField === "string" ? intentField : str(obj(intentField).name)) ||
    str(turn.intentName) ||
    str(stateIntent.name) ||
    str(firstIntent.name);
  const slots = turn.slots ?? obj(intentField).slots ?? stateIntent.slots ?? firstIntent.slots;
  const confidence = turn.confidence ?? turn.nluConfidence ?? first.nluConfidence;
  return {
    conversation: str(turn.sessionId ?? turn.conversation ?? turn.contactId ?? turn.callId) || conversation,
    input: str(turn.inputTranscript ?? turn.input ?? turn.text ?? turn.utterance),
    intent: intentName,
    slots: formatSlots(slots),
    confidence: formatConfidence(confidence),
    dialogState: str(turn.error) || dialogState(turn, state, stateIntent, obj(intentField)),
    reply: formatMessages(turn.messages),
  };
}

/** "ElicitSlot · InProgress" when both are known (the emulator's turn log), else whichever there is. */
function dialogState(turn: Obj, state: Obj, stateIntent: Obj, intent: Obj): string {
  if (str(turn.dialogState)) return str(turn.dialogState);
  const action = str(turn.dialogAction) || str(obj(state.dialogAction).type);
  const intentState = str(turn.intentState) || str(stateIntent.state) || str(intent.state);
  return [action, intentState].filter(Boolean).join(" · ");
}

function formatSlots(slots: unknown): string {
  if (!isObj(slots)) return "";
  return Object.entries(slots)
    .map(([name, slot]) => {
      if (slot === null || slot === undefined) return `${name}=`;
      if (!isObj(slot)) return `${name}=${String(slot)}`;
      const value = obj(slot.value);
      return `${name}=${str(value.interpretedValue ?? value.originalValue ?? slot.interpretedValue)}`;
    })
    .join("\n");
}

function formatMessages(messages: unknown): string {
  if (!Array.isArray(messages)) return "";
  return messages
    .map((m) => (isObj(m) ? str(m.content) : str(m)))
    .filter(Boolean)
    .join("\n");
}

function formatConfidence(value: unknown): string {
  const n = typeof value === "number" ? value : isObj(value) ? value.score : undefined;
  return typeof n === "number" ? n.toFixed(2) : "";
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}
function str(v: unknown): string {
  return typeof v === "string" || typeof v === "number" ? String(v) : "";
}
