import type { Logger } from "@aws-lambda-powertools/logger";
import { askingContexts, QuestionContext } from "../../../bot/definition.js";
import type { ShopConfig } from "../config.js";
import { OrderlineError } from "../errors.js";
import { Messages } from "../messages.js";
import { SecurityMetric, securityEvent } from "../observability/security-events.js";
import type { Dependencies } from "../ports.js";
import type { LexEvent } from "./event.js";
import { handleAffirm } from "./intents/affirm.js";
import { handleCancelOrder } from "./intents/cancel-order.js";
import { handleChangeShippingDate } from "./intents/change-shipping-date.js";
import { handleCheckOrderStatus } from "./intents/check-order-status.js";
import { handleDeny } from "./intents/deny.js";
import { closeGreetingQuestion, handleFallback } from "./intents/fallback.js";
import { handleNeverMind } from "./intents/never-mind.js";
import { handleRequestCallback } from "./intents/request-callback.js";
import { handleSmallTalk } from "./intents/small-talk.js";
import { handleTransferToAgent } from "./intents/transfer-to-agent.js";
import { withKeypadConfirmation } from "./keypad-confirmation.js";
import { type LexResult, questionContext } from "./response.js";
import { createTurn, type Turn } from "./turn.js";

type IntentHandler = (turn: Turn) => Promise<LexResult>;

/** One handler per intent; the names are the bot's public contract. */
const intents: Record<string, IntentHandler> = {
  CancelOrder: handleCancelOrder,
  ChangeShippingDate: handleChangeShippingDate,
  RequestCallback: handleRequestCallback,
  CheckOrderStatus: handleCheckOrderStatus,
  TransferToAgent: handleTransferToAgent,
  // Answers to the question just asked go back to the request that asked it when it made an offer.
  Affirm: (turn) => handleAffirm(turn, routeTurn),
  Deny: (turn) => handleDeny(turn, routeTurn),
  NeverMind: handleNeverMind,
  SmallTalk: handleSmallTalk,
  FallbackIntent: handleFallback,
};

// Intents that hand over, fall back or answer a question keep the context of what the customer was doing.
const CONTEXT_KEEPING = new Set([
  "TransferToAgent",
  "FallbackIntent",
  "Affirm",
  "Deny",
  "NeverMind",
  "SmallTalk",
]);
// Per-request dialog state (the verified order and the verification failures are kept for the session).
const TRANSIENT = /^ol:(callback|date|asked)/;

/** Routes a valid Lex V2 event to its intent. Never throws: failures become a polite hand-over. */
export async function routeLexEvent(
  event: LexEvent,
  deps: Dependencies,
  config: ShopConfig,
  log: Logger,
): Promise<LexResult> {
  return closeGreetingQuestion(await routeTurn(createTurn(withKeypadConfirmation(event), deps, config, log)));
}

/** Runs the handler of the turn's intent (also for a turn an answer hands back to the intent that asked). */
async function routeTurn(turn: Turn): Promise<LexResult> {
  const { event, log } = turn;
  const name = event.sessionState.intent.name;
  const handler = intents[name];
  if (!handler) {
    log.warn("unknown intent", { intent: name });
    return turn.reply.elicitIntent(turn.msg.t("fallback.help"));
  }
  if (!CONTEXT_KEEPING.has(name)) {
    // A new request starts clean: half-collected answers of an abandoned one must not leak into it.
    if (turn.reply.attrs.lastIntent !== name) {
      for (const key of Object.keys(turn.reply.attrs)) if (TRANSIENT.test(key)) delete turn.reply.attrs[key];
    }
    turn.reply.attrs.lastIntent = name;
    delete turn.reply.attrs["ol:fallbacks"];
  }
  try {
    return offering(await handler(turn));
  } catch (error) {
    const code = error instanceof OrderlineError ? error.code : "UNEXPECTED";
    log.error("intent failed", {
      intent: name,
      code,
      error: error instanceof Error ? error.message : String(error),
    });
    securityEvent(log, SecurityMetric.HandlerDegraded, { intent: name, code, channel: "lex" });
    turn.reply.attrs.handoffReason = "system_error";
    turn.reply.attrs.outcome = "error";
    return turn.reply.close("Failed", turn.msg.t("error.dependency"));
  }
}

// The session attributes in which an intent keeps the date or time it just offered instead of the caller's.
const OFFERS: Record<string, string> = {
  "ol:callbackSuggested": "RequestCallback",
  "ol:dateSuggested": "ChangeShippingDate",
};

/**
 * An intent that just offered a date or time ("the nearest time is 3:15 PM; shall I book that?") asks a
 * yes/no question: the OfferedTime context makes "yes" (Affirm) and "no" (Deny) readable against it.
 */
function offering(result: LexResult): LexResult {
  const s = result.sessionState;
  if (s.dialogAction.type !== "ElicitSlot") return result;
  const intent = Object.entries(OFFERS).find(([key]) => s.sessionAttributes[key])?.[1];
  if (!intent) return result;
  s.activeContexts = askingContexts(QuestionContext.OfferedTime).map((name) =>
    questionContext(name, { intent }),
  );
  return result;
}

/** The answer to an event that is not a usable Lex V2 event: still a valid response. */
export function malformedEventResult(raw: unknown, fallbackLocale: string): LexResult {
  const localeId = (raw as { bot?: { localeId?: unknown } } | null)?.bot?.localeId;
  const msg = new Messages(typeof localeId === "string" ? localeId : fallbackLocale, fallbackLocale);
  return {
    sessionState: { sessionAttributes: {}, dialogAction: { type: "ElicitIntent" } },
    messages: [{ contentType: "PlainText", content: msg.t("error.malformed") }],
  };
}
