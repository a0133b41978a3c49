import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
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
  /** Version the alias ran (the emulator serves `DRAFT`). */
  botVersion?: string;
  /** `x-amz-lex:channels:platform` of the request (e.g. `Connect`), else `API`. */
  channel?: string;
  /** The intent's `confirmationState` after the turn. */
  confirmationState?: string;
  /** Orderline's session attributes after the turn: `outcome`, `handoffReason`, `orderId` (when set). */
  outcome?: string;
  handoffReason?: string;
  orderId?: string;
  /** The request id Lex generated for the turn. */
  requestId?: string;
}

/** Where finished turns are kept beyond the in-memory ring (a file in the data dir, or memory). */
export interface TurnStore {
  append(entry: LexTurnLogEntry): void;
  /** Every kept turn, oldest first. */
  all(): LexTurnLogEntry[];
  clear(): void;
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
  private readonly listeners = new Set<(entry: LexTurnLogEntry) => void>();
  private store: TurnStore | undefined;

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
    this.store?.append(entry);
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** Keeps every turn from now on in `store` too (the conversation log analytics read). */
  persistTo(store: TurnStore): void {
    this.store = store;
  }

  /** The whole conversation log: the store's turns, or the in-memory ring without one. */
  history(): LexTurnLogEntry[] {
    return this.store ? this.store.all() : [...this.entries];
  }

  /** Calls `listener` after each recorded turn; returns the unsubscribe function. */
  onRecord(listener: (entry: LexTurnLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The kept turns in the order they were served, optionally of one session only. */
  list(filter: { sessionId?: string } = {}): LexTurnLogEntry[] {
    const { sessionId } = filter;
    return sessionId === undefined
      ? [...this.entries]
      : this.entries.filter((e) => e.sessionId === sessionId);
  }

  /** Clears the in-memory ring (what `DELETE /_local/lex/turns` does); the conversation log stays. */
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
    entry.botVersion = "DRAFT";
    entry.channel = output?.requestAttributes?.["x-amz-lex:channels:platform"] ?? "API";
    const requestId = output?.sessionState.originatingRequestId;
    if (requestId) entry.requestId = requestId;
    if (stateIntent?.confirmationState) entry.confirmationState = stateIntent.confirmationState;
    const attrs = output?.sessionState.sessionAttributes ?? {};
    for (const key of ["outcome", "handoffReason", "orderId"] as const) {
      if (attrs[key]) entry[key] = attrs[key];
    }
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

/** How many turns the conversation log keeps (oldest dropped first); about a busy week of a small shop. */
export const CONVERSATION_LOG_CAPACITY = 20_000;
/** Turns older than this are dropped when the log is compacted. */
export const CONVERSATION_LOG_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/**
 * A log of JSON lines in a file (e.g. the conversation log `<data dir>/lex/conversations.jsonl`) (`<data dir>/lex/conversations.jsonl`), bounded by count and age.
 * Appends are synchronous one-line writes (a turn is already a few milliseconds); when the file holds a fifth more
 * than the capacity it is rewritten with the newest turns, through a temporary file and a rename.
 */
export class JsonLinesLog<T extends { at: string }> {
  private readonly entries: T[];

  constructor(
    private readonly file: string,
    private readonly capacity: number = CONVERSATION_LOG_CAPACITY,
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.entries = existsSync(file) ? parseLines<T>(readFileSync(file, "utf8")) : [];
    if (this.entries.length > capacity) this.compact();
  }

  append(entry: T): void {
    this.entries.push(entry);
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    if (this.entries.length > this.capacity * 1.2) this.compact();
  }

  all(): T[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries.length = 0;
    writeFileSync(this.file, "");
  }

  private compact(): void {
    const oldest = this.now() - CONVERSATION_LOG_MAX_AGE_MS;
    const kept = this.entries.filter((e) => Date.parse(e.at) >= oldest).slice(-this.capacity);
    this.entries.splice(0, this.entries.length, ...kept);
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, kept.map((e) => `${JSON.stringify(e)}\n`).join(""));
    renameSync(tmp, this.file);
  }
}

/** The conversation log file. */
export class FileTurnStore extends JsonLinesLog<LexTurnLogEntry> implements TurnStore {}

/** The conversation log in memory (`--in-memory`), bounded by count. */
export class MemoryTurnStore implements TurnStore {
  private readonly entries: LexTurnLogEntry[] = [];
  constructor(private readonly capacity: number = CONVERSATION_LOG_CAPACITY) {}
  append(entry: LexTurnLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }
  all(): LexTurnLogEntry[] {
    return [...this.entries];
  }
  clear(): void {
    this.entries.length = 0;
  }
}

// A torn last line (the process died mid-write) is skipped, not fatal.
function parseLines<T>(text: string): T[] {
  const out: T[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // skip
    }
  }
  return out;
}
