import type { RenderedBot } from "../../bot/types.js";
import type {
  CodeHookEvent,
  DialogAction,
  RecognizeTextOutput,
  Slots,
} from "../../fulfillment/src/contracts/lex-v2.js";

/** How many turns the log keeps; older ones drop off first. */
export const TURN_LOG_CAPACITY = 500;
/** Input text is cut to this many characters (the Lex limit is 1,024; a log line needs less). */
export const MAX_LOGGED_INPUT_CHARS = 200;
/** What an obfuscated slot's value shows as in the log. */
export const OBFUSCATED_VALUE = "****";

/** One RecognizeText turn as `GET /_local/lex/turns` returns it. */
export interface LexTurnLogEntry {
  /** ISO 8601 (UTC) time the request arrived. */
  at: string;
  botId: string;
  aliasId: string;
  localeId: string;
  sessionId: string;
  inputMode: CodeHookEvent["inputMode"];
  /** The user's text, cut to 200 characters, obfuscated slot values replaced by `{SlotName}` like Lex's logs. */
  input: string;
  /** The top interpretation's intent (`null` when the request failed). */
  intent: string | null;
  /** The top interpretation's score; `null` for FallbackIntent, which Lex does not score. */
  nluConfidence: number | null;
  /** `interpretedValue` per slot of the intent; obfuscated slots show `****`, empty ones `null`. */
  slots: Record<string, string | null>;
  dialogAction: DialogAction["type"] | null;
  intentState: string | null;
  /** What the bot said on this turn. */
  messages: string[];
  latencyMs: number;
  /** The Lex error type when the request failed (e.g. `ValidationException`), absent on success. */
  error?: string;
}

/** What the runtime knows about one RecognizeText request when it finishes. */
export interface RecognizeTextRecord {
  startedAt: Date;
  latencyMs: number;
  ids: { botId: string; aliasId: string; localeId: string; sessionId: string };
  text: string;
  inputMode: CodeHookEvent["inputMode"];
  /** The dialog action and intent in force before the turn (stored or sent with the request). */
  before: { dialogAction?: DialogAction; intentName?: string };
  output?: RecognizeTextOutput;
  error?: string;
}

/** A bounded, in-memory ring of RecognizeText turns, oldest first, with obfuscated slots masked. */
export class TurnLog {
  private readonly entries: LexTurnLogEntry[] = [];
  private readonly obfuscated: ObfuscatedSlots;

  constructor(
    bot: RenderedBot,
    private readonly capacity: number = TURN_LOG_CAPACITY,
  ) {
    this.obfuscated = ObfuscatedSlots.of(bot);
  }

  /** Records one finished request (success or Lex error). */
  record(request: RecognizeTextRecord): LexTurnLogEntry {
    const entry = this.toEntry(request);
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return entry;
  }

  /** The kept turns in the order they were served, optionally of one session only. */
  list(filter: { sessionId?: string } = {}): LexTurnLogEntry[] {
    const { sessionId } = filter;
    return sessionId === undefined
      ? [...this.entries]
      : this.entries.filter((e) => e.sessionId === sessionId);
  }

  clear(): void {
    this.entries.length = 0;
  }

  get size(): number {
    return this.entries.length;
  }

  private toEntry(request: RecognizeTextRecord): LexTurnLogEntry {
    const { output } = request;
    const top = output?.interpretations[0];
    const stateIntent = output?.sessionState.intent;
    const intentName = top?.intent?.name ?? stateIntent?.name ?? null;
    // The session's view is what the dialog holds after the code hook; the interpretation is the NLU's guess.
    const slots =
      stateIntent && stateIntent.name === intentName ? stateIntent.slots : (top?.intent?.slots ?? undefined);
    const entry: LexTurnLogEntry = {
      at: request.startedAt.toISOString(),
      ...request.ids,
      inputMode: request.inputMode,
      input: this.maskInput(request, intentName, slots),
      intent: intentName,
      nluConfidence: top?.nluConfidence?.score ?? null,
      slots: intentName ? this.slotValues(intentName, slots) : {},
      dialogAction: output?.sessionState.dialogAction?.type ?? null,
      intentState: stateIntent?.state ?? null,
      messages: (output?.messages ?? []).map((m) => m.content ?? "").filter((c) => c !== ""),
      latencyMs: Math.round(request.latencyMs * 10) / 10,
    };
    if (request.error) entry.error = request.error;
    return entry;
  }

  private slotValues(intentName: string, slots: Slots | undefined): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const [name, slot] of Object.entries(slots ?? {})) {
      const value = slot?.value?.interpretedValue ?? null;
      out[name] = value !== null && this.obfuscated.has(intentName, name) ? OBFUSCATED_VALUE : value;
    }
    return out;
  }

  /** Lex's conversation-log rule: a recognised value becomes `{SlotName}`; an unrecognised answer to an obfuscated slot's prompt is hidden whole. */
  private maskInput(
    request: RecognizeTextRecord,
    intentName: string | null,
    slots: Slots | undefined,
  ): string {
    let text = request.text;
    if (intentName) {
      for (const [name, slot] of Object.entries(slots ?? {})) {
        if (!this.obfuscated.has(intentName, name) || !slot?.value) continue;
        for (const raw of [slot.value.originalValue, slot.value.interpretedValue]) {
          if (raw) text = text.split(raw).join(`{${name}}`);
        }
      }
    }
    const { dialogAction, intentName: beforeIntent } = request.before;
    const elicited = dialogAction?.type === "ElicitSlot" ? dialogAction.slotToElicit : undefined;
    if (
      elicited &&
      text === request.text &&
      this.obfuscated.has(beforeIntent ?? intentName ?? undefined, elicited)
    ) {
      text = `{${elicited}}`;
    }
    return text.length > MAX_LOGGED_INPUT_CHARS ? text.slice(0, MAX_LOGGED_INPUT_CHARS) : text;
  }
}

/** Which slots the bot definition marks `obfuscated` (Lex `DefaultObfuscation`), per intent. */
class ObfuscatedSlots {
  private constructor(
    private readonly byIntent: Map<string, Set<string>>,
    private readonly anyIntent: Set<string>,
  ) {}

  static of(bot: RenderedBot): ObfuscatedSlots {
    const byIntent = new Map<string, Set<string>>();
    const anyIntent = new Set<string>();
    for (const locale of bot.locales) {
      for (const intent of locale.intents) {
        const set = byIntent.get(intent.name) ?? new Set<string>();
        byIntent.set(intent.name, set);
        for (const slot of intent.slots) {
          if (!slot.obfuscated) continue;
          set.add(slot.name);
          anyIntent.add(slot.name);
        }
      }
    }
    return new ObfuscatedSlots(byIntent, anyIntent);
  }

  /** For no or an unknown intent, a slot name obfuscated in any intent counts (errs on the side of hiding). */
  has(intentName: string | undefined, slotName: string): boolean {
    const known = intentName === undefined ? undefined : this.byIntent.get(intentName);
    return known ? known.has(slotName) : this.anyIntent.has(slotName);
  }
}
