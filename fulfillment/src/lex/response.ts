import type { LexEvent, LexSlots } from "./event.js";

export type IntentState = "Fulfilled" | "Failed" | "InProgress" | "ReadyForFulfillment";
export type ConfirmationState = "Confirmed" | "Denied" | "None";

/** The Lex V2 code-hook response (aws-contracts.md §2.2). */
export interface LexResult {
  sessionState: {
    sessionAttributes: Record<string, string>;
    dialogAction: {
      type: "Close" | "ConfirmIntent" | "Delegate" | "ElicitIntent" | "ElicitSlot";
      slotToElicit?: string;
    };
    intent?: { name: string; slots: LexSlots; state: IntentState; confirmationState: ConfirmationState };
  };
  messages?: { contentType: "PlainText"; content: string }[];
}

// Lex rejects message content over 1,024 characters.
const MAX_CONTENT = 1024;

/** Builds responses for one turn; the session attributes are shared and changed by the intent logic. */
export class Reply {
  constructor(
    private readonly intentName: string,
    readonly slots: LexSlots,
    readonly attrs: Record<string, string>,
    private readonly confirmation: ConfirmationState,
  ) {}

  static forEvent(event: LexEvent): Reply {
    const intent = event.sessionState.intent;
    const confirmation = (
      ["Confirmed", "Denied"].includes(intent.confirmationState ?? "") ? intent.confirmationState : "None"
    ) as ConfirmationState;
    return new Reply(
      intent.name,
      { ...(intent.slots ?? {}) },
      { ...(event.sessionState.sessionAttributes ?? {}) },
      confirmation,
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

function message(text: string) {
  return {
    contentType: "PlainText" as const,
    content: text.length > MAX_CONTENT ? `${text.slice(0, MAX_CONTENT - 1)}…` : text,
  };
}
