import type { LexEvent } from "./event.js";

const YES_KEY = "1";
const NO_KEY = "2";

/**
 * A confirmation answered on the keypad ("press 1 for yes, 2 for no"). Lex documents no keypad yes/no at a
 * confirmation prompt, so Lex leaves the state `None` and calls the code hook through the confirmation's
 * elicitation code hook (`intentConfirmationSetting.elicitationCodeHook`,
 * https://docs.aws.amazon.com/lexv2/latest/APIReference/API_IntentConfirmationSetting.html); the hook reads
 * the keys itself. Returns the event with `confirmationState` set, or the event unchanged.
 */
export function withKeypadConfirmation(event: LexEvent): LexEvent {
  const intent = event.sessionState.intent;
  const askedConfirmation = event.sessionState.sessionAttributes?.["ol:asked"] === "confirmation";
  if (!askedConfirmation || event.inputMode !== "DTMF") return event;
  if (intent.confirmationState && intent.confirmationState !== "None") return event;
  const key = (event.inputTranscript ?? "").trim().replace(/#$/, "");
  const state = key === YES_KEY ? "Confirmed" : key === NO_KEY ? "Denied" : undefined;
  if (!state) return event;
  return {
    ...event,
    sessionState: { ...event.sessionState, intent: { ...intent, confirmationState: state } },
  };
}
