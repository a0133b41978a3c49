import { askingContexts, botDefinition, type QuestionContext } from "../../../bot/definition.js";
import {
  type ConfirmationState,
  type EventContext,
  type IntentState,
  LEX_LIMITS,
  type LexEvent,
  type LexResult,
  type Slots,
} from "../contracts/lex-v2.js";

export type { ConfirmationState, IntentState, LexResult } from "../contracts/lex-v2.js";

type ActiveContext = EventContext;

/** A context of the bot definition, active from this response on, with its full time to live. */
export function questionContext(name: string, attributes: Record<string, string> = {}): ActiveContext {
  const def = botDefinition.contexts?.find((c) => c.name === name);
  return {
    name,
    contextAttributes: { ...attributes },
    timeToLive: { timeToLiveInSeconds: def?.timeToLiveInSeconds ?? 90, turnsToLive: def?.turnsToLive ?? 2 },
  };
}

/** Builds responses for one turn; the session attributes are shared and changed by the intent logic. */
export class Reply {
  private contexts: ActiveContext[] | undefined;

  constructor(
    private readonly intentName: string,
    readonly slots: Slots,
    readonly attrs: Record<string, string>,
    private readonly confirmation: ConfirmationState,
  ) {}

  static forEvent(event: LexEvent): Reply {
    const intent = event.sessionState.intent;
    return new Reply(
      intent.name,
      { ...intent.slots },
      { ...event.sessionState.sessionAttributes },
      intent.confirmationState ?? "None",
    );
  }

  /**
   * This turn asks `question`: its answer is read against it (Lex activates the question's contexts, so
   * Affirm and Deny become candidates). `attributes` travel with the context (e.g. the order asked about).
   */
  ask(question: Exclude<QuestionContext, "YesNoQuestion">, attributes: Record<string, string> = {}): this {
    this.contexts = askingContexts(question).map((name) => questionContext(name, attributes));
    return this;
  }

  close(state: "Fulfilled" | "Failed", text: string): LexResult {
    return this.build({ type: "Close" }, state, text, this.confirmation);
  }

  elicitSlot(slotToElicit: string, text: string): LexResult {
    this.attrs["ol:asked"] = slotToElicit;
    this.slots[slotToElicit] = null;
    return this.build({ type: "ElicitSlot", slotToElicit }, "InProgress", text, "None");
  }

  confirm(text: string): LexResult {
    this.attrs["ol:asked"] = "confirmation";
    return this.build({ type: "ConfirmIntent" }, "InProgress", text, "None");
  }

  /** Lex moves on to the fulfillment code hook. */
  readyForFulfillment(): LexResult {
    delete this.attrs["ol:asked"];
    return this.build({ type: "Delegate" }, "ReadyForFulfillment", undefined, this.confirmation);
  }

  /** Ends this intent and lets the customer say what else they want. */
  elicitIntent(text: string): LexResult {
    delete this.attrs["ol:asked"];
    return {
      sessionState: {
        sessionAttributes: this.attrs,
        ...(this.contexts ? { activeContexts: this.contexts } : {}),
        dialogAction: { type: "ElicitIntent" },
      },
      messages: [message(text)],
    };
  }

  private build(
    dialogAction: LexResult["sessionState"]["dialogAction"],
    state: IntentState,
    text: string | undefined,
    confirmationState: ConfirmationState,
  ): LexResult {
    if (dialogAction.type === "Close") delete this.attrs["ol:asked"];
    return {
      sessionState: {
        sessionAttributes: this.attrs,
        ...(this.contexts ? { activeContexts: this.contexts } : {}),
        dialogAction,
        intent: { name: this.intentName, slots: this.slots, state, confirmationState },
      },
      ...(text ? { messages: [message(text)] } : {}),
    };
  }
}

/**
 * Lex rejects message content over 1,024 characters: cut, with an ellipsis. Sentences joined with a space
 * lose it after Japanese punctuation (「…です。 ご注文は」 reads as a stray half-width space).
 */
function message(raw: string) {
  const text = raw.replace(/([。！？])[ \t]+/g, "$1");
  const max = LEX_LIMITS.messageChars;
  return {
    contentType: "PlainText" as const,
    content: text.length > max ? `${text.slice(0, max - 1)}…` : text,
  };
}
