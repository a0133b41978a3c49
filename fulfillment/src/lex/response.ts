import {
  type ConfirmationState,
  type IntentState,
  LEX_LIMITS,
  type LexEvent,
  type LexResult,
  type Slots,
} from "../contracts/lex-v2.js";

export type { ConfirmationState, IntentState, LexResult } from "../contracts/lex-v2.js";

/** Builds responses for one turn; the session attributes are shared and changed by the intent logic. */
export class Reply {
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
      sessionState: { sessionAttributes: this.attrs, dialogAction: { type: "ElicitIntent" } },
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
        dialogAction,
        intent: { name: this.intentName, slots: this.slots, state, confirmationState },
      },
      ...(text ? { messages: [message(text)] } : {}),
    };
  }
}

/** Lex rejects message content over 1,024 characters: cut, with an ellipsis. */
function message(text: string) {
  const max = LEX_LIMITS.messageChars;
  return {
    contentType: "PlainText" as const,
    content: text.length > max ? `${text.slice(0, max - 1)}…` : text,
  };
}
