import {
  type RenderedIntent,
  type RenderedLocale,
  SLOT_CAPTURE_DEFAULT,
  type SlotCaptureDefinition,
} from "../../bot/types.js";
import type {
  CodeHookEvent,
  CodeHookResponse,
  DialogAction,
  InputMode,
  Intent,
  Interpretation,
  Message,
  RecognizeTextOutput,
  SessionState,
  Slot,
  Slots,
} from "../../fulfillment/src/contracts/lex-v2.js";
import {
  type ActiveContext,
  activate,
  ContextClock,
  isEligible,
  mergeContexts,
  parseActiveContext,
  spendTurn,
} from "./active-contexts.js";
import { invokeCodeHook } from "./code-hook.js";
import { confirmationAnswer } from "./confirmation-answer.js";
import type { CodeHook } from "./lex-types.js";
import type { NluModel, NluSlotValue, ResolveContext } from "./nlu/types.js";
import { copyPlain } from "./plain-data.js";
import type { StoredSession } from "./session-store.js";

export const FALLBACK_INTENT = "FallbackIntent";
/** Lex allows this many retries of a confirmation prompt before it gives up (no per-bot setting here). */
const CONFIRMATION_MAX_RETRIES = 2;
/** During elicitation, another intent takes over only when the NLU is at least this sure (Lex "strong match"). */
const SWITCH_INTENT_CONFIDENCE = 0.8;
const MAX_INTERPRETATIONS = 5;

export interface BotIdentity {
  id: string;
  name: string;
  aliasId: string;
  aliasName: string;
  version: string;
}

export interface TurnInput {
  sessionId: string;
  text: string;
  requestAttributes: Record<string, string>;
  /** `sessionState` sent with the request: replaces the stored parts it carries. */
  sessionState?: SessionState;
  requestId: string;
}

export interface DialogEngineOptions {
  locale: RenderedLocale;
  model: NluModel;
  bot: BotIdentity;
  /** The code hook Lambda; without one, hooks are skipped as if disabled. */
  codeHook?: CodeHook;
  codeHookTimeoutMs: number;
  now?: () => Date;
  /** The zone AMAZON.Date/Time resolve in (the Region's). @default the locale's `timeZone` */
  lexTimeZone?: string;
  /** Eight keyed digits fill AMAZON.Date (emulator switch). @default false */
  keypadDates?: boolean;
  /** Keys 1 / 2 answer a confirmation prompt yes / no (emulator switch; undocumented). @default false */
  keypadConfirmation?: boolean;
}

/** Where Lex's own dialog management would go next. */
type NextStep =
  | { kind: "ElicitSlot"; slot: string }
  | { kind: "ConfirmIntent" }
  | { kind: "Declined" }
  | { kind: "Fulfill" };

/** Everything one turn needs: the session being changed and the request facts. */
interface Turn {
  session: StoredSession;
  input: TurnInput;
  inputMode: InputMode;
  text: string;
  interpretations: Interpretation[];
  messages: Message[];
  /** Contexts active for this turn (expired ones already dropped). */
  contexts: ActiveContext[];
  /** Contexts the code hook set this turn: they replace the session's list. */
  hookContexts?: ActiveContext[];
  /** The intent fulfilled this turn, whose output contexts become active. */
  fulfilled?: string;
}

const NEVER_MIND = "NeverMind";

/**
 * Lex V2 dialog management for one locale: intent classification (FallbackIntent under the threshold), slot
 * elicitation with prompts and retries, confirmation, and the dialog/fulfillment code hooks with every dialog action
 * they may return. Mutates the given session, whose state the output shares; the caller stores a snapshot of it
 * only when the turn succeeds.
 */
export class DialogEngine {
  private readonly locale: RenderedLocale;
  private readonly intents: Map<string, RenderedIntent>;

  constructor(private readonly opts: DialogEngineOptions) {
    this.locale = opts.locale;
    this.intents = new Map(opts.locale.intents.map((i) => [i.name, i]));
  }

