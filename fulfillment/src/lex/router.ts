import type { Logger } from "@aws-lambda-powertools/logger";
import type { ShopConfig } from "../config.js";
import { OrderlineError } from "../errors.js";
import { Messages } from "../messages.js";
import type { Dependencies } from "../ports.js";
import type { LexEvent } from "./event.js";
import { handleCancelOrder } from "./intents/cancel-order.js";
import { handleChangeShippingDate } from "./intents/change-shipping-date.js";
import { handleCheckOrderStatus } from "./intents/check-order-status.js";
import { handleFallback } from "./intents/fallback.js";
import { handleRequestCallback } from "./intents/request-callback.js";
import { handleTransferToAgent } from "./intents/transfer-to-agent.js";
import type { LexResult } from "./response.js";
import { createTurn, type Turn } from "./turn.js";

type IntentHandler = (turn: Turn) => Promise<LexResult>;

/** One handler per intent; the names are the bot's public contract. */
const intents: Record<string, IntentHandler> = {
  CancelOrder: handleCancelOrder,
  ChangeShippingDate: handleChangeShippingDate,
  RequestCallback: handleRequestCallback,
  CheckOrderStatus: handleCheckOrderStatus,
  TransferToAgent: handleTransferToAgent,
  FallbackIntent: handleFallback,
};

// Intents that hand over or fall back keep the context of what the customer was doing.
const CONTEXT_KEEPING = new Set(["TransferToAgent", "FallbackIntent"]);
// Per-request dialog state (the verified order and the verification failures are kept for the session).
const TRANSIENT = /^ol:(callback|date|asked)/;

/** Routes a valid Lex V2 event to its intent. Never throws: failures become a polite hand-over. */
export async function routeLexEvent(
  event: LexEvent,
  deps: Dependencies,
  config: ShopConfig,
  log: Logger,
): Promise<LexResult> {
  const turn = createTurn(event, deps, config, log);
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
    return await handler(turn);
  } catch (error) {
    const code = error instanceof OrderlineError ? error.code : "UNEXPECTED";
    log.error("intent failed", {
      intent: name,
      code,
      error: error instanceof Error ? error.message : String(error),
    });
    turn.reply.attrs.handoffReason = "system_error";
    turn.reply.attrs.outcome = "error";
    return turn.reply.close("Failed", turn.msg.t("error.dependency"));
  }
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