  /** One RecognizeText turn. */
  async recognizeText(session: StoredSession, input: TurnInput): Promise<RecognizeTextOutput> {
    const nowMs = this.nowMs();
    // The contexts' clock is stored with the session (each turn works on a fresh copy of it), so the seconds
    // left count the pause between turns; the turn may replace `internals`, so it is put back when settled.
    const expiresAt = session.internals.contextExpiresAt ?? {};
    const clock = new ContextClock(expiresAt);
    applyRequestState(session, input.sessionState, clock, nowMs);
    const contexts = clock.live(readContexts(session.state.activeContexts), nowMs);
    const inputMode = inputModeOf(input.requestAttributes);
    const text = inputMode === "DTMF" ? input.text.trim().replace(/#$/, "") : input.text.trim();
    const turn: Turn = { session, input, inputMode, text, interpretations: [], messages: [], contexts };
    // Lex recognises an intent only while all its input contexts are active; the others are not candidates.
    const names = new Set(contexts.map((c) => c.name));
    const scores = this.opts.model
      .classify(text)
      .filter((s) => isEligible(this.intents.get(s.intent) ?? {}, names));
    const top = scores[0];
    const topIntent =
      top && top.confidence >= this.locale.nluConfidenceThreshold ? top.intent : FALLBACK_INTENT;
    const state = session.state;
    const active = state.intent && this.intents.get(state.intent.name) ? state.intent : undefined;
    const action = state.dialogAction;
    const waiting =
      active && (active.state === "InProgress" || active.state === "Waiting" || active.state === undefined);
    const strongSwitch = (current: string) =>
      topIntent !== FALLBACK_INTENT &&
      topIntent !== current &&
      (top?.confidence ?? 0) >= SWITCH_INTENT_CONFIDENCE;

    // An answer to the bot's own question fits (carry on), is clearly another request (switch), or is retried.
    const answer = async (
      current: Intent,
      fits: boolean,
      retry: () => Promise<void>,
      hookOnCapture = true,
    ) => {
      if (!fits && strongSwitch(current.name)) return this.startIntent(turn, topIntent, scores);
      this.setInterpretations(turn, scores, current);
      await (fits ? this.proceed(turn, current, hookOnCapture) : retry());
    };
    if (waiting && action?.type === "ElicitSlot" && action.slotToElicit) {
      const slot = action.slotToElicit;
      const value = this.resolveSlot(active.name, slot, text);
      if (value) active.slots = { ...this.emptySlots(active.name), ...active.slots, [slot]: toSlot(value) };
      // The slot's SlotCaptureSetting decides whether the hook runs after this answer (filled or not).
      const capture = this.captureOf(active.name, slot);
      await answer(
        active,
        Boolean(value),
        () => this.retrySlot(turn, active, slot, capture.codeHookOnFailure),
        capture.codeHookOnCapture,
      );
    } else if (waiting && action?.type === "ConfirmIntent") {
      // Lex documents no keypad yes/no at a confirmation: keys go to the code hook through the confirmation's
      // elicitation code hook, unless the emulator switch plays the old 1 = yes / 2 = no mapping.
      const keyed = inputMode === "DTMF" || /^[0-9#*]+$/.test(text.trim());
      let yes =
        keyed && !this.opts.keypadConfirmation
          ? null
          : confirmationAnswer(text, this.locale.localeId, inputMode === "DTMF");
      // "No, don't", 「やっぱりやめます」: a withdrawn request is a no to the confirmation, never a yes.
      if (yes === null && topIntent === NEVER_MIND) yes = false;
      if (yes !== null) active.confirmationState = yes ? "Confirmed" : "Denied";
      await answer(active, yes !== null, () => this.retryConfirmation(turn, active));
    } else {
      await this.startIntent(turn, topIntent, scores);
    }
    session.state.originatingRequestId = input.requestId;
    this.settleContexts(turn, clock, nowMs);
    session.internals.contextExpiresAt = expiresAt;
    session.messages = turn.messages;
    session.interpretations = turn.interpretations;
    return {
      messages: turn.messages,
      // Shared with the session: the caller stores a snapshot of the session and never changes it afterwards.
      sessionState: session.state,
      interpretations: turn.interpretations,
      requestAttributes: input.requestAttributes,
      sessionId: input.sessionId,
    };
  }

  /**
   * The contexts after the turn: the code hook's list replaces the session's; otherwise each context active
   * for this turn has one turn less; a fulfilled intent's output contexts start their full time to live.
   */
  private settleContexts(turn: Turn, clock: ContextClock, nowMs: number): void {
    let next = turn.hookContexts ?? spendTurn(turn.contexts);
    if (turn.hookContexts) clock.set(turn.hookContexts, nowMs);
    const outputs = turn.fulfilled ? (this.intents.get(turn.fulfilled)?.outputContexts ?? []) : [];
    const defs = (this.locale.contexts ?? []).filter((c) => outputs.includes(c.name));
    if (defs.length > 0) {
      const activated = defs.map((d) => activate(d));
      clock.set(activated, nowMs);
      next = mergeContexts(next, activated);
    }
    if (next.length > 0 || turn.session.state.activeContexts !== undefined)
      turn.session.state.activeContexts = next;
  }

  private nowMs(): number {
    return (this.opts.now?.() ?? new Date()).getTime();
  }

  private async startIntent(
    turn: Turn,
    name: string,
    scores: { intent: string; confidence: number }[],
  ): Promise<void> {
    turn.session.internals = { attempt: 0 };
    const intent: Intent = {
      name,
      slots: this.emptySlots(name),
      state: "InProgress",
      confirmationState: "None",
    };
    if (name !== FALLBACK_INTENT) {
      const found = this.opts.model.extractSlots(turn.text, name, this.resolveContext());
      for (const [slot, value] of Object.entries(found)) {
        if (intent.slots && slot in intent.slots) intent.slots[slot] = toSlot(value);
      }
    }
    turn.session.state.intent = intent;
    this.setInterpretations(turn, scores, intent);
    if (name === FALLBACK_INTENT) {
      await this.fulfil(turn, intent);
      return;
    }
    await this.proceed(turn, intent);
  }

  /** Lex's next step for an intent: the first empty required slot, then confirmation, then fulfilment. */
  private nextStep(intent: Intent): NextStep {
    const def = this.intents.get(intent.name);
    if (!def) return { kind: "Fulfill" };
    const missing = def.slots.find((s) => s.required && !intent.slots?.[s.name]);
    if (missing) return { kind: "ElicitSlot", slot: missing.name };
    if (def.confirmation) {
      if (intent.confirmationState === "Denied") return { kind: "Declined" };
      if (intent.confirmationState !== "Confirmed") return { kind: "ConfirmIntent" };
    }
    return { kind: "Fulfill" };
  }

  /** A dialog turn for the active intent: the dialog code hook (when enabled) decides, else Lex's defaults. */
  private async proceed(turn: Turn, intent: Intent, useHook = true): Promise<void> {
    const next = this.nextStep(intent);
    await this.dialogStep(turn, intent, next, this.attemptLabel(turn, next), useHook);
  }

  /** A slot's capture setting as rendered to SlotCaptureSetting (bot/types.ts). */
  private captureOf(intentName: string, slotName: string): SlotCaptureDefinition {
    const slot = this.intents.get(intentName)?.slots.find((s) => s.name === slotName);
    return slot?.capture ?? SLOT_CAPTURE_DEFAULT;
  }

  /**
   * The dialog code hook decides the step when enabled (seeing Lex's proposal), else Lex's defaults do.
   * `useHook` false: a slot answer whose capture setting does not call the hook (Lex would not either).
   */
  private async dialogStep(
    turn: Turn,
    intent: Intent,
    next: NextStep,
    attempt: string,
    useHook = true,
  ): Promise<void> {
    if (useHook && this.intents.get(intent.name)?.dialogCodeHook && this.opts.codeHook) {
      const result = await this.callHook(
        turn,
        "DialogCodeHook",
        intent,
        proposedState(intent, next, attempt),
      );
      await this.applyHookResult(turn, result, "DialogCodeHook");
      return;
    }
    await this.lexDefault(turn, intent, next);
  }

  private async lexDefault(turn: Turn, intent: Intent, next: NextStep): Promise<void> {
    const state = turn.session.state;
    switch (next.kind) {
      case "ElicitSlot":
        intent.state = "InProgress";
        state.dialogAction = { type: "ElicitSlot", slotToElicit: next.slot };
        turn.messages = [this.slotPrompt(turn, intent, next.slot)];
        return;
      case "ConfirmIntent":
        intent.state = "InProgress";
        state.dialogAction = { type: "ConfirmIntent" };
        turn.messages = [this.confirmationPrompt(turn, intent)];
        return;
      case "Declined": {
        intent.state = "Failed";
        state.dialogAction = { type: "Close" };
        const declined = this.intents.get(intent.name)?.declinationResponse;
        turn.messages = declined ? [plain(fillSlots(declined, intent.slots))] : [];
        return;
      }
      case "Fulfill":
        await this.fulfil(turn, intent);
        return;
    }
  }

  private async fulfil(turn: Turn, intent: Intent): Promise<void> {
    const def = this.intents.get(intent.name);
    if (def?.fulfillmentCodeHook && this.opts.codeHook) {
      intent.state = "ReadyForFulfillment";
      turn.session.state.intent = intent;
      const result = await this.callHook(turn, "FulfillmentCodeHook", intent);
      await this.applyHookResult(turn, result, "FulfillmentCodeHook");
      return;
    }
    intent.state = "Fulfilled";
    turn.fulfilled = intent.name;
    turn.session.state.dialogAction = { type: "Close" };
    turn.messages = [];
  }

  private async retrySlot(turn: Turn, intent: Intent, slotName: string, useHook = true): Promise<void> {
    const slot = this.intents.get(intent.name)?.slots.find((s) => s.name === slotName);
    const internals = turn.session.internals;
    const key = `ElicitSlot:${intent.name}.${slotName}`;
    internals.attempt = internals.attemptKey === key ? internals.attempt + 1 : 1;
    internals.attemptKey = key;
    if (internals.attempt > (slot?.maxRetries ?? 0)) {
      if (this.captureOf(intent.name, slotName).failureNextStep === "EndConversation") {
        intent.state = "Failed";
        turn.session.state.dialogAction = { type: "Close" };
        turn.messages = [];
        return;
      }
      await this.giveUp(turn, intent);
      return;
    }
    await this.proceedAfterNoMatch(turn, intent, { kind: "ElicitSlot", slot: slotName }, useHook);
  }

  private async retryConfirmation(turn: Turn, intent: Intent): Promise<void> {
    const internals = turn.session.internals;
    const key = `ConfirmIntent:${intent.name}`;
    internals.attempt = internals.attemptKey === key ? internals.attempt + 1 : 1;
    internals.attemptKey = key;
    if (internals.attempt > CONFIRMATION_MAX_RETRIES) {
      await this.giveUp(turn, intent);
      return;
    }
    await this.proceedAfterNoMatch(turn, intent, { kind: "ConfirmIntent" });
  }

  /** A retry: the dialog hook sees the retry as `proposedNextState` (attempt RetryN), else Lex re-prompts. */
  private async proceedAfterNoMatch(
    turn: Turn,
    intent: Intent,
    next: NextStep,
    useHook = true,
  ): Promise<void> {
    await this.dialogStep(turn, intent, next, `Retry${turn.session.internals.attempt}`, useHook);
  }

  /** Retries used up: the intent fails and Lex invokes FallbackIntent (Lex V2 built-in fallback rules). */
  private async giveUp(turn: Turn, intent: Intent): Promise<void> {
    intent.state = "Failed";
    turn.session.internals = { attempt: 0 };
    const fallback: Intent = {
      name: FALLBACK_INTENT,
      slots: {},
      state: "InProgress",
      confirmationState: "None",
    };
    turn.session.state.intent = fallback;
    turn.interpretations = [
      { intent: copyPlain(fallback), interpretationSource: "Lex" } as Interpretation,
      ...turn.interpretations,
    ]
      .filter((i, n) => n === 0 || i.intent?.name !== FALLBACK_INTENT)
      .slice(0, MAX_INTERPRETATIONS);
    await this.fulfil(turn, fallback);
  }

  private async applyHookResult(
    turn: Turn,
    result: CodeHookResponse,
    source: CodeHookEvent["invocationSource"],
  ): Promise<void> {
    const state = turn.session.state;
    const returned = result.sessionState;
    if (returned.sessionAttributes) state.sessionAttributes = { ...returned.sessionAttributes };
    if (returned.activeContexts) {
      turn.hookContexts = readContexts(returned.activeContexts);
      state.activeContexts = turn.hookContexts;
    }
    const previous = state.intent;
    let intent: Intent | undefined = previous;
    if (returned.intent) {
      const name = returned.intent.name ?? previous?.name ?? FALLBACK_INTENT;
      const base = name === previous?.name ? previous : { name, slots: this.emptySlots(name) };
      intent = {
        name,
        slots: { ...this.emptySlots(name), ...(returned.intent.slots ?? base.slots ?? {}) },
        state: returned.intent.state ?? base.state ?? "InProgress",
        confirmationState: returned.intent.confirmationState ?? base.confirmationState ?? "None",
      };
      state.intent = intent;
    }
    const action = returned.dialogAction;
    const messages = result.messages?.map((m) => ({ ...m })) ?? [];
    switch (action.type) {
      case "Close":
        state.dialogAction = { type: "Close" };
        if (intent?.state === "Fulfilled") turn.fulfilled = intent.name;
        turn.messages = messages;
        return;
      case "ElicitIntent":
        state.dialogAction = { type: "ElicitIntent" };
        turn.session.internals = { attempt: 0 };
        turn.messages = messages;
        return;
      case "ElicitSlot": {
        const slotName = action.slotToElicit!;
        const current = intent ?? { name: FALLBACK_INTENT, slots: {} };
        if (current.state !== "Failed" && current.state !== "Fulfilled") current.state = "InProgress";
        const key = `ElicitSlot:${current.name}.${slotName}`;
        if (turn.session.internals.attemptKey !== key)
          turn.session.internals = { attempt: 0, attemptKey: key };
        state.dialogAction = { type: "ElicitSlot", slotToElicit: slotName, ...pickStyle(action) };
        turn.messages = messages.length > 0 ? messages : [this.slotPrompt(turn, current, slotName)];
        return;
      }
      case "ConfirmIntent": {
        const current = intent ?? { name: FALLBACK_INTENT, slots: {} };
        current.state = "InProgress";
        current.confirmationState = "None";
        const key = `ConfirmIntent:${current.name}`;
        if (turn.session.internals.attemptKey !== key)
          turn.session.internals = { attempt: 0, attemptKey: key };
        state.dialogAction = { type: "ConfirmIntent" };
        turn.messages = messages.length > 0 ? messages : [this.confirmationPrompt(turn, current)];
        return;
      }
      case "Delegate":
      case "None": {
        if (!intent) {
          state.dialogAction = { type: "Close" };
          turn.messages = messages;
          return;
        }
        if (source === "FulfillmentCodeHook") {
          // After fulfilment there is nothing left for Lex to do but close.
          if (intent.state === "ReadyForFulfillment" || intent.state === "InProgress")
            intent.state = "Fulfilled";
          if (intent.state === "Fulfilled") turn.fulfilled = intent.name;
          state.dialogAction = { type: "Close" };
          turn.messages = messages;
          return;
        }
        const next: NextStep =
          intent.state === "ReadyForFulfillment" ? { kind: "Fulfill" } : this.nextStep(intent);
        await this.lexDefault(turn, intent, next);
        turn.messages = [...messages, ...turn.messages].slice(0, 10);
        return;
      }
    }
  }

  private async callHook(
    turn: Turn,
    invocationSource: CodeHookEvent["invocationSource"],
    intent: Intent,
    proposedNextState?: CodeHookEvent["proposedNextState"],
  ): Promise<CodeHookResponse> {
    const state = turn.session.state;
    const event: CodeHookEvent = {
      messageVersion: "1.0",
      invocationSource,
      inputMode: turn.inputMode,
      responseContentType: "text/plain; charset=utf-8",
      sessionId: turn.input.sessionId,
      inputTranscript: turn.text,
      invocationLabel: undefined,
      bot: { ...this.opts.bot, localeId: this.locale.localeId },
      interpretations: turn.interpretations.map((i) => ({
        intent: i.intent?.name === intent.name ? copyPlain(intent) : copyPlain(i.intent!),
        ...(i.nluConfidence ? { nluConfidence: i.nluConfidence.score } : {}),
        interpretationSource: "Lex" as const,
      })),
      ...(proposedNextState ? { proposedNextState } : {}),
      requestAttributes: { ...turn.input.requestAttributes },
      sessionState: {
        sessionAttributes: { ...(state.sessionAttributes ?? {}) },
        activeContexts: turn.hookContexts ?? turn.contexts,
        intent: copyPlain(intent),
        originatingRequestId: turn.input.requestId,
        ...(state.dialogAction ? { dialogAction: { ...state.dialogAction } } : {}),
      },
      transcriptions: [],
    };
    delete event.invocationLabel;
    return invokeCodeHook(this.opts.codeHook!, event, this.opts.codeHookTimeoutMs);
  }

  private attemptLabel(turn: Turn, next: NextStep): string {
    const key =
      next.kind === "ElicitSlot" ? `ElicitSlot:${turn.session.state.intent?.name}.${next.slot}` : undefined;
    const internals = turn.session.internals;
    return key && internals.attemptKey === key && internals.attempt > 0
      ? `Retry${internals.attempt}`
      : "Initial";
  }

  private slotPrompt(turn: Turn, intent: Intent, slotName: string): Message {
    const slot = this.intents.get(intent.name)?.slots.find((s) => s.name === slotName);
    const prompts = slot?.prompts ?? [];
    // Deterministic variation per attempt (Lex picks at random): Initial → 1st, Retry1 → 2nd, …
    const text = prompts[Math.min(turn.session.internals.attempt, prompts.length - 1)] ?? slotName;
    return plain(fillSlots(text, intent.slots));
  }

  private confirmationPrompt(turn: Turn, intent: Intent): Message {
    const prompts = this.intents.get(intent.name)?.confirmationPrompts ?? [];
    const text = prompts[Math.min(turn.session.internals.attempt, prompts.length - 1)] ?? "?";
    return plain(fillSlots(text, intent.slots));
  }

  private resolveSlot(intentName: string, slotName: string, text: string): NluSlotValue | null {
    if (!text) return null;
    return this.opts.model.resolveSlot(intentName, slotName, text, this.resolveContext());
  }

  private resolveContext(): ResolveContext {
    // Lex resolves relative dates in the AWS Region's zone, not the shop's (local/FIDELITY.md).
    return {
      localeId: this.locale.localeId,
      timeZone: this.opts.lexTimeZone ?? this.locale.timeZone,
      now: this.opts.now?.(),
      keypadDates: this.opts.keypadDates ?? false,
    };
  }

  private emptySlots(intentName: string): Slots {
    const def = this.intents.get(intentName);
    return Object.fromEntries((def?.slots ?? []).map((s) => [s.name, null]));
  }

  /** Up to 5 interpretations, the chosen intent first with its session view, FallbackIntent without a score. */
  private setInterpretations(
    turn: Turn,
    scores: { intent: string; confidence: number }[],
    chosen: Intent,
  ): void {
    const ctx = this.resolveContext();
    const list: Interpretation[] = [];
    const chosenScore = scores.find((s) => s.intent === chosen.name);
    list.push({
      ...(chosenScore ? { nluConfidence: { score: round2(chosenScore.confidence) } } : {}),
      intent: copyPlain(chosen),
      interpretationSource: "Lex",
    });
    for (const s of scores) {
      if (list.length >= MAX_INTERPRETATIONS - (chosen.name === FALLBACK_INTENT ? 0 : 1)) break;
      if (s.intent === chosen.name || !this.intents.has(s.intent)) continue;
      const slots = this.emptySlots(s.intent);
      for (const [k, v] of Object.entries(this.opts.model.extractSlots(turn.text, s.intent, ctx))) {
        if (k in slots) slots[k] = toSlot(v);
      }
      list.push({
        nluConfidence: { score: round2(s.confidence) },
        intent: { name: s.intent, slots },
        interpretationSource: "Lex",
      });
    }
    if (chosen.name !== FALLBACK_INTENT && this.intents.has(FALLBACK_INTENT)) {
      list.push({ intent: { name: FALLBACK_INTENT, slots: {} }, interpretationSource: "Lex" });
    }
    turn.interpretations = list.slice(0, MAX_INTERPRETATIONS);
  }
}

/**
 * The sessionState a request carries replaces the stored parts it names (Lex semantics: a list of contexts
 * replaces the session's, an empty list clears them, none keeps them).
 */
function applyRequestState(
  session: StoredSession,
  requested: SessionState | undefined,
  clock: ContextClock,
  nowMs: number,
): void {
  if (!requested) return;
  const state = session.state;
  if (requested.sessionAttributes) state.sessionAttributes = { ...requested.sessionAttributes };
  if (requested.activeContexts) {
    const contexts = readContexts(requested.activeContexts);
    clock.set(contexts, nowMs);
    state.activeContexts = contexts;
  }
  if (requested.intent) state.intent = copyPlain(requested.intent);
  if (requested.dialogAction) {
    state.dialogAction = { ...requested.dialogAction };
    session.internals = { attempt: 0 };
  }
}

/** The well-formed contexts of a list (a request's, the code hook's or the session's). */
function readContexts(raw: unknown[] | undefined): ActiveContext[] {
  return (raw ?? []).map(parseActiveContext).filter((c): c is ActiveContext => c !== null);
}

/** DTMF when Connect passes the keypad transcript; Speech on a Connect voice call; Text otherwise. */
export function inputModeOf(requestAttributes: Record<string, string>): InputMode {
  if (requestAttributes["x-amz-lex:dtmf-transcript"] !== undefined) return "DTMF";
  if (requestAttributes["x-amz-lex:channels:platform"] === "Connect") return "Speech";
  return "Text";
}

function proposedState(intent: Intent, next: NextStep, attempt: string): CodeHookEvent["proposedNextState"] {
  const proposedIntent = copyPlain(intent);
  let dialogAction: DialogAction;
  switch (next.kind) {
    case "ElicitSlot":
      dialogAction = { type: "ElicitSlot", slotToElicit: next.slot };
      break;
    case "ConfirmIntent":
      dialogAction = { type: "ConfirmIntent" };
      break;
    case "Declined":
      proposedIntent.state = "Failed";
      dialogAction = { type: "Close" };
      break;
    case "Fulfill":
      proposedIntent.state = "ReadyForFulfillment";
      dialogAction = { type: "Delegate" };
      break;
  }
  return { dialogAction, intent: proposedIntent, prompt: { attempt } };
}

function toSlot(v: NluSlotValue): Slot {
  return {
    shape: "Scalar",
    value: {
      originalValue: v.originalValue,
      interpretedValue: v.interpretedValue,
      resolvedValues: v.resolvedValues,
    },
  };
}

function plain(content: string): Message {
  return { contentType: "PlainText", content };
}

/** Lex fills `{SlotName}` references in prompts with the slot's value. */
function fillSlots(text: string, slots: Slots | undefined): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = slots?.[name]?.value?.interpretedValue;
    return v ?? whole;
  });
}

function pickStyle(action: DialogAction): Partial<DialogAction> {
  return action.slotElicitationStyle ? { slotElicitationStyle: action.slotElicitationStyle } : {};
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
